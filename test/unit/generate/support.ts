/** Test helpers: read the generated extracts back (tiny CSV/JSONL readers) and check required fields. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ibantools from 'ibantools';
import type { Manifest } from '../../../src/generate/generate.ts';
import type { GroundTruth } from '../../../src/generate/truth/ground-truth.ts';
// The generator's own splitter: the tests read extracts back exactly as the layout rewriter does.
import { splitCsvLine } from '../../../src/generate/variants/layouts.ts';

export interface Row {
  /** Physical line number (1-based). */
  line: number;
  fields: Record<string, string>;
}

export function readCsv(dir: string, file: string, delimiter: string): { header: string[]; rows: Row[] } {
  let text = readFileSync(join(dir, file), 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const header = splitCsvLine(lines[0]!, delimiter);
  const rows = lines.slice(1).map((line, i) => {
    const values = splitCsvLine(line, delimiter);
    if (values.length !== header.length)
      throw new Error(`${file}:${i + 2} has ${values.length} fields, header has ${header.length}`);
    return { line: i + 2, fields: Object.fromEntries(header.map((h, k) => [h, values[k]!])) };
  });
  return { header, rows };
}

export function readJsonl(dir: string, file: string): { line: number; value: unknown; raw: string }[] {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((raw, i) => {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    return { line: i + 1, value, raw };
  });
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

export function readTruth(dir: string): GroundTruth {
  return JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as GroundTruth;
}

export function validIban(value: string): boolean {
  return ibantools.isValidIBAN(value.replaceAll(' ', ''));
}

const real = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const MON = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Parse a date in any of the formats the extracts use; false when it is not a real date. */
export function validDate(value: string): boolean {
  let m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value) ?? /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
  if (m) return real(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (m) return real(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?$/.exec(value);
  if (m) return real(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{2})-([A-Z]{3})-(\d{4})$/.exec(value);
  if (m) return MON.includes(m[2]!) && real(Number(m[3]), MON.indexOf(m[2]!) + 1, Number(m[1]));
  return false;
}

export function validAmount(value: string): boolean {
  return /^\d+([.,]\d{1,2})?$/.test(value);
}

export type Reject = { line: number; field: string; reason: string };

/** The required-field rules of LAYOUTS.md, as a loader would apply them. */
export function csvRejects(mapping: string, rows: Row[]): Reject[] {
  const out: Reject[] = [];
  const need = (row: Row, field: string, ok: boolean, reason: string) => {
    if (!ok) out.push({ line: row.line, field, reason });
    return ok;
  };
  for (const row of rows) {
    const f = row.fields;
    const id = (field: string) => need(row, field, f[field] !== '', 'missing-id');
    const date = (field: string) => need(row, field, validDate(f[field]!), 'invalid-date');
    const iban = (field: string) => need(row, field, validIban(f[field]!), 'invalid-iban');
    const amount = (field: string) => need(row, field, validAmount(f[field]!), 'invalid-amount');
    switch (mapping) {
      case 'bank-a':
        iban('IBAN') && id('Txn Ref') && date('Date') && amount(f.Debit ? 'Debit' : 'Credit');
        break;
      case 'bank-b':
        iban('Rekening') && id('Transactie-ID') && date('Datum') && amount('Bedrag (EUR)');
        break;
      case 'telecom':
        id('record_id') && date('start_time') && id('a_number') && id('b_number');
        break;
      case 'benefits-claims':
        id('claim_ref') && date('start_date') && iban('payee_iban');
        break;
      case 'benefits-payments':
        id('payment_id') && id('claim_ref') && date('paid_on') && amount('amount') && iban('payee_iban');
        break;
      case 'registry':
        id('company_number') && id('role') && id('officer_name') && date('appointed_on');
        break;
      case 'tenancy':
        id('tenancy_id') && id('postcode') && date('start_date');
        break;
      case 'seized-phone':
        id('exhibit_ref') && id('contact_number');
        break;
      case 'seizure':
        id('exhibit_ref') && id('item_type') && date('seized_on');
        break;
    }
  }
  return out;
}

export function jsonRejects(mapping: string, lines: ReturnType<typeof readJsonl>): Reject[] {
  const out: Reject[] = [];
  for (const { line, value } of lines) {
    if (value === undefined) {
      out.push({ line, field: '(line)', reason: 'invalid-json' });
      continue;
    }
    if (mapping === 'travel') {
      const b = value as { booking_ref: string; trip: { outbound: { depart: string } } };
      if (!b.booking_ref) out.push({ line, field: 'booking_ref', reason: 'missing-id' });
      else if (!validDate(b.trip.outbound.depart))
        out.push({ line, field: 'trip.outbound.depart', reason: 'invalid-date' });
    } else {
      const e = value as { id: string; schema: string; properties: Record<string, string[]> };
      if (!e.id) out.push({ line, field: 'id', reason: 'missing-id' });
      else if (e.schema === 'Payment' && !validDate(e.properties.date?.[0] ?? ''))
        out.push({ line, field: 'date', reason: 'invalid-date' });
      else if (e.schema === 'Payment' && !validAmount(e.properties.amount?.[0] ?? ''))
        out.push({ line, field: 'amount', reason: 'invalid-amount' });
    }
  }
  return out;
}
