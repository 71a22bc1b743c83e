/**
 * The load benchmark's second statement (issue 16 item 2): counterparties that are named persons
 * holding their IBANs (scripts/bench/bank-bench-named.yaml). Checked against the CSV read
 * independently: one Person per (name, IBAN) pair holding that account, every payment loaded
 * once, the deliberate rejects rejected, and a re-run adding nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_MAPPING_NAMED, writeBankCsv } from '../../../scripts/bench/bank-csv.ts';
import { loadExtract } from '../../../src/ingest/load.ts';
import { readCsv } from '../../../src/ingest/read/csv.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { graphSnapshot } from './snapshot.ts';

const dir = mkdtempSync(join(tmpdir(), 'skein-named-counterparties-'));
const file = join(dir, 'bank-named.csv');
const ROWS = 900;

describe('a bank statement whose counterparties are named persons with IBANs', () => {
  /** From the CSV itself: each counterparty IBAN's printed holder name, and the rows with a valid amount. */
  const payees = new Map<string, string>();
  let validRows = 0;
  let rejects = 0;

  beforeAll(async () => {
    ({ rejects } = await writeBankCsv(file, {
      rows: ROWS,
      seed: 9,
      holders: 12,
      counterparties: 60,
      rejectEvery: 300,
      namedCounterparties: true,
    }));
    for await (const { fields } of readCsv(file)) {
      payees.set(String(fields.counterparty_iban), String(fields.counterparty_name));
      if (!Number.isNaN(Number(fields.amount))) validRows++;
    }
    await cleanDatabase();
  }, 120_000);
  afterAll(closeDriver);

  it('loads one person per counterparty, holding its account, and every valid payment once', async () => {
    const summary = await loadExtract({ file, mapping: BENCH_MAPPING_NAMED, batchSize: 200 });
    expect(summary.rowsRead).toBe(ROWS);
    expect(summary.rowsRejected).toBe(rejects);
    expect(summary.rowsLoaded).toBe(validRows);
    expect(rejects).toBeGreaterThan(0);

    const held = await executeRead(
      `MATCH (a:Account) WHERE a.iban IN $ibans
       OPTIONAL MATCH (p:Person)-[:HOLDS]->(a)
       RETURN a.iban AS iban, collect(p.name) AS names`,
      { ibans: [...payees.keys()] },
    );
    expect(held).toHaveLength(payees.size);
    for (const row of held) {
      const names = row.names as string[];
      expect(names, String(row.iban)).toHaveLength(1);
      // The mapping's name transform reorders "FAMILY, Given" as a statement prints it.
      const [family, given] = (payees.get(String(row.iban)) ?? '').split(', ');
      expect(names[0]?.toLowerCase()).toBe(`${given} ${family}`.toLowerCase());
    }
    const [paid] = await executeRead('MATCH ()-[r:PAID]->() RETURN count(r) AS n');
    expect(Number(paid?.n)).toBe(validRows);
  }, 300_000);

  it('adds nothing when run again', async () => {
    const before = await graphSnapshot();
    const again = await loadExtract({ file, mapping: BENCH_MAPPING_NAMED, batchSize: 200 });
    expect(again.status).toBe('already-loaded');
    expect(await graphSnapshot()).toEqual(before);
  }, 300_000);
});
