/**
 * CSV in the layout `neo4j-admin database import full` reads: one header file and one data file
 * per label or type AND per property signature (the keys a row holds with their types), so every
 * row's columns are exactly its properties, typed as the online loader's driver would store them:
 * a JavaScript number is a Neo4j float (the driver sends every number as one), so numbers are
 * `double`, lists of names `string[]`. Strings are always quoted (an empty string stays one), a
 * quote is doubled; list elements are joined with ARRAY_DELIMITER (U+001F, which no value holds).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const ARRAY_DELIMITER = '\u001f';

export type CsvValue = string | number | boolean | readonly string[] | readonly number[];

/** Column type codes in a signature: string, double, long, boolean, string[], double[]. */
type TypeCode = 's' | 'd' | 'l' | 'b' | 'S' | 'D';

const ADMIN_TYPE: Record<TypeCode, string> = {
  s: '',
  d: ':double',
  l: ':long',
  b: ':boolean',
  S: ':string[]',
  D: ':double[]',
};

/** Property names become header cells: anything but a plain identifier would break the header. */
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function typeOf(key: string, value: CsvValue, longs: ReadonlySet<string> | undefined): TypeCode {
  if (typeof value === 'string') return 's';
  if (typeof value === 'number') {
    if (longs?.has(key) !== true) return 'd';
    if (Number.isSafeInteger(value)) return 'l';
    throw new Error(
      `ingest/bulk: ${key} must be a whole number for a long column, not ${value}; please report`,
    );
  }
  if (typeof value === 'boolean') return 'b';
  if (Array.isArray(value)) {
    if (value.every((x) => typeof x === 'string')) return 'S';
    if (value.every((x) => typeof x === 'number')) return 'D';
  }
  throw new Error(
    `ingest/bulk: property ${key} holds ${JSON.stringify(value)}, which the bulk import cannot type`,
  );
}

/**
 * The row's signature: its property keys in order with their types (`amount:d,at:s`). Rows of one
 * label or type with one signature share a file. Properties whose value is null or undefined are
 * left out, as Neo4j leaves out a null property. Numbers are doubles (what the driver sends for
 * a JavaScript number) except the keys in `longs`: integers Cypher itself computed online (counts).
 */
export function signatureOf(
  props: Record<string, unknown>,
  longs?: ReadonlySet<string>,
): { signature: string; keys: string[] } {
  const keys = Object.keys(props)
    .filter((k) => props[k] !== undefined && props[k] !== null)
    .sort();
  const parts: string[] = [];
  for (const key of keys) {
    if (!PROPERTY_NAME.test(key)) {
      throw new Error(
        `ingest/bulk: property name "${key}" cannot be a neo4j-admin header column; rename it in the mapping`,
      );
    }
    parts.push(`${key}:${typeOf(key, props[key] as CsvValue, longs)}`);
  }
  return { signature: parts.join(','), keys };
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function cell(value: CsvValue): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`ingest/bulk: ${value} is not a number Neo4j stores`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  for (const element of value) {
    if (typeof element === 'string' && element.includes(ARRAY_DELIMITER)) {
      throw new Error(
        `ingest/bulk: a list element holds U+001F, the bulk import's list delimiter: ${JSON.stringify(element)}`,
      );
    }
  }
  return quote(value.join(ARRAY_DELIMITER));
}

/** One data line: the leading cells (id, or start and end ids) then the properties in `keys` order. */
export function renderLine(
  leading: readonly string[],
  props: Record<string, unknown>,
  keys: readonly string[],
): string {
  let line = leading.map(quote).join(',');
  for (const key of keys) line += `,${cell(props[key] as CsvValue)}`;
  return `${line}\n`;
}

/** True when the line's values hold a line break: the import must then read multi-line fields. */
export function hasLineBreak(line: string): boolean {
  const body = line.slice(0, -1);
  return body.includes('\n') || body.includes('\r');
}

interface OpenFile {
  fd: number;
  buffer: string;
  rows: number;
  data: string;
  header: string;
}

export interface AdminFileSet {
  kind: 'nodes' | 'relationships';
  /** The label or type. */
  name: string;
  header: string;
  data: string;
  rows: number;
}

const FLUSH_AT = 1 << 20;

/**
 * Writes the import's files into `dir`, buffered and synchronous (a bulk load writes millions of
 * lines; each file's buffer is flushed at 1 MB, so memory stays flat).
 */
export class AdminCsvWriter {
  private readonly files = new Map<string, OpenFile & { kind: AdminFileSet['kind']; name: string }>();
  multiline = false;

  constructor(readonly dir: string) {}

  private open(kind: AdminFileSet['kind'], name: string, signature: string): OpenFile {
    const id = `${kind}|${name}|${signature}`;
    let file = this.files.get(id);
    if (file === undefined) {
      const n = this.files.size;
      const stem = `${kind === 'nodes' ? 'n' : 'r'}${String(n).padStart(3, '0')}-${name}`;
      const header = join(this.dir, `${stem}.header.csv`);
      const data = join(this.dir, `${stem}.csv`);
      const columns =
        signature === ''
          ? []
          : signature.split(',').map((part) => {
              const [key, code] = part.split(':') as [string, TypeCode];
              return `${key}${ADMIN_TYPE[code]}`;
            });
      const leading = kind === 'nodes' ? ['id:ID'] : [':START_ID', ':END_ID'];
      const headerFd = openSync(header, 'w');
      writeSync(headerFd, `${[...leading, ...columns].join(',')}\n`);
      closeSync(headerFd);
      file = { kind, name, fd: openSync(data, 'w'), buffer: '', rows: 0, data, header };
      this.files.set(id, file);
    }
    return file;
  }

  /** Appends a line rendered by renderLine for rows of this label or type and signature. */
  append(kind: AdminFileSet['kind'], name: string, signature: string, line: string): void {
    const file = this.open(kind, name, signature);
    if (!this.multiline && hasLineBreak(line)) this.multiline = true;
    file.buffer += line;
    file.rows += 1;
    if (file.buffer.length >= FLUSH_AT) {
      writeSync(file.fd, file.buffer);
      file.buffer = '';
    }
  }

  /** A node: `id` is its :ID column (the id property), whatever `props` says. */
  node(label: string, id: string, props: Record<string, unknown>): void {
    const { id: _id, ...rest } = props;
    const { signature, keys } = signatureOf(rest);
    this.append('nodes', label, signature, renderLine([id], rest, keys));
  }

  relationship(
    type: string,
    from: string,
    to: string,
    props: Record<string, unknown>,
    longs?: ReadonlySet<string>,
  ): void {
    const { signature, keys } = signatureOf(props, longs);
    this.append('relationships', type, signature, renderLine([from, to], props, keys));
  }

  /** Flushes and closes every file; returns them for the import's arguments. */
  close(): AdminFileSet[] {
    const out: AdminFileSet[] = [];
    for (const file of this.files.values()) {
      if (file.buffer.length > 0) writeSync(file.fd, file.buffer);
      closeSync(file.fd);
      out.push({ kind: file.kind, name: file.name, header: file.header, data: file.data, rows: file.rows });
    }
    this.files.clear();
    return out;
  }
}
