/**
 * The `layout-alt` variant: two sources hand over other exports of the same data. A finished extract
 * is rewritten with other header names, another column order and some columns left out; the values,
 * the row order and so every line number stay as they were, so the truth's malformed rows still point
 * at the right lines (their file, mapping and field are renamed with them). Src/ingest/mappings ships
 * a mapping for each (bank-a-v2.yaml, telecom-v2.yaml); LAYOUTS.md documents both.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestEntry } from '../extracts/file.ts';
import type { MalformedRow } from '../noise/malformed.ts';

export interface AltLayout {
  /** The extract it replaces (mapping of the default layout). */
  from: string;
  file: string;
  mapping: string;
  source: string;
  /** New header -> default header, in the new order; default columns not named are left out. */
  columns: ReadonlyArray<readonly [string, string]>;
}

export const ALT_LAYOUTS: readonly AltLayout[] = [
  {
    from: 'bank-a',
    file: 'albion-transactions.csv',
    mapping: 'bank-a-v2',
    source: 'Albion Bank plc (transaction export)',
    columns: [
      ['Posting Date', 'Date'],
      ['Posting Time', 'Time'],
      ['Reference', 'Txn Ref'],
      ['Account IBAN', 'IBAN'],
      ['Customer ID', 'Customer No'],
      ['Segment', 'Customer Type'],
      ['Customer Name', 'Account Holder'],
      ['Birth Date', 'Date of Birth'],
      ['Address', 'Holder Address'],
      ['Mobile', 'Holder Phone'],
      ['Open Date', 'Opened'],
      ['Branch Name', 'Branch'],
      ['Tran Code', 'Type'],
      ['Narrative', 'Description'],
      ['Payee/Payer', 'Counterparty Name'],
      ['Payee/Payer IBAN', 'Counterparty Account'],
      ['Paid Out', 'Debit'],
      ['Paid In', 'Credit'],
      ['CCY', 'Currency'],
      ['Place', 'Location'],
    ],
  },
  {
    from: 'telecom',
    file: 'kestrel-cdr-export.csv',
    mapping: 'telecom-v2',
    source: 'Kestrel Mobile UK (CDR export)',
    columns: [
      ['CallRef', 'record_id'],
      ['StartTimeUTC', 'start_time'],
      ['CallingNumber', 'a_number'],
      ['CalledNumber', 'b_number'],
      ['Service', 'event'],
      ['Duration', 'duration_s'],
      ['CallingIMEI', 'a_imei'],
      ['CellCity', 'cell_city'],
    ],
  },
];

/** RFC 4180 split of one line (the generator never writes a newline inside a field). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

const quote = (value: string, delimiter: string) =>
  value.includes('"') || value.includes(delimiter) ? `"${value.replaceAll('"', '""')}"` : value;

/** Rewrites one CSV extract in an alternative layout; returns its new manifest entry. */
export function rewriteExtract(
  dir: string,
  entry: ManifestEntry,
  layout: AltLayout,
  malformed: MalformedRow[],
): ManifestEntry {
  const delimiter = entry.delimiter ?? ',';
  const eol = entry.lineEnding === 'crlf' ? '\r\n' : '\n';
  let text = readFileSync(join(dir, entry.file), 'utf8');
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  const lines = text.split(eol);
  if (lines[lines.length - 1] === '') lines.pop();
  const header = splitCsvLine(lines[0]!, delimiter);
  const index = layout.columns.map(([, old]) => {
    const i = header.indexOf(old);
    if (i < 0)
      throw new Error(`generate/variants: ${entry.file} has no column "${old}" for ${layout.mapping}`);
    return i;
  });
  const out: string[] = [layout.columns.map(([name]) => quote(name, delimiter)).join(delimiter)];
  for (let l = 1; l < lines.length; l++) {
    const fields = splitCsvLine(lines[l]!, delimiter);
    out.push(index.map((i) => quote(fields[i] ?? '', delimiter)).join(delimiter));
  }
  const bytes = Buffer.from(`${bom ? '\uFEFF' : ''}${out.join(eol)}${eol}`, 'utf8');
  rmSync(join(dir, entry.file));
  writeFileSync(join(dir, layout.file), bytes);
  const renamed = new Map(layout.columns.map(([name, old]) => [old, name]));
  for (const row of malformed) {
    if (row.file !== entry.file) continue;
    row.file = layout.file;
    row.mapping = layout.mapping;
    row.field = renamed.get(row.field) ?? row.field;
  }
  return {
    ...entry,
    file: layout.file,
    mapping: layout.mapping,
    source: layout.source,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** The manifest entries after rewriting the extracts that have an alternative layout. */
export function applyAltLayouts(
  dir: string,
  extracts: readonly ManifestEntry[],
  malformed: MalformedRow[],
): ManifestEntry[] {
  return extracts.map((entry) => {
    const layout = ALT_LAYOUTS.find((l) => l.from === entry.mapping);
    return layout ? rewriteExtract(dir, entry, layout, malformed) : entry;
  });
}
