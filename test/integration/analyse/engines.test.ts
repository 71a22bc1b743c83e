/**
 * Engines and sizing (jobs/engine.ts, store/gds.ts): a run too big for the heap it may take fails at
 * once, recorded and audited as failed with the option to change; with GDS on the server (the test
 * server has it with SKEIN_TEST_NEO4J_GDS=true), Louvain and Leiden in the database find the same
 * planted network as the in-process engine, and the run records where detection ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDetection } from '../../../src/jobs/detect.ts';
import { ENGINE_DEFAULTS } from '../../../src/jobs/engine.ts';
import { readAudit } from '../../../src/store/audit.ts';
import { gdsVersion } from '../../../src/store/gds.ts';
import { getNetwork, getRun, listNetworks } from '../../../src/store/read/analysis.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { PLANTED, world } from '../../unit/analyse/world.ts';
import { writeGraph } from './seed-graph.ts';

const plantedMembers = [PLANTED.controller, PLANTED.agency, 'person:abroad', ...PLANTED.workers].sort();

async function topMembers(runId: string): Promise<string[]> {
  const page = await listNetworks(runId, FULL_SCOPE, { first: 10 });
  const detail = await getNetwork(page.nodes[0]!.id, FULL_SCOPE);
  return detail!.members.map((m) => m.id).sort();
}

describe('detection engines and heap sizing', () => {
  let gds: string | null = null;
  beforeAll(async () => {
    await cleanDatabase();
    await writeGraph(world().graph);
    gds = await gdsVersion();
  });
  afterAll(closeDriver);

  it('refuses at once a run whose analysis would not fit, and records and audits why', async () => {
    const phases: string[] = [];
    // A limit under the estimate's fixed part (jobs/engine.ts baseMb, 128 MB): no graph fits.
    const { runId, done, audited } = await startDetection(
      { seed: 7, engine: 'in-process', maxHeapMb: ENGINE_DEFAULTS.baseMb - 1 },
      { onProgress: (p) => phases.push(p.phase), onWarning: () => undefined, actor: 'cli:sizing' },
    );
    await expect(done).rejects.toThrow(/SKEIN_ANALYSIS_MAX_HEAP_MB.*--max-heap-mb/);
    await audited;
    // Nothing was read: the run failed while sizing, before the projection.
    expect(phases).not.toContain('projection');
    const run = await getRun(runId, FULL_SCOPE);
    expect(run?.status).toBe('failed');
    expect(JSON.stringify(run)).toMatch(/estimated \d+ MB of analysis heap/);
    const record = (
      await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 10_000, actor: 'cli:sizing' })
    ).find((r) => r.operation === `analysis ${runId}`);
    expect(record?.outcome).toMatch(/fail.*SKEIN_ANALYSIS_MAX_HEAP_MB/i);
  });

  it('sizes the worker from the graph and records the engine on an in-process run', async () => {
    const { runId, done } = await startDetection({ seed: 7, engine: 'in-process' });
    const summary = await done;
    expect(summary.engine).toMatchObject({ engine: 'in-process', algorithm: 'louvain', reason: 'asked for' });
    const [rels] = await executeRead('MATCH ()-[r]->() RETURN count(r) AS c');
    // The sizing counts the entity graph only: never more than the store holds.
    expect(summary.engine.sized.relationships).toBeGreaterThan(300);
    expect(summary.engine.sized.relationships).toBeLessThanOrEqual(Number(rels!.c));
    expect(summary.engine.heapMb).toBeGreaterThanOrEqual(summary.engine.estimateMb);
    const stored = await executeRead('MATCH (r:AnalysisRun {id: $runId}) RETURN r.engineJson AS e', {
      runId,
    });
    expect(JSON.parse(String(stored[0]!.e))).toMatchObject({ engine: 'in-process' });
    expect(await topMembers(runId)).toEqual(plantedMembers);
  });

  it('refuses Leiden in process', async () => {
    const { done } = await startDetection(
      { engine: 'in-process', algorithm: 'leiden' },
      { onWarning: () => undefined },
    );
    await expect(done).rejects.toThrow(/Leiden runs in the database only/);
  });

  it.each(['louvain', 'leiden'] as const)('finds the planted network with GDS %s', async (algorithm) => {
    if (gds === null) {
      console.warn('engines.test: no GDS on the test server (SKEIN_TEST_NEO4J_GDS=true); skipped');
      return;
    }
    const { runId, done } = await startDetection({ seed: 7, engine: 'gds', algorithm });
    const summary = await done;
    expect(summary.engine.engine).toBe('gds');
    expect(summary.engine.gds?.version).toBe(gds);
    expect(summary.engine.gds?.modularity).toBeGreaterThan(0.3);
    expect(summary.timings.gdsProject).toBeGreaterThanOrEqual(0);
    expect(await topMembers(runId)).toEqual(plantedMembers);
    // The in-memory GDS graph is dropped after the run.
    const left = await executeRead('CALL gds.graph.list() YIELD graphName RETURN count(*) AS c');
    expect(Number(left[0]!.c)).toBe(0);
  });
});
