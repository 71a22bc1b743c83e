/**
 * Loads the whole tiny synthetic fixture (test/fixtures/tiny, from `npm run generate -- --tiny`)
 * with the shipped mappings, as manifest.json lists it, and checks the accounting against the
 * ground truth: exactly the deliberately malformed rows are rejected, every other row loads, and
 * the sources meet on shared identifiers.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadSummary, loadExtract } from '../../../src/ingest/load.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { graphSnapshot } from './snapshot.ts';

const fixture = resolve(import.meta.dirname, '../../fixtures/tiny');
const manifest = JSON.parse(readFileSync(join(fixture, 'manifest.json'), 'utf8')) as {
  extracts: { file: string; mapping: string; jurisdiction: string; rows: number; sha256: string }[];
};
const truth = JSON.parse(readFileSync(join(fixture, 'ground-truth.json'), 'utf8')) as {
  malformed: { file: string; line: number; field: string; reason: string }[];
};

async function loadAll(rejectsDir: string): Promise<LoadSummary[]> {
  const summaries: LoadSummary[] = [];
  for (const extract of manifest.extracts) {
    summaries.push(
      await loadExtract({
        file: join(fixture, extract.file),
        mapping: extract.mapping,
        jurisdiction: extract.jurisdiction,
        rejectsFile: join(rejectsDir, `${extract.file}.rejects.jsonl`),
      }),
    );
  }
  return summaries;
}

describe('the tiny synthetic fixture', () => {
  const rejectsDir = resolve(import.meta.dirname, '../../../.skein/test-rejects/tiny');
  let summaries: LoadSummary[];
  beforeAll(async () => {
    await cleanDatabase();
    summaries = await loadAll(rejectsDir);
  }, 300_000);
  afterAll(closeDriver);

  it('reads every row of every extract and rejects exactly the malformed ones', () => {
    expect(summaries.map((s) => s.name)).toEqual(manifest.extracts.map((e) => e.file));
    for (const [index, extract] of manifest.extracts.entries()) {
      const summary = summaries[index] as LoadSummary;
      expect(summary.sha256, extract.file).toBe(extract.sha256);
      expect(summary.rowsRead, extract.file).toBe(extract.rows);
      expect(summary.rowsLoaded + summary.rowsRejected, extract.file).toBe(summary.rowsRead);
      const rejectedLines = readFileSync(join(rejectsDir, `${extract.file}.rejects.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => (JSON.parse(l) as { line: number }).line)
        .sort((a, b) => a - b);
      const expected = truth.malformed
        .filter((m) => m.file === extract.file)
        .map((m) => m.line)
        .sort((a, b) => a - b);
      expect(rejectedLines, extract.file).toEqual(expected);
    }
  });

  it('stores the accounting on one Extract node per file', async () => {
    const rows = await executeRead(
      'MATCH (e:Extract) RETURN e.name AS name, e.status AS status, e.rows AS rows, e.loaded + e.rejected AS total',
    );
    expect(rows).toHaveLength(manifest.extracts.length);
    for (const row of rows) {
      expect(row.status).toBe('complete');
      expect(row.total).toBe(row.rows);
    }
  });

  it('joins the statement, the register and the claims on shared identifiers', async () => {
    // bank-a's first row: the holder, his account (IBAN printed in groups) and his phone.
    const [holder] = await executeRead(
      `MATCH (p:Person)-[:HOLDS]->(a:Account {id: 'account:GB15ALBN20103700020264'})
       OPTIONAL MATCH (p)-[:HAS_PHONE]->(ph:Phone)
       RETURN p.name AS name, p.birthDate AS birthDate, collect(ph.id) AS phones`,
    );
    expect(holder).toEqual({
      name: 'Jakub Grabowski',
      birthDate: '1975-06-20',
      phones: ['phone:+447400036102'],
    });
    // The claimant and the register's employee share a National Insurance number: one Person.
    const [justyna] = await executeRead(
      `MATCH (p:Person {id: 'person:nino|BA353695B'})
       RETURN p.name AS name, exists { (p)-[:CLAIMS]->(:BenefitClaim) } AS claims,
              exists { (:Organisation)-[:EMPLOYS]->(p) } AS employed`,
    );
    expect(justyna).toEqual({ name: 'Justyna Grabowski', claims: true, employed: true });
  });

  it('meets the same passport in the exhibits log, the travel bookings and nowhere twice', async () => {
    const [document] = await executeRead(
      `MATCH (d:IdentityDocument {id: 'doc:passport|011548977|BG'})
       RETURN [(p)-[:HELD_DOCUMENT]->(d) | p.name] AS heldBy, size([(p)-[:HAS_DOCUMENT]->(d) | p]) AS holders`,
    );
    expect(document?.heldBy).toEqual(['Zhivko Ivanov']);
    expect(document?.holders).toBeGreaterThanOrEqual(2);
  });

  it('changes nothing when the whole fixture is loaded again', async () => {
    const before = await graphSnapshot();
    const again = await loadAll(rejectsDir);
    expect(again.every((s) => s.status === 'already-loaded')).toBe(true);
    expect(await graphSnapshot()).toEqual(before);
  });
});
