/**
 * Bulk first load of extracts in which no person has a birth date (a bank statement): the import
 * files then carry the minors rule's facts themselves (each person's `mnr_seenBy`) and migration
 * 013 is recorded, not run — the graph must still be the one the online loader makes, which
 * computes those facts in Cypher. (With birth dates, test/integration/load/bulk.test.ts: 013 runs.)
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_MAPPING, writeBankCsv } from '../../../scripts/bench/bank-csv.ts';
import { type LoadOptions, loadExtract } from '../../../src/ingest/load.ts';
import { type BulkLoadResult, runBulkLoad } from '../../../src/jobs/bulk-load.ts';
import { useDriver } from '../../../src/store/driver.ts';
import { stop } from '../../../src/store/embedded.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase } from '../../support/db.ts';
import { AUDIT, bulkTestServer, leaveBulkServer, settings } from './bulk-server.ts';
import { type GraphSnapshot, graphSnapshot } from './snapshot.ts';

const root = resolve(import.meta.dirname, '../../..');
const work = resolve(root, '.skein/test-bulk-no-births');
/** A server of this test's own (each bulk-load test its own port). */
const { server: bulkServer, uri: bulkUri } = bulkTestServer(202, 'neo4j-test-bulk-no-births');

describe('bulk first load without birth dates', () => {
  let online: GraphSnapshot;
  let bulk: BulkLoadResult;
  const file = join(work, 'bank-2000.csv');
  const extract: LoadOptions = {
    file,
    mapping: BENCH_MAPPING,
    rejectsFile: join(work, 'bank-2000.rejects.jsonl'),
  };

  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    // 40 holders paying 100 counterparties: people met in many chunks, a few rows rejected.
    await writeBankCsv(file, { rows: 2000, seed: 5, rejectEvery: 300 });
    await stop(bulkServer);
    rmSync(bulkServer.dataDir, { recursive: true, force: true });
    await cleanDatabase();
    await loadExtract(extract);
    online = await graphSnapshot(AUDIT);
    await useDriver(settings(bulkUri));
    bulk = await runBulkLoad({
      extracts: [extract],
      dir: join(work, 'import'),
      embedded: bulkServer,
      uri: bulkUri,
      migrationsDir: join(root, 'cypher/schema'),
      workers: 2,
      chunkSize: 150,
      reconnect: () => useDriver(settings(bulkUri)),
    });
  }, 600_000);

  afterAll(() => leaveBulkServer(bulkServer), 120_000);

  it('writes the minors facts itself and records migration 013 instead of running it', async () => {
    expect(bulk.minorFactsWritten).toBe(true);
    const [migration] = await executeRead(
      "MATCH (m:SchemaMigration {id: '013_minor_facts'}) RETURN m.by AS by",
    );
    expect(migration?.by).toBe('bulk import');
    const people = await executeRead(
      'MATCH (p:Person) RETURN count(p) AS n, count(p.mnr_seenBy) AS seen, count(p.mnr_birth) AS births',
    );
    expect(Number(people[0]?.n)).toBeGreaterThan(10);
    expect(Number(people[0]?.seen)).toBe(Number(people[0]?.n));
    expect(Number(people[0]?.births)).toBe(0);
  });

  it('makes the graph the online loader makes (which computes the same facts in Cypher)', async () => {
    const snapshot = await graphSnapshot(AUDIT);
    expect(snapshot.nodes).toEqual(online.nodes);
    expect(snapshot.relationships).toEqual(online.relationships);
    expect(snapshot.checksum).toBe(online.checksum);
  });
});
