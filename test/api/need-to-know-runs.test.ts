/**
 * Need-to-know for analysis results, exports and the audit trail (issue 19, leaks 1, 2, 8, 11):
 * two jurisdictions that share accounts and phones (the tiny fixture loaded through the loader, its
 * bank A, telecom and tenancy extracts as GB; bank B, the seized phone, the seizure exhibits and
 * the company registry as IE), detection runs started through the API by analysts of GB, IE, both
 * and '*', and real JWTs. A run's scope is the jurisdictions it read; a viewer sees a run, its
 * networks, members, changes and exports, only when their scope covers the run's, and a restricted
 * admin reads only the audit records of users their scope covers.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../src/export/formats.ts';
import { runLoad } from '../../src/jobs/load.ts';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { drainAudit } from '../../src/store/audit.ts';
import { getRun } from '../../src/store/read/analysis.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { executeRead } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { TINY_FIXTURE } from '../support/tiny-world.ts';

const SECRET = 'runs-need-to-know-secret-runs-need-to-know';
const app = createApp({
  graphiql: false,
  authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
  limits: { maxBodyBytes: 1_048_576, ratePerMinute: 0, burst: 1 },
});

const analyst = (id: string, jurisdictions: string[]): Viewer => ({ id, roles: ['analyst'], jurisdictions });
const GB = analyst('gb-analyst', ['GB']);
const IE = analyst('ie-analyst', ['IE']);
const GB_IE = analyst('gb-ie-analyst', ['IE', 'GB']);
const ALL = analyst('all-analyst', ['*']);
const GB_ADMIN: Viewer = { id: 'gb-admin', roles: ['admin'], jurisdictions: ['GB'] };
const ALL_ADMIN: Viewer = { id: 'all-admin', roles: ['admin'], jurisdictions: ['*'] };

const WORLD: [file: string, mapping: string, jurisdiction: string][] = [
  ['bank-a-statements.csv', 'bank-a', 'GB'],
  ['telecom-cdr.csv', 'telecom', 'GB'],
  ['tenancy-register.csv', 'tenancy', 'GB'],
  ['bank-b-transacties.csv', 'bank-b', 'IE'],
  ['seized-phone-contacts.csv', 'seized-phone', 'IE'],
  ['seizure-exhibits.csv', 'seizure', 'IE'],
  ['company-registry.csv', 'registry', 'IE'],
];

async function headers(viewer: Viewer): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signDevelopmentToken(SECRET, viewer)}` };
}

async function as(viewer: Viewer, query: string, variables: Record<string, unknown> = {}) {
  const response = await app.fetch('http://skein.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await headers(viewer)) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

async function exportAs(viewer: Viewer, path: string, method = 'GET') {
  return app.fetch(`http://skein.test${path}`, { method, headers: await headers(viewer) });
}

/** Starts a run through the API as `viewer` and waits (in the store) until it has finished. */
async function analyse(viewer: Viewer): Promise<string> {
  const { data, errors } = await as(viewer, 'mutation { startAnalysis(input: {seed: 7}) { id } }');
  expect(errors).toBeUndefined();
  const id = data?.startAnalysis.id as string;
  const status = await pollUntil(
    `run ${id}`,
    async () => (await getRun(id, FULL_SCOPE))?.status,
    (s) => s !== 'running',
  );
  if (status !== 'completed') throw new Error(`run ${id} ended ${status}`);
  return id;
}

const RUN = `query($id: String!) { analysisRun(id: $id) { id jurisdictions previousRunId
  changes { new stable grown shrunk dissolved merged split } } }`;
const NETWORK_IDS = `query($runId: String) { networks(runId: $runId, first: 200) { totalCount edges { node { id stableId } } } }`;

/** Run ids in the order they were started (and completed). */
const runs = { gbIe: '', all: '', gb1: '', gb2: '', all2: '', ie: '' };

beforeAll(async () => {
  await cleanDatabase();
  for (const [file, mapping, jurisdiction] of WORLD) {
    await runLoad({
      file: join(TINY_FIXTURE, file),
      mapping,
      jurisdiction,
      rejectsFile: join(import.meta.dirname, '../../.skein/test-rejects/need-to-know-runs', `${file}.jsonl`),
    });
  }
  runs.gbIe = await analyse(GB_IE);
  runs.all = await analyse(ALL);
  runs.gb1 = await analyse(GB);
  runs.gb2 = await analyse(GB);
  runs.all2 = await analyse(ALL);
  runs.ie = await analyse(IE);
  await drainAudit();
}, 600_000);
afterAll(async () => {
  await drainAudit();
  await closeDriver();
});

describe('the world', () => {
  it('has GB and IE extracts sharing accounts and phones, and a run per scope with networks', async () => {
    const [shared] = await executeRead(
      `MATCH (:Extract {jurisdiction: 'GB'})-[:MENTIONS]->(n)<-[:MENTIONS]-(:Extract {jurisdiction: 'IE'})
       RETURN count(DISTINCT n) AS n`,
    );
    expect(Number(shared?.n)).toBeGreaterThan(10);
    for (const id of Object.values(runs)) expect((await getRun(id, FULL_SCOPE))?.networks).toBeGreaterThan(0);
  });
});

describe('a run is scoped to the jurisdictions it read', () => {
  it('stores them sorted, "*" for a run over everything', async () => {
    const scopes = await Promise.all(
      Object.values(runs).map(async (id) => (await as(ALL, RUN, { id })).data?.analysisRun.jurisdictions),
    );
    expect(scopes).toEqual([['GB', 'IE'], ['*'], ['GB'], ['GB'], ['*'], ['IE']]);
  });

  it('lists to each viewer exactly the runs their scope covers', async () => {
    const listed = async (viewer: Viewer) =>
      (
        (await as(viewer, '{ analysisRuns(first: 100) { totalCount edges { node { id } } } }')).data
          .analysisRuns.edges as { node: { id: string } }[]
      ).map((e) => e.node.id);
    expect(await listed(GB)).toEqual([runs.gb2, runs.gb1]);
    expect(await listed(IE)).toEqual([runs.ie]);
    expect(await listed(GB_IE)).toEqual([runs.ie, runs.gb2, runs.gb1, runs.gbIe]);
    expect(await listed(ALL)).toEqual([runs.ie, runs.all2, runs.gb2, runs.gb1, runs.all, runs.gbIe]);
  });

  it('answers a hidden run, its networks and one of its networks exactly as missing ones', async () => {
    const hidden = await as(GB, RUN, { id: runs.gbIe });
    const missing = await as(GB, RUN, { id: 'run-none' });
    expect(hidden.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message.replace(runs.gbIe, 'X')).toBe(
      missing.errors?.[0]?.message.replace('run-none', 'X'),
    );
    expect(hidden.data).toBeNull();
    const networks = await as(GB, NETWORK_IDS, { runId: runs.all });
    expect(networks.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const [network] = (await as(ALL, NETWORK_IDS, { runId: runs.gbIe })).data?.networks.edges ?? [];
    const one = await as(GB, 'query($id: String!) { network(id: $id) { id members { entityId } } }', {
      id: network.node.id,
    });
    expect(one.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    // Its owners see it; a GB+IE viewer also sees the runs of each of their jurisdictions alone.
    expect((await as(GB_IE, RUN, { id: runs.gbIe })).data?.analysisRun.id).toBe(runs.gbIe);
    expect((await as(GB_IE, RUN, { id: runs.gb1 })).data?.analysisRun.id).toBe(runs.gb1);
  });

  it('takes its previous run only among completed runs of the same scope (leak 2)', async () => {
    const run = async (id: string) => (await as(ALL, RUN, { id })).data?.analysisRun;
    const own = async (id: string) =>
      new Set(
        ((await as(ALL, NETWORK_IDS, { runId: id })).data.networks.edges as any[]).map(
          (e) => e.node.stableId,
        ),
      );
    // The first GB run follows the '*' and GB+IE runs but inherits nothing from them.
    const gb1 = await run(runs.gb1);
    expect(gb1.previousRunId).toBeNull();
    const gb1Own = await own(runs.gb1);
    const mentioned = Object.values(gb1.changes ?? {}).flat() as string[];
    for (const id of mentioned) expect(gb1Own.has(id), id).toBe(true);
    expect(gb1.changes?.dissolved ?? []).toEqual([]);
    // The second GB run follows the first: same data, same seed, so every network is kept.
    const gb2 = await run(runs.gb2);
    expect(gb2.previousRunId).toBe(runs.gb1);
    expect(gb2.changes.new).toEqual([]);
    expect(new Set(gb2.changes.stable)).toEqual(gb1Own);
    // A '*' run follows the previous '*' run, and the IE run (newest of all) nothing.
    expect((await run(runs.all2)).previousRunId).toBe(runs.all);
    expect((await run(runs.ie)).previousRunId).toBeNull();
    // What a GB analyst reads of their own run names no run they may not see.
    const seen = await as(GB, RUN, { id: runs.gb1 });
    expect(JSON.stringify(seen.data)).not.toContain(runs.all);
    expect(JSON.stringify(seen.data)).not.toContain(runs.gbIe);
  });

  it('defaults the networks list to the newest completed run the viewer may see (leak 11, #17)', async () => {
    const defaultRun = async (viewer: Viewer) => {
      const { data, errors } = await as(viewer, NETWORK_IDS, {});
      expect(errors).toBeUndefined();
      const ids = (data.networks.edges as any[]).map((e) => e.node.id as string);
      expect(ids.length).toBeGreaterThan(0);
      return [...new Set(ids.map((id) => id.slice(0, id.indexOf('/'))))];
    };
    expect(await defaultRun(GB)).toEqual([runs.gb2]);
    expect(await defaultRun(IE)).toEqual([runs.ie]);
    expect(await defaultRun(GB_IE)).toEqual([runs.ie]);
    expect(await defaultRun(ALL)).toEqual([runs.ie]);
  });

  it('shows the members of a visible network as entities the viewer may see', async () => {
    const { data } = await as(
      GB,
      `query($runId: String) { networks(runId: $runId, first: 3) { edges { node {
         members { entityId entity { entityId } } } } } }`,
      { runId: runs.gb2 },
    );
    const members = (data.networks.edges as any[]).flatMap((e) => e.node.members);
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) expect(m.entity?.entityId, m.entityId).toBe(m.entityId);
  });

  it('refuses to start a run for a viewer of no jurisdiction, instead of analysing everything', async () => {
    const before = (await executeRead('MATCH (r:AnalysisRun) RETURN count(r) AS n'))[0]?.n;
    const { data, errors } = await as(
      analyst('nobody', []),
      'mutation { startAnalysis(input: {seed: 7}) { id } }',
    );
    expect(data?.startAnalysis ?? null).toBeNull();
    expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(errors?.[0]?.extensions.code);
    expect((await executeRead('MATCH (r:AnalysisRun) RETURN count(r) AS n'))[0]?.n).toBe(before);
  });
});

describe('exports of networks follow the run’s visibility (leak 1)', () => {
  const networkOf = async (runId: string) =>
    (await as(ALL, NETWORK_IDS, { runId })).data?.networks.edges[0].node.id as string;
  const path = (id: string, suffix: string) => `/export/network/${encodeURIComponent(id)}.${suffix}`;

  it('answers 404 in every format, as for a missing network, with nothing of it in the body', async () => {
    for (const hiddenRun of [runs.gbIe, runs.all, runs.ie]) {
      const hidden = await networkOf(hiddenRun);
      const missing = `${runs.gb2}/net-none`;
      for (const { suffix } of EXPORT_FORMATS) {
        const response = await exportAs(GB, path(hidden, suffix));
        const body = await response.text();
        expect(response.status, `${hidden}.${suffix}`).toBe(404);
        const control = await exportAs(GB, path(missing, suffix));
        expect(body.replace(hidden, 'X')).toBe((await control.text()).replace(missing, 'X'));
        expect(response.headers.get('x-skein-nodes')).toBeNull();
      }
      const head = await exportAs(GB, path(hidden, 'json'), 'HEAD');
      expect(head.status).toBe(404);
      const expanded = await exportAs(GB, `${path(hidden, 'json')}?expand=${encodeURIComponent(hidden)}`);
      expect(expanded.status).toBe(404);
    }
  });

  it('exports a network to viewers covering its run', async () => {
    const own = await exportAs(GB, path(await networkOf(runs.gb2), 'json'));
    expect(own.status).toBe(200);
    expect(Number(own.headers.get('x-skein-nodes'))).toBeGreaterThan(0);
    const both = await exportAs(GB_IE, path(await networkOf(runs.gbIe), 'gexf'));
    expect(both.status).toBe(200);
  });

  it('records a refused export as NOT_FOUND, the same as a missing network', async () => {
    await drainAudit();
    const { data } = await as(
      ALL_ADMIN,
      '{ auditTrail(actor: "gb-analyst", limit: 500) { action operation outcome entityIds } }',
    );
    const exports = (data.auditTrail as any[]).filter((r) => r.action === 'export');
    const refused = exports.filter((r) => r.outcome === 'NOT_FOUND');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.entityIds).toEqual([]);
  });
});

describe('the audit trail of a jurisdiction-restricted admin (leak 8)', () => {
  const TRAIL = `query($actor: String, $after: Int) { auditTrail(limit: 500, actor: $actor, afterSeq: $after) {
    seq actor action operation args entityIds outcome jurisdictions } }`;

  /** Every record the viewer may read, page by page. */
  async function trail(viewer: Viewer, actor: string | null = null) {
    const records: any[] = [];
    for (;;) {
      const { data, errors } = await as(viewer, TRAIL, { actor, after: records.at(-1)?.seq ?? 0 });
      expect(errors).toBeUndefined();
      records.push(...(data.auditTrail as any[]));
      if (data.auditTrail.length < 500) return records;
    }
  }

  beforeAll(async () => {
    // An IE analyst's search string, and a GB analyst's own, both recorded.
    const search = 'query Look($text: String!) { search(text: $text) { totalCount } }';
    await as(IE, search, { text: 'secret-ie-search-string' });
    await as(GB, search, { text: 'gb-search-string' });
    await drainAudit();
  });

  it('holds only records of users whose jurisdictions the admin covers', async () => {
    const records = await trail(GB_ADMIN);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r.jurisdictions, `${r.seq} ${r.actor}`).toEqual(['GB']);
    const text = JSON.stringify(records);
    expect(text).not.toContain('secret-ie-search-string');
    expect(text).not.toContain('ie-analyst');
    expect(text).not.toContain('gb-ie-analyst');
    expect(text).not.toContain('all-analyst');
    expect(text).not.toContain(TINY_FIXTURE);
    const operations = records.map((r) => r.operation);
    for (const id of [runs.gbIe, runs.all, runs.all2, runs.ie])
      expect(operations).not.toContain(`analysis ${id}`);
    // The GB analyst's runs and exports are theirs to read.
    expect(operations).toContain(`analysis ${runs.gb1}`);
    expect(records.some((r) => r.action === 'export' && r.actor === 'gb-analyst')).toBe(true);
  });

  it('filters by another jurisdiction’s actor to nothing', async () => {
    expect(await trail(GB_ADMIN, 'ie-analyst')).toEqual([]);
  });

  it('keeps everything, and the chain check, for admins of every jurisdiction', async () => {
    const records = await trail(ALL_ADMIN);
    const text = JSON.stringify(records);
    expect(text).toContain('secret-ie-search-string');
    expect(records.some((r) => r.operation === `analysis ${runs.ie}`)).toBe(true);
    expect(records.some((r) => r.action === 'load')).toBe(true);
    const check = await as(ALL_ADMIN, '{ verifyAuditTrail { ok records } }');
    expect(check.data?.verifyAuditTrail.ok).toBe(true);
    const refused = await as(GB_ADMIN, '{ verifyAuditTrail { ok } }');
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
