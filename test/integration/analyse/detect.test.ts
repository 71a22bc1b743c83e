import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDetection } from '../../../src/jobs/detect.ts';
import { RELATIONSHIP_TYPES } from '../../../src/model/relationships.ts';
import { readAudit } from '../../../src/store/audit.ts';
import {
  compareWithPrevious,
  getNetwork,
  getRun,
  listNetworks,
  listRuns,
} from '../../../src/store/read/analysis.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../../src/store/run.ts';
import { abandonStaleRuns, createRun } from '../../../src/store/write-analysis.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { BIG_EMPLOYER, CARE_HOME, LARGE_FAMILY, PLANTED, world } from '../../unit/analyse/world.ts';
import { writeGraph } from './seed-graph.ts';

describe('detection run against Neo4j (hand-built world)', () => {
  beforeAll(async () => {
    await cleanDatabase();
    await writeGraph(world().graph);
  });
  afterAll(closeDriver);

  let firstRun = '';

  it('stores a completed run whose top network is the planted one, explained and role-aware', async () => {
    const phases: string[] = [];
    const { runId, done } = await startDetection({ seed: 7 }, { onProgress: (p) => phases.push(p.phase) });
    expect((await getRun(runId, FULL_SCOPE))?.status).toMatch(/running|completed/);
    const summary = await done;
    firstRun = runId;
    expect(phases).toContain('projection');
    expect(phases.at(-1)).toBe('completed');
    const run = await getRun(runId, FULL_SCOPE);
    expect(run).toMatchObject({ status: 'completed', seed: 7 });
    expect(run?.modularity).toBeGreaterThan(0.3);
    expect(summary.counts.projectedRelationships).toBeGreaterThan(300);

    const page = await listNetworks(runId, FULL_SCOPE, { first: 10 });
    expect(page.totalCount).toBe(4);
    const top = page.nodes[0]!;
    expect(top.categories).toEqual(['BENEFIT', 'FINANCIAL', 'THB']);
    expect(top.linksCategories).toBe(true);
    expect(top.offenders[0]).toBe(PLANTED.controller);
    for (const victim of PLANTED.victims) expect(top.offenders).not.toContain(victim);

    const detail = await getNetwork(top.id, FULL_SCOPE);
    const memberIds = detail!.members.map((m) => m.id).sort();
    expect(memberIds).toEqual(
      [PLANTED.controller, PLANTED.agency, 'person:abroad', ...PLANTED.workers].sort(),
    );
    expect(detail!.members.find((m) => m.id === 'person:w1')?.role).toBe('victim');
    expect(detail!.members.find((m) => m.id === PLANTED.controller)?.role).toBe('suspect');
    const points = detail!.matches.reduce((sum, m) => sum + m.points, 0);
    expect(points).toBeCloseTo(detail!.risk, 6);
    expect(detail!.matches.every((m) => m.nodes.length > 0 && m.relationships.length > 0)).toBe(true);

    // Hard negatives are found as networks but score nothing.
    const others = page.nodes.slice(1);
    const contains = (id: string) => others.find((n) => n.keyActors.includes(id) || n.offenders.includes(id));
    expect(others.every((n) => n.risk === 0)).toBe(true);
    void contains;
    void [BIG_EMPLOYER, CARE_HOME, LARGE_FAMILY];
  });

  it('keeps network ids on a second run and records the comparison', async () => {
    const { runId, done } = await startDetection({ seed: 7 });
    await done;
    const before = await listNetworks(firstRun, FULL_SCOPE, { first: 10 });
    const after = await listNetworks(runId, FULL_SCOPE, { first: 10 });
    expect(after.nodes.map((n) => n.stableId).sort()).toEqual(before.nodes.map((n) => n.stableId).sort());
    const comparison = await compareWithPrevious(runId, FULL_SCOPE);
    expect(comparison?.previousRunId).toBe(firstRun);
    expect(comparison?.changes?.stable.length).toBe(4);
    expect(comparison?.changes?.new).toEqual([]);
    const runs = await listRuns(FULL_SCOPE, { first: 1 });
    expect(runs.nodes[0]?.id).toBe(runId);
    expect(runs.hasNextPage).toBe(true);
    const rest = await listRuns(FULL_SCOPE, { first: 5, after: runs.endCursor });
    expect(rest.nodes.map((r) => r.id)).toContain(firstRun);
  });

  it('records every run in the audit trail with who started it and its outcome', async () => {
    const { runId, done, audited } = await startDetection({ seed: 7 }, { actor: 'cli:tester' });
    await done;
    // The record is appended after the run settles: wait for it to be durable (not a 1 s poll,
    // which a loaded machine's group commit can outlast).
    await audited;
    const record = (
      await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 10_000, actor: 'cli:tester' })
    ).find((r) => r.operation === `analysis ${runId}`)!;
    expect(record).toMatchObject({ action: 'analysis', entityIds: [runId] });
    expect(record.outcome).toMatch(/^complete: \d+ networks$/);
    expect(JSON.parse(record.args)).toEqual({ seed: 7 });
  });

  it('pages networks by risk with a cursor and filters by category and size', async () => {
    const first = await listNetworks(firstRun, FULL_SCOPE, { first: 2 });
    const second = await listNetworks(firstRun, FULL_SCOPE, { first: 2, after: first.endCursor });
    expect(first.hasNextPage).toBe(true);
    expect([...first.nodes, ...second.nodes].map((n) => n.rank)).toEqual([1, 2, 3, 4]);
    expect((await listNetworks(firstRun, FULL_SCOPE, { categories: ['THB'] })).totalCount).toBe(1);
    expect((await listNetworks(firstRun, FULL_SCOPE, { minSize: 20 })).nodes.every((n) => n.size >= 20)).toBe(
      true,
    );
  });

  it('marks an interrupted run failed, never complete', async () => {
    await createRun({ id: 'run-interrupted', seed: 1, params: {}, jurisdictions: null });
    await executeWrite(
      "MATCH (r:AnalysisRun {id: 'run-interrupted'}) SET r.heartbeatAt = '2020-01-01T00:00:00Z'",
    );
    expect(await abandonStaleRuns()).toBe(1);
    const run = await getRun('run-interrupted', FULL_SCOPE);
    expect(run?.status).toBe('failed');
    expect(run?.error).toMatch(/interrupted/);
  });

  it('reads only the chosen time window of events', async () => {
    const { runId, done } = await startDetection({ seed: 7, since: '2024-03-01', until: '2024-04-01' });
    const summary = await done;
    const [row] = await executeRead(
      'MATCH ()-[r:PAID]->() WHERE r.at >= $s AND r.at < $u RETURN count(r) AS n',
      {
        s: '2024-03-01',
        u: '2024-04-01',
      },
    );
    const [all] = await executeRead(
      'MATCH ()-[r]->() WHERE type(r) IN $types AND NOT type(r) IN ["PAID", "CALLED", "CASH"] RETURN count(r) AS n',
      { types: RELATIONSHIP_TYPES },
    );
    expect(summary.counts.projectedRelationships).toBe(Number(row!.n) + Number(all!.n));
    expect(runId).toMatch(/^run-/);
  });
});
