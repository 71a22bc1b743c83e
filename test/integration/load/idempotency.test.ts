/**
 * The loader against the real Neo4j: accounting (read = loaded + rejected, the rejects file),
 * idempotency (a second load changes nothing), merging of overlapping extracts on natural keys,
 * independence from batch size, and dry runs that write nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BENCH_MAPPING, writeBankCsv } from '../../../scripts/bench/bank-csv.ts';
import { loadExtract } from '../../../src/ingest/load.ts';
import { executeRead } from '../../../src/store/run.ts';
import { readExtract } from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver, countNodes } from '../../support/db.ts';
import { graphSnapshot } from './snapshot.ts';

const dir = mkdtempSync(join(tmpdir(), 'skein-load-'));
const full = join(dir, 'bank.csv');
const ROWS = 3_000;
let expectedRejects = 0;

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

/** Writes the header plus data rows [from, to) of the full file (1-based data rows). */
function slice(name: string, from: number, to: number): string {
  const all = lines(full);
  const file = join(dir, name);
  writeFileSync(file, `${[all[0], ...all.slice(from, to)].join('\n')}\n`);
  return file;
}

describe('loading an extract', () => {
  beforeAll(async () => {
    ({ rejects: expectedRejects } = await writeBankCsv(full, { rows: ROWS, seed: 7, rejectEvery: 100 }));
  });
  beforeEach(cleanDatabase);
  afterAll(closeDriver);

  it('accounts for every row: loaded or in the rejects file with line, reason and raw text', async () => {
    const rejectsFile = join(dir, 'rejects.jsonl');
    const summary = await loadExtract({ file: full, mapping: BENCH_MAPPING, rejectsFile, batchSize: 500 });
    expect(expectedRejects).toBe(30);
    expect(summary).toMatchObject({
      status: 'loaded',
      rowsRead: ROWS,
      rowsRejected: 30,
      rowsLoaded: ROWS - 30,
    });
    const rejects = lines(rejectsFile).map((l) => JSON.parse(l));
    expect(rejects).toHaveLength(30);
    const source = lines(full);
    for (const reject of rejects) {
      // Data row n is physical line n + 1; the raw text is the line as written.
      expect(reject.raw).toBe(source[reject.line - 1]);
      expect(reject.reason).toMatch(/amount/);
      expect(reject.raw).toContain('12O.50');
    }
    const extract = await readExtract(summary.extractId);
    expect(extract).toMatchObject({ status: 'complete', rows: ROWS, loaded: ROWS - 30, rejected: 30 });
    // Provenance: each payment names its extract and its row (a data row: line 2 onwards).
    const [paid] = await executeRead(
      'MATCH ()-[r:PAID]->() WHERE r.extract = $id AND r.row >= 2 RETURN count(r) AS c, count(DISTINCT r.key) AS keys',
      { id: summary.extractId },
    );
    expect(paid).toEqual({ c: ROWS - 30, keys: ROWS - 30 });
    const [unmentioned] = await executeRead(
      'MATCH (n) WHERE NOT n:Extract AND NOT n:SchemaMigration AND NOT (:Extract)-[:MENTIONS]->(n) RETURN count(n) AS c',
    );
    expect(unmentioned?.c).toBe(0);
  });

  it('changes nothing when the same file is loaded again', async () => {
    const first = await loadExtract({ file: full, mapping: BENCH_MAPPING });
    const before = await graphSnapshot();
    const again = await loadExtract({ file: full, mapping: BENCH_MAPPING });
    expect(again.status).toBe('already-loaded');
    expect(again.extractId).toBe(first.extractId);
    expect({ read: again.rowsRead, loaded: again.rowsLoaded, rejected: again.rowsRejected }).toEqual({
      read: first.rowsRead,
      loaded: first.rowsLoaded,
      rejected: first.rowsRejected,
    });
    expect(await graphSnapshot()).toEqual(before);
  });

  it('gives the same graph whatever the batch size', async () => {
    await loadExtract({ file: full, mapping: BENCH_MAPPING, batchSize: 5_000 });
    const large = await graphSnapshot();
    await cleanDatabase();
    await loadExtract({ file: full, mapping: BENCH_MAPPING, batchSize: 37 });
    expect(await graphSnapshot()).toEqual(large);
  });

  it('merges overlapping extracts on natural keys (accounts by IBAN, payments by reference)', async () => {
    await loadExtract({ file: full, mapping: BENCH_MAPPING });
    const whole = await graphSnapshot();
    await cleanDatabase();
    const a = await loadExtract({ file: slice('a.csv', 1, 2_001), mapping: BENCH_MAPPING });
    const b = await loadExtract({ file: slice('b.csv', 1_001, 3_001), mapping: BENCH_MAPPING });
    expect(a.extractId).not.toBe(b.extractId);
    const parts = await graphSnapshot();
    // Entities and events are the same as from the whole file; only provenance differs (two extracts).
    expect({ ...parts.nodes, Extract: 1 }).toEqual(whole.nodes);
    expect(parts.relationships.PAID).toBe(whole.relationships.PAID);
    expect(parts.relationships.HOLDS).toBe(whole.relationships.HOLDS);
    expect(parts.relationships.HAS_PHONE).toBe(whole.relationships.HAS_PHONE);
    // Rows 1001–2000 are in both extracts: their nodes are mentioned by both.
    const [shared] = await executeRead(
      'MATCH (:Extract {id: $a})-[:MENTIONS]->(n)<-[:MENTIONS]-(:Extract {id: $b}) RETURN count(n) AS c',
      { a: a.extractId, b: b.extractId },
    );
    expect(shared?.c).toBeGreaterThan(0);
  });

  it('keeps the first value of a property and every spelling of a name', async () => {
    const header =
      'customer_no,holder_name,holder_phone,iban,txn_ref,date,direction,amount,counterparty_iban,reference';
    const row = (name: string, ref: string) =>
      `C9,"${name}",,GB82WEST12345698765432,${ref},01/02/2024,DR,10.00,NL91ABNA0417164300,R`;
    const one = join(dir, 'spell-1.csv');
    const two = join(dir, 'spell-2.csv');
    writeFileSync(one, `${header}\n${row('POPESCU, Ion', 'X1')}\n`);
    writeFileSync(two, `${header}\n${row('Ion Popescu', 'X2')}\n${row('Ioan Popescu', 'X3')}\n`);
    await loadExtract({ file: one, mapping: BENCH_MAPPING });
    await loadExtract({ file: two, mapping: BENCH_MAPPING });
    const [person] = await executeRead('MATCH (p:Person {id: $id}) RETURN p {.*} AS p', {
      id: 'person:bench-bank|C9',
    });
    expect(person?.p).toMatchObject({
      name: 'Ion Popescu',
      familyName: 'Popescu',
      givenName: 'Ion',
      nameKey: 'ion popescu',
      names: ['Ion Popescu', 'Ioan Popescu'],
    });
    const [mentions] = await executeRead(
      'MATCH (e:Extract)-[m:MENTIONS]->(:Person {id: $id}) RETURN collect(m.rows) AS rows',
      { id: 'person:bench-bank|C9' },
    );
    expect([...((mentions?.rows as number[] | undefined) ?? [])].sort()).toEqual([1, 2]);
  });

  it('writes nothing on a dry run but reports the same counts', async () => {
    const summary = await loadExtract({
      file: full,
      mapping: BENCH_MAPPING,
      dryRun: true,
      rejectsFile: join(dir, 'dry.jsonl'),
    });
    expect(summary).toMatchObject({
      status: 'dry-run',
      rowsRead: ROWS,
      rowsLoaded: ROWS - 30,
      rowsRejected: 30,
    });
    expect(summary.relationships.PAID).toBe(ROWS - 30);
    expect(await countNodes()).toBe(0);
    expect(lines(join(dir, 'dry.jsonl'))).toHaveLength(30);
  });
});
