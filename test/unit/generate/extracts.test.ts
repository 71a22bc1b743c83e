import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import {
  csvRejects,
  jsonRejects,
  readCsv,
  readJsonl,
  readManifest,
  readTruth,
  validIban,
} from './support.ts';

const DIR = 'test/fixtures/tiny';
const manifest = readManifest(DIR);
const truth = readTruth(DIR);
const csv = (mapping: string) => {
  const e = manifest.extracts.find((x) => x.mapping === mapping)!;
  return readCsv(DIR, e.file, e.delimiter!);
};
const malformedLines = (file: string) =>
  new Set(truth.malformed.filter((m) => m.file === file).map((m) => m.line));

describe('generate: extracts and manifest', () => {
  it('lists every extract with its layout, at least three jurisdictions, and true row counts and hashes', () => {
    expect(manifest.extracts.map((e) => e.mapping)).toEqual([
      'bank-a',
      'bank-b',
      'telecom',
      'travel',
      'benefits-claims',
      'benefits-payments',
      'registry',
      'tenancy',
      'seized-phone',
      'seizure',
      'ftm',
    ]);
    expect(new Set(manifest.extracts.map((e) => e.jurisdiction)).size).toBeGreaterThanOrEqual(3);
    for (const e of manifest.extracts) {
      const bytes = readFileSync(join(DIR, e.file));
      expect(createHash('sha256').update(bytes).digest('hex'), e.file).toBe(e.sha256);
      const lines = bytes
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0).length;
      expect(lines - (e.format === 'csv' ? 1 : 0), e.file).toBe(e.rows);
      expect(e.rows, e.file).toBeGreaterThan(3);
    }
    expect(readFileSync(join(DIR, 'bank-b-transacties.csv'))[0]).toBe(0xef);
    expect(readFileSync(join(DIR, 'bank-a-statements.csv'), 'utf8')).toContain('\r\n');
  });

  it('rejects exactly the malformed rows the ground truth records, and no others', () => {
    const expected = truth.malformed.map((m) => `${m.file}:${m.line}:${m.field}:${m.reason}`).sort();
    const found: string[] = [];
    for (const e of manifest.extracts) {
      const rejects =
        e.format === 'csv'
          ? csvRejects(e.mapping, readCsv(DIR, e.file, e.delimiter!).rows)
          : jsonRejects(e.mapping, readJsonl(DIR, e.file));
      for (const r of rejects) found.push(`${e.file}:${r.line}:${r.field}:${r.reason}`);
    }
    expect(found.sort()).toEqual(expected);
    const reasons = new Set(truth.malformed.map((m) => m.reason));
    for (const reason of ['missing-id', 'invalid-date', 'invalid-iban', 'invalid-amount'])
      expect(reasons).toContain(reason);
    expect(truth.malformed.every((m) => m.line === m.row + (m.file.endsWith('.jsonl') ? 0 : 1))).toBe(true);
  });

  it('writes only valid IBANs (outside the recorded malformed rows), in each source format', () => {
    const columns: Record<string, string[]> = {
      'bank-a': ['IBAN', 'Counterparty Account'],
      'bank-b': ['Rekening', 'Tegenrekening'],
      'benefits-claims': ['payee_iban'],
      'benefits-payments': ['from_iban', 'payee_iban'],
      tenancy: ['landlord_iban', 'rent_payer_iban'],
      seizure: ['account_iban'],
    };
    let checked = 0;
    for (const [mapping, cols] of Object.entries(columns)) {
      const e = manifest.extracts.find((x) => x.mapping === mapping)!;
      const bad = malformedLines(e.file);
      for (const row of csv(mapping).rows) {
        if (bad.has(row.line)) continue;
        for (const col of cols) {
          const value = row.fields[col]!;
          if (!value) continue;
          checked++;
          expect(validIban(value), `${e.file}:${row.line} ${col}=${value}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(csv('bank-a').rows[0]!.fields.IBAN).toMatch(/^GB\d\d ALBN( \d{4}){3} \d{2}$/);
  });

  it('writes phone numbers libphonenumber accepts, in source-specific formats', () => {
    const columns: [string, string, 'GB' | 'NL'][] = [
      ['bank-a', 'Holder Phone', 'GB'],
      ['bank-b', 'Telefoon', 'NL'],
      ['benefits-claims', 'phone', 'GB'],
      ['tenancy', 'tenant_phone', 'GB'],
      ['seized-phone', 'contact_number', 'GB'],
      ['telecom', 'b_number', 'GB'],
    ];
    const formats = new Set<string>();
    for (const [mapping, col, country] of columns) {
      const e = manifest.extracts.find((x) => x.mapping === mapping)!;
      const bad = malformedLines(e.file);
      for (const row of csv(mapping).rows) {
        const value = row.fields[col]!;
        if (!value || bad.has(row.line)) continue;
        const international = value.startsWith('00') ? `+${value.slice(2)}` : value;
        const phone = parsePhoneNumberFromString(international, country);
        expect(phone?.isValid(), `${e.file}:${row.line} ${col}=${value}`).toBe(true);
        formats.add(value.replace(/\d/g, '9'));
      }
    }
    for (const row of csv('telecom').rows.slice(0, 50))
      expect(parsePhoneNumberFromString(`+${row.fields.a_number}`)?.isValid()).toBe(true);
    expect(formats.size).toBeGreaterThanOrEqual(5);
  });

  it('writes FollowTheMoney entities with real schemata, array values and resolvable references', () => {
    const entities = readJsonl(DIR, 'partner-ro.ftm.jsonl').map(
      (l) => l.value as { id: string; schema: string; properties: Record<string, unknown[]> },
    );
    const ids = new Set(entities.map((e) => e.id));
    const schemata = new Set(entities.map((e) => e.schema));
    for (const s of [
      'Person',
      'BankAccount',
      'Ownership',
      'Payment',
      'Company',
      'Directorship',
      'Employment',
    ])
      expect(schemata, s).toContain(s);
    for (const e of entities) {
      for (const values of Object.values(e.properties))
        expect(values.every((v) => typeof v === 'string')).toBe(true);
      if (!e.id) continue;
      for (const ref of [
        'owner',
        'asset',
        'payer',
        'beneficiary',
        'payerAccount',
        'beneficiaryAccount',
        'director',
        'organization',
        'employer',
        'employee',
      ]) {
        for (const v of (e.properties[ref] as string[] | undefined) ?? [])
          expect(ids.has(v), `${e.schema}.${ref} -> ${v}`).toBe(true);
      }
    }
  });
});
