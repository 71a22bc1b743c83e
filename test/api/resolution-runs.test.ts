/**
 * Resolution runs over the API (issue 13, item 1): `startResolution` as analysts of GB, GB+IE and
 * '*' with real JWTs, polled through `resolutionRun`, listed by `resolutionRuns`. A run's scope is
 * the jurisdictions it read; a viewer sees a run (and its counts, which say what the data held)
 * only when their scope covers it, as analysis runs. Input is validated before a run is created,
 * and every run is in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/serve/viewer.ts';
import { drainAudit } from '../../src/store/audit.ts';
import { executeRead } from '../../src/store/run.ts';
import { writeRecordWorld } from '../integration/resolve/run-world.ts';
import { closeDriver } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { jwtClient } from './client.ts';

const SECRET = 'resolution-runs-secret-resolution-runs-secret';
const { as } = jwtClient(SECRET, { limits: { maxBodyBytes: 1_048_576, ratePerMinute: 0, burst: 1 } });

const analyst = (id: string, jurisdictions: string[]): Viewer => ({ id, roles: ['analyst'], jurisdictions });
const GB = analyst('gb-analyst', ['GB']);
const IE = analyst('ie-analyst', ['IE']);
const GB_IE = analyst('gb-ie-analyst', ['IE', 'GB']);
const ALL = analyst('all-analyst', ['*']);
const GB_INVESTIGATOR: Viewer = { id: 'gb-investigator', roles: ['investigator'], jurisdictions: ['GB'] };

const RUN = `query($id: ID!) { resolutionRun(id: $id) { id status phase progress jurisdictions seed threshold
  records { label records } compared candidates blockCounts { kind candidates } skipped { reason count }
  ruleMatches { rule matches } proposals sameAs possiblySameAs replaced error } }`;
const START = `mutation($input: StartResolutionInput) { startResolution(input: $input) { id status jurisdictions } }`;

/** Starts a run as `viewer` and polls it through the API until it has finished. */
async function resolveAs(viewer: Viewer, input: Record<string, unknown> = {}): Promise<any> {
  const { data, errors } = await as(viewer, START, { input });
  expect(errors).toBeUndefined();
  expect(data.startResolution.status).toBe('RUNNING');
  const id = data.startResolution.id as string;
  return pollUntil(
    `resolution run ${id}`,
    async () => (await as(viewer, RUN, { id })).data?.resolutionRun,
    (run) => run?.status !== 'RUNNING',
  );
}

const listed = async (viewer: Viewer) =>
  (
    (await as(viewer, '{ resolutionRuns(first: 50) { totalCount edges { node { id } } } }')).data
      .resolutionRuns.edges as { node: { id: string } }[]
  ).map((e) => e.node.id);

const runs = { gb: undefined as any, gbIe: undefined as any, all: undefined as any };

beforeAll(async () => {
  await writeRecordWorld({ persons: 300, companies: 30, seed: 11 });
  runs.gb = await resolveAs(GB, { seed: 7, threshold: 0.9 });
  runs.gbIe = await resolveAs(GB_IE);
  runs.all = await resolveAs(ALL, { labels: ['PERSON'] });
  await drainAudit();
}, 300_000);
afterAll(async () => {
  await drainAudit();
  await closeDriver();
});

describe('startResolution and resolutionRun', () => {
  it('runs over the viewer’s jurisdictions and reports its counts', async () => {
    const run = runs.gb;
    expect(run).toMatchObject({
      status: 'COMPLETED',
      phase: 'completed',
      progress: 1,
      jurisdictions: ['GB'],
    });
    expect(run).toMatchObject({ seed: 7, threshold: 0.9, error: null });
    const [persons] = await executeRead(
      "MATCH (:Extract {jurisdiction: 'GB'})-[:MENTIONS]->(n:Person) RETURN count(DISTINCT n) AS n",
    );
    expect(run.records).toContainEqual({ label: 'Person', records: Number(persons!.n) });
    const blocked = (run.blockCounts as { candidates: number }[]).reduce((s, b) => s + b.candidates, 0);
    expect(blocked).toBe(run.candidates);
    expect(run.blockCounts.map((b: { kind: string }) => b.kind)).toContain('phonetic');
    const [stored] = await executeRead(
      'MATCH ()-[r:POSSIBLY_SAME_AS]->() WHERE r.runId = $id RETURN count(r) AS n',
      { id: run.id },
    );
    expect(run.possiblySameAs).toBe(Number(stored!.n));
    expect(run.proposals).toBe(run.possiblySameAs);
    expect(runs.gbIe.jurisdictions).toEqual(['GB', 'IE']);
    expect(runs.all.jurisdictions).toEqual(['*']);
    expect(runs.all.records).toEqual([{ label: 'Person', records: expect.any(Number) }]);
  });

  it('shows a run only to viewers whose scope covers it', async () => {
    const seen = async (viewer: Viewer, id: string) =>
      (await as(viewer, RUN, { id })).data?.resolutionRun?.id ?? null;
    expect(await seen(GB, runs.gb.id)).toBe(runs.gb.id);
    expect(await seen(GB, runs.gbIe.id)).toBeNull();
    expect(await seen(GB, runs.all.id)).toBeNull();
    expect(await seen(IE, runs.gb.id)).toBeNull();
    expect(await seen(GB_IE, runs.gbIe.id)).toBe(runs.gbIe.id);
    expect(await seen(ALL, runs.gbIe.id)).toBe(runs.gbIe.id);
    expect(await listed(GB)).toEqual([runs.gb.id]);
    expect(await listed(IE)).toEqual([]);
    expect(await listed(GB_IE)).toEqual([runs.gbIe.id, runs.gb.id]);
    expect(await listed(ALL)).toEqual([runs.all.id, runs.gbIe.id, runs.gb.id]);
  });

  it('pages the list with cursors', async () => {
    const page = async (after: string | null) =>
      (
        await as(
          ALL,
          'query($after: String) { resolutionRuns(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }',
          { after },
        )
      ).data.resolutionRuns;
    const one = await page(null);
    expect(one.totalCount).toBe(3);
    expect(one.pageInfo.hasNextPage).toBe(true);
    const two = await page(one.pageInfo.endCursor);
    expect([...one.edges, ...two.edges].map((e: any) => e.node.id)).toEqual([
      runs.all.id,
      runs.gbIe.id,
      runs.gb.id,
    ]);
    expect(two.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses bad input, foreign jurisdictions and non-analysts before creating a run', async () => {
    const [before] = await executeRead('MATCH (r:ResolutionRun) RETURN count(r) AS n');
    const refused = async (viewer: Viewer, input: Record<string, unknown>) =>
      (await as(viewer, START, { input })).errors?.[0];
    expect(await refused(GB, { threshold: 1.5 })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argument: 'input.threshold' },
    });
    expect(await refused(GB, { seed: -1 })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await refused(GB, { labels: [] })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argument: 'input.labels' },
    });
    expect(await refused(GB, { jurisdictions: ['IE'] })).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    // A token of no jurisdiction is refused at the door or by the mutation, never runs over everything.
    expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(
      (await refused(analyst('nobody', []), {}))?.extensions.code,
    );
    expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain((await refused(GB_INVESTIGATOR, {}))?.extensions.code);
    const [after] = await executeRead('MATCH (r:ResolutionRun) RETURN count(r) AS n');
    expect(after!.n).toBe(before!.n);
  });

  it('records every run in the audit trail with its outcome', async () => {
    const rows = await executeRead(
      "MATCH (a:AuditRecord {action: 'resolution'}) RETURN a.actor AS actor, a.outcome AS outcome, a.entityIds AS ids",
    );
    for (const [viewer, run] of [
      [GB, runs.gb],
      [GB_IE, runs.gbIe],
      [ALL, runs.all],
    ] as const) {
      const record = rows.find((r) => (r.ids as string[]).includes(run.id));
      expect(record?.actor).toBe(viewer.id);
      expect(record?.outcome).toMatch(/^complete: \d+ same-as, \d+ possibly-same-as/);
    }
  });

  it('answers CONFLICT, naming the running run, to the second of two starts of one scope at once', async () => {
    const answers = await Promise.all([
      as(GB, START, { input: { labels: ['ORGANISATION'] } }),
      as(GB, START, { input: { labels: ['ORGANISATION'] } }),
    ]);
    const started = answers.filter((a) => a.errors === undefined);
    const refused = answers.filter((a) => a.errors !== undefined);
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const id = started[0]!.data.startResolution.id as string;
    expect(refused[0]!.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT', runningRunId: id },
      message: expect.stringMatching(/still running .*wait for it/),
    });
    const run = await pollUntil(
      `resolution run ${id}`,
      async () => (await as(GB, RUN, { id })).data?.resolutionRun,
      (r) => r?.status !== 'RUNNING',
    );
    expect(run.status).toBe('COMPLETED');
    await drainAudit();
  });
});
