/**
 * Mappings that fit real files (issue 14 item 6), loaded into the real database: pattern and
 * combined conditions, a kind from two columns, derived values, a property from another entity,
 * content keys for rows without an id, one event per element of a list, and invalid optional
 * values left out with counted warnings — with read = loaded + rejected per file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExtract } from '../../../src/ingest/load.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/mapping');
const dir = mkdtempSync(join(tmpdir(), 'skein-mapping-features-'));
const fixture = (name: string) => join(FIXTURES, name);
const rejects = (name: string) => join(dir, `${name}.rejects.jsonl`);

async function payments(): Promise<Record<string, unknown>[]> {
  return executeRead(
    `MATCH (a:Account)-[r:PAID]->(b:Account)
     RETURN a.iban AS from, b.iban AS to, r.amount AS amount, r.at AS at, r.kind AS kind,
            r.reference AS reference, r.postcode AS postcode, r.extract AS extract
     ORDER BY r.at, r.amount, r.key`,
  );
}

describe('mapping features on real-looking files', () => {
  beforeAll(cleanDatabase);
  afterAll(closeDriver);

  it('loads a ledger without ids: companies and persons apart, kinds, countries, postcodes, warnings', async () => {
    const summary = await loadExtract({
      file: fixture('ledger-march.csv'),
      mapping: fixture('ledger.yaml'),
      rejectsFile: rejects('march'),
      batchSize: 3,
    });
    expect(summary).toMatchObject({ rowsRead: 8, rowsLoaded: 8, rowsRejected: 0, warnings: 3 });
    expect(summary.warningsByColumn).toEqual({ dob: 1, 'type+direction': 1, other: 1 });
    const lines = readFileSync(summary.warningsFile as string, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.line, l.column])).toEqual([
      [5, 'dob'],
      [7, 'type+direction'],
      [8, 'other'],
    ]);
    expect(lines[0].raw).toContain('1980-31-12');
    expect(readFileSync(rejects('march'), 'utf8')).toBe('');

    const [extract] = await executeRead(
      'MATCH (e:Extract {id: $id}) RETURN e.rows AS rows, e.loaded AS loaded, e.rejected AS rejected, e.warnings AS warnings, e.warningsByColumn AS byColumn',
      { id: summary.extractId },
    );
    expect(extract).toMatchObject({ rows: 8, loaded: 8, rejected: 0, warnings: 3 });
    expect(JSON.parse(String(extract?.byColumn))).toEqual(summary.warningsByColumn);

    const holders = await executeRead(
      'MATCH (h)-[:HOLDS]->(a:Account) RETURN labels(h)[0] AS label, h.name AS name, h.birthDate AS birthDate, a.iban AS iban ORDER BY name',
    );
    expect(holders).toEqual([
      { label: 'Organisation', name: 'Acme Trading Ltd', birthDate: null, iban: 'GB29NWBK60161331926819' },
      { label: 'Person', name: 'Ion Popescu', birthDate: '1980-05-12', iban: 'GB82WEST12345698765432' },
    ]);
    const countries = await executeRead(
      'MATCH (a:Account) WHERE a.country IS NOT NULL RETURN a.iban AS iban, a.country AS country ORDER BY iban',
    );
    expect(countries).toEqual([
      { iban: 'DE89370400440532013000', country: 'DE' },
      { iban: 'FR1420041010050500013M02606', country: 'FR' },
      { iban: 'GB33BUKB20201555555555', country: 'GB' },
      { iban: 'GB82WEST12345698765432', country: 'GB' },
      { iban: 'NL91ABNA0417164300', country: 'NL' },
    ]);

    const paid = await payments();
    expect(paid.map((p) => [p.from, p.to, p.amount, p.at, p.kind, p.reference, p.postcode])).toEqual([
      [
        'GB82WEST12345698765432',
        'GB33BUKB20201555555555',
        850,
        '2024-03-01',
        'rent',
        'r-March rent',
        'LS62QT',
      ],
      // Two identical rows: two payments.
      ['GB82WEST12345698765432', 'NL91ABNA0417164300', 20, '2024-03-02', 'transfer', 't-gift', null],
      ['GB82WEST12345698765432', 'NL91ABNA0417164300', 20, '2024-03-02', 'transfer', 't-gift', null],
      [
        'GB29NWBK60161331926819',
        'GB82WEST12345698765432',
        300,
        '2024-03-05',
        'transfer',
        't-invoice 7',
        null,
      ],
      ['DE89370400440532013000', 'GB82WEST12345698765432', 1500, '2024-03-28', 'wage', 'w-salary', null],
      ['GB82WEST12345698765432', 'FR1420041010050500013M02606', 12.5, '2024-03-29', 'card', 'c-shop', null],
      // An unmapped kind is left out (a warning), the payment is kept.
      ['GB82WEST12345698765432', 'NL91ABNA0417164300', 5, '2024-03-30', null, 'c-odd', null],
    ]);
    // The row whose counterparty IBAN is invalid loaded its holder and account, without the payment.
    expect(paid.filter((p) => p.amount === 7)).toEqual([]);
  });

  it('merges an overlapping statement by content, and a re-run changes nothing', async () => {
    const before = await payments();
    const april = await loadExtract({
      file: fixture('ledger-april.csv'),
      mapping: fixture('ledger.yaml'),
      rejectsFile: rejects('april'),
    });
    expect(april).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0, warnings: 0 });
    const after = await payments();
    // The two gifts April repeats are March's two gifts; only April's rent is new.
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((p) => p.amount === 20).map((p) => p.extract)).toEqual(
      before.filter((p) => p.amount === 20).map((p) => p.extract),
    );
    const again = await loadExtract({
      file: fixture('ledger-march.csv'),
      mapping: fixture('ledger.yaml'),
      rejectsFile: rejects('march'),
    });
    expect(again).toMatchObject({ status: 'already-loaded', warnings: 3, warningsByColumn: { dob: 1 } });
    expect(await payments()).toEqual(after);
  });

  it('makes one payment per element of a claim’s list, with the claim’s reference, count and last date', async () => {
    await cleanDatabase();
    for (const batchSize of [1, 10_000]) {
      const summary = await loadExtract({
        file: fixture('claims.jsonl'),
        mapping: fixture('claims.yaml'),
        rejectsFile: rejects(`claims-${batchSize}`),
        batchSize,
      });
      expect(summary.rowsRead).toBe(summary.rowsLoaded + summary.rowsRejected);
      expect(summary).toMatchObject({ rowsRead: 4, rowsLoaded: 3, rowsRejected: 1, warnings: 1 });
      expect(summary.warningsByColumn).toEqual({ 'p.amount': 1 });
      const [reject] = readFileSync(rejects(`claims-${batchSize}`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(reject).toMatchObject({
        line: 4,
        reason: expect.stringMatching(/^payments\[0\]: entity "paidTo" \(Account\) key/),
      });
      const [warning] = readFileSync(summary.warningsFile as string, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(warning).toMatchObject({
        line: 3,
        column: 'p.amount',
        warning: expect.stringContaining('"payments[0].amount"'),
      });
      if (batchSize === 1) await cleanDatabase();
    }
    const paid = await payments();
    expect(paid.map((p) => [p.to, p.amount, p.at, p.reference])).toEqual([
      ['GB82WEST12345698765432', 100, '2024-01-05', 'CL-1'],
      ['GB29NWBK60161331926819', null, '2024-01-10', 'CL-3'],
      ['NL91ABNA0417164300', 120.5, '2024-02-05', 'CL-1'],
      ['GB29NWBK60161331926819', 75, '2024-02-10', 'CL-3'],
      ['GB82WEST12345698765432', 90, '2024-03-05', 'CL-1'],
    ]);
    expect(new Set(paid.map((p) => p.from))).toEqual(new Set(['GB33BUKB20201555555555']));
    const claims = await executeRead(
      'MATCH (p:Person)-[:CLAIMS]->(c:BenefitClaim) RETURN p.name AS name, c.reference AS ref, c.payments AS payments, c.lastPaid AS lastPaid ORDER BY ref',
    );
    expect(claims).toEqual([
      { name: 'Ana Pop', ref: 'CL-1', payments: 3, lastPaid: '2024-03-05' },
      { name: 'Dan Ionescu', ref: 'CL-2', payments: 0, lastPaid: null },
      { name: 'Eva Lungu', ref: 'CL-3', payments: 2, lastPaid: '2024-02-10' },
    ]);
  });
});
