/**
 * Bulk first load against the real Neo4j: the tiny fixture (every shipped mapping, FtM, rejects,
 * warnings, nodes shared across sources) loaded by the online loader into the shared test server
 * and by `--bulk` (normalised on worker threads, imported by neo4j-admin) into a server of its own
 * must make the same graph: the same checksum over every node, property, relationship and mention
 * count, the same accounting and rejects. Then a later extract goes through the online loader onto
 * the imported graph, and a second bulk load into the now non-empty database is refused.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadOptions, type LoadSummary, loadExtract } from '../../../src/ingest/load.ts';
import { type BulkLoadResult, NotEmptyError, runBulkLoad } from '../../../src/jobs/bulk-load.ts';
import { useDriver } from '../../../src/store/driver.ts';
import { stop } from '../../../src/store/embedded.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase } from '../../support/db.ts';
import { AUDIT, bulkTestServer, leaveBulkServer, settings } from './bulk-server.ts';
import { type GraphSnapshot, graphSnapshot } from './snapshot.ts';

const root = resolve(import.meta.dirname, '../../..');
const fixture = resolve(root, 'test/fixtures/tiny');
const manifest = JSON.parse(readFileSync(join(fixture, 'manifest.json'), 'utf8')) as {
  extracts: { file: string; mapping: string; jurisdiction: string }[];
};
const work = resolve(root, '.skein/test-bulk');
/** A server of this test's own (each bulk-load test its own port). */
const { server: bulkServer, uri: bulkUri } = bulkTestServer(200, 'neo4j-test-bulk');

/** The extract loaded later, online, on top of the bulk-loaded others. */
const LATER = 'bank-b-transacties.csv';

function options(kind: string, e: { file: string; mapping: string; jurisdiction: string }): LoadOptions {
  return {
    file: join(fixture, e.file),
    mapping: e.mapping,
    jurisdiction: e.jurisdiction,
    // The rejects file's path is recorded on the Extract: the same for both loads.
    rejectsFile: join(work, kind, `${e.file}.rejects.jsonl`),
  };
}
const first = manifest.extracts.filter((e) => e.file !== LATER);
const later = manifest.extracts.find((e) => e.file === LATER) as (typeof manifest.extracts)[number];

/** Rejects as written, without the path of the file they name. */
const rejectsOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const { file: _f, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });

describe('bulk first load', () => {
  let online: GraphSnapshot;
  let onlineWithLater: GraphSnapshot;
  let onlineSummaries: LoadSummary[];
  let onlineRejects: unknown[][];
  let bulk: BulkLoadResult;
  let progress = 0;

  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await stop(bulkServer);
    rmSync(bulkServer.dataDir, { recursive: true, force: true });
    await cleanDatabase();
    onlineSummaries = [];
    for (const e of first) onlineSummaries.push(await loadExtract(options('same', e)));
    online = await graphSnapshot(AUDIT);
    await loadExtract(options('same', later));
    onlineWithLater = await graphSnapshot(AUDIT);
    // Read before the bulk load writes the same paths.
    onlineRejects = first.map((e) => rejectsOf(join(work, 'same', `${e.file}.rejects.jsonl`)));
    await useDriver(settings(bulkUri));
    bulk = await runBulkLoad({
      extracts: first.map((e) => options('same', e)),
      dir: join(work, 'import'),
      embedded: bulkServer,
      uri: bulkUri,
      migrationsDir: join(root, 'cypher/schema'),
      // Two normalising threads and small chunks: rows of one file cross threads many times over.
      workers: 2,
      chunkSize: 40,
      reconnect: () => useDriver(settings(bulkUri)),
      onProgress: () => {
        progress += 1;
      },
    });
  }, 600_000);

  afterAll(() => leaveBulkServer(bulkServer), 120_000);

  it('makes the graph the online loader makes, mention counts included', async () => {
    const snapshot = await graphSnapshot(AUDIT);
    expect(snapshot.nodes).toEqual(online.nodes);
    expect(snapshot.relationships).toEqual(online.relationships);
    expect(snapshot.checksum).toBe(online.checksum);
    expect(bulk.imported).toBe(true);
  });

  it('imports the money summaries itself (migration 011 recorded, not run), the same as the online loader builds', async () => {
    expect(online.relationships.PAID_SUMMARY).toBeGreaterThan(0);
    expect(bulk.relationships.PAID_SUMMARY).toBe(online.relationships.PAID_SUMMARY);
    const [migration] = await executeRead(
      "MATCH (m:SchemaMigration {id: '011_money_flow_summaries'}) RETURN m.by AS by",
    );
    expect(migration?.by).toBe('bulk import');
  });

  it('runs migration 013 over the imported graph when a person has a birth date', async () => {
    expect(bulk.minorFactsWritten).toBe(false);
    const [migration] = await executeRead(
      "MATCH (m:SchemaMigration {id: '013_minor_facts'}) RETURN m.by AS by",
    );
    expect(migration?.by).not.toBe('bulk import');
    const births = await executeRead('MATCH (p:Person) WHERE p.mnr_birth IS NOT NULL RETURN count(p) AS n');
    expect(Number(births[0]?.n)).toBeGreaterThan(0);
  });

  it('accounts for every row as the online loader does, rejects with line and reason', () => {
    expect(progress).toBeGreaterThan(0);
    for (const [i, summary] of bulk.summaries.entries()) {
      const expected = onlineSummaries[i] as LoadSummary;
      expect(summary.extractId).toBe(expected.extractId);
      expect([summary.rowsRead, summary.rowsLoaded, summary.rowsRejected]).toEqual([
        expected.rowsRead,
        expected.rowsLoaded,
        expected.rowsRejected,
      ]);
      expect(summary.rowsRead).toBe(summary.rowsLoaded + summary.rowsRejected);
      expect(summary.warningsByColumn).toEqual(expected.warningsByColumn);
    }
    const bulkRejects = first.map((e) => rejectsOf(join(work, 'same', `${e.file}.rejects.jsonl`)));
    expect(bulkRejects).toEqual(onlineRejects);
    expect(bulkRejects.flat().length).toBeGreaterThan(0);
    for (const reject of bulkRejects.flat())
      expect(reject).toMatchObject({ line: expect.any(Number), reason: expect.any(String) });
  });

  it('leaves the schema the loader and the reads rely on', async () => {
    const constraints = await executeRead('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
    expect(constraints[0]?.names).toEqual(expect.arrayContaining(['person_id', 'extract_id', 'paid_key']));
    const indexes = await executeRead(
      "SHOW INDEXES YIELD state WHERE state <> 'ONLINE' RETURN count(*) AS n",
    );
    expect(Number(indexes[0]?.n)).toBe(0);
  });

  it('refuses a second bulk load into the now non-empty database, naming the way forward', async () => {
    const again = {
      extracts: first.slice(0, 1).map((e) => options('again', e)),
      dir: join(work, 'again'),
      embedded: bulkServer,
      uri: bulkUri,
      migrationsDir: join(root, 'cypher/schema'),
      workers: 0,
    };
    await expect(runBulkLoad(again)).rejects.toThrow(NotEmptyError);
    await expect(runBulkLoad(again)).rejects.toThrow(/npm run load` without --bulk/);
  });

  it('takes a later extract through the online loader onto the imported graph', async () => {
    const summary = await loadExtract(options('same', later));
    expect(summary.status).toBe('loaded');
    const snapshot = await graphSnapshot(AUDIT);
    expect(snapshot.checksum).toBe(onlineWithLater.checksum);
  });
});
