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
 * Signatures by the row's shape (its keys in insertion order with their types): a bulk load asks
 * for the signature of millions of rows of a handful of shapes, and sorting and checking the keys
 * of each cost more than rendering it. Per `longs` set (its identity), bounded: cleared when full.
 */
const NO_LONGS: object = {};
const signatures = new WeakMap<object, Map<string, { signature: string; keys: string[] }>>();
const SIGNATURE_CACHE_SIZE = 4_096;

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
  // Every value is typed on every row (a long column's value must be whole on each), only the
  // sorting and the header-name check are skipped for a shape seen before.
  let shape = '';
  for (const key in props) {
    const value = props[key];
    if (value === undefined || value === null) continue;
    shape += `${key}\u0000${typeOf(key, value as CsvValue, longs)}\u0000`;
  }
  const owner = longs ?? NO_LONGS;
  let cache = signatures.get(owner);
  if (cache === undefined) {
    cache = new Map();
    signatures.set(owner, cache);
  }
  const known = cache.get(shape);
  if (known !== undefined) return known;
  const computed = computeSignature(props, longs);
  if (cache.size >= SIGNATURE_CACHE_SIZE) cache.clear();
  cache.set(shape, computed);
  return computed;
}

function computeSignature(
  props: Record<string, unknown>,
  longs: ReadonlySet<string> | undefined,
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

/**
 * Whether a value quoted since the last takeLineBreaks() held a line break: the values are checked
 * as they are quoted (short, flat strings) instead of every rendered line afterwards (a line built
 * by concatenation must be flattened to be searched). Per thread, as each worker renders its own.
 */
let lineBreakSeen = false;

/** True when a value rendered since the last call held a line break (and forgets it). */
export function takeLineBreaks(): boolean {
  const seen = lineBreakSeen;
  lineBreakSeen = false;
  return seen;
}

function quote(text: string): string {
  if (!lineBreakSeen && (text.includes('\n') || text.includes('\r'))) lineBreakSeen = true;
  return text.includes('"') ? `"${text.replaceAll('"', '""')}"` : `"${text}"`;
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
  let line = quote(leading[0] as string);
  for (let i = 1; i < leading.length; i++) line += `,${quote(leading[i] as string)}`;
  for (const key of keys) line += `,${cell(props[key] as CsvValue)}`;
  return `${line}\n`;
}

/** True when the line's values hold a line break: the import must then read multi-line fields. */
export function hasLineBreak(line: string): boolean {
  // Only the last character is the line's own end: no copy of the line to look at the rest.
  return line.indexOf('\n') < line.length - 1 || line.includes('\r');
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

  /** The open files by kind and name, then signature: found per line without building a key string. */
  private readonly byName = new Map<string, Map<string, OpenFile>>();

  private open(kind: AdminFileSet['kind'], name: string, signature: string): OpenFile {
    const group = kind === 'nodes' ? `n|${name}` : name;
    let bySignature = this.byName.get(group);
    if (bySignature === undefined) {
      bySignature = new Map();
      this.byName.set(group, bySignature);
    }
    const known = bySignature.get(signature);
    if (known !== undefined) return known;
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
    bySignature.set(signature, file);
    return file;
  }

  /**
   * Appends a line rendered by renderLine for rows of this label or type and signature; `breaks`:
   * whether its values hold a line break, when the renderer knows (takeLineBreaks), else looked for.
   */
  append(kind: AdminFileSet['kind'], name: string, signature: string, line: string, breaks?: boolean): void {
    const file = this.open(kind, name, signature);
    if (!this.multiline && (breaks ?? hasLineBreak(line))) this.multiline = true;
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
    const line = renderLine([id], rest, keys);
    this.append('nodes', label, signature, line, takeLineBreaks());
  }

  relationship(
    type: string,
    from: string,
    to: string,
    props: Record<string, unknown>,
    longs?: ReadonlySet<string>,
  ): void {
    this.relationshipShaped(type, from, to, props, signatureOf(props, longs));
  }

  /**
   * A relationship whose columns the caller already knows: `shape` is what signatureOf gave for
   * another row with the same keys and types (rows of one shape in a hot loop skip typing each).
   */
  relationshipShaped(
    type: string,
    from: string,
    to: string,
    props: Record<string, unknown>,
    shape: { signature: string; keys: readonly string[] },
  ): void {
    const line = renderLine([from, to], props, shape.keys);
    this.append('relationships', type, shape.signature, line, takeLineBreaks());
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
    this.byName.clear();
    return out;
  }
}
