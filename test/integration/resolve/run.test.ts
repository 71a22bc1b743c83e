/**
 * The durable resolution run against the real Neo4j (issue 13, item 1): a generated record world
 * written as the loader keeps it, resolved by `startResolution`; the stored relationships checked
 * against the contract and the world's truth, re-runs (identical answers, replacement of a scope's
 * old answers, judgements' relationships untouched), judgements respected, a GB run that uses no
 * IE-only data, and one run of a scope at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceKey } from '../../../src/analyse/resolve/evidence.ts';
import { ResolutionRunningError, startResolution } from '../../../src/jobs/resolve.ts';
import {
  matchKey,
  type StoredJudgement,
  type StoredMatchProperties,
} from '../../../src/model/resolution-contract.ts';
import { resolutionRecords, type StoredRecord } from '../../../src/store/read/resolution-records.ts';
import { getResolutionRun } from '../../../src/store/read/resolution-runs.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../../src/store/run.ts';
import { closeDriver } from '../../support/db.ts';
import { SCOPE_IDS, writeRecordWorld } from './run-world.ts';

/** A stored match as the contract defines it, with its type and its two records. */
type Rel = StoredMatchProperties & { type: string; a: string; b: string };

async function relationships(where = 'true'): Promise<Rel[]> {
  const rows = await executeRead(
    `MATCH (a)-[r:SAME_AS|POSSIBLY_SAME_AS|NOT_SAME_AS]->(b) WHERE ${where}
     RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props ORDER BY r.key`,
  );
  return rows.map((row) => ({ type: row.type, a: row.a, b: row.b, ...(row.props as object) }) as Rel);
}

async function resolve(params: Parameters<typeof startResolution>[0] = {}, inProcess = false) {
  const started = await startResolution(params, { onWarning: () => undefined, inProcess });
  const summary = await started.done;
  await started.audited;
  return summary;
}

async function records(): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  for (const label of ['Person', 'Organisation'] as const)
    for await (const page of resolutionRecords(label, FULL_SCOPE)) for (const r of page) out.set(r.id, r);
  return out;
}

function judgement(
  id: string,
  decision: 'confirmed' | 'rejected',
  a: string,
  b: string,
  evidence: string,
  extra: Partial<StoredJudgement> = {},
): StoredJudgement {
  return {
    id,
    decision,
    a,
    b,
    author: 'investigator-1',
    authorJurisdictions: ['*'],
    jurisdictions: ['*'],
    scopeKey: '*',
    reason: 'test',
    at: '2026-01-01T00:00:00Z',
    evidenceKey: evidence,
    withdrawnAt: null,
    withdrawnBy: null,
    withdrawReason: null,
    ...extra,
  };
}

async function storeJudgements(list: StoredJudgement[]): Promise<void> {
  await executeWrite('UNWIND $list AS j CREATE (n:Judgement) SET n = j', { list });
}

describe('jobs/resolve: the durable resolution run', () => {
  let world: Awaited<ReturnType<typeof writeRecordWorld>>;
  let firstRun: string;
  let first: Rel[];

  beforeAll(async () => {
    world = await writeRecordWorld();
    firstRun = (await resolve()).runId;
    first = await relationships();
  }, 300_000);
  afterAll(closeDriver);

  it('stores a completed run with its counts, and matches as the contract says', async () => {
    const run = await getResolutionRun(firstRun, FULL_SCOPE);
    expect(run?.status).toBe('completed');
    expect(run?.progress).toBe(1);
    expect(run?.jurisdictions).toEqual(['*']);
    const counts = run!.counts!;
    const [persons] = await executeRead('MATCH (n:Person) RETURN count(n) AS n');
    expect(counts.records.Person).toBe(Number(persons!.n));
    expect(Object.values(counts.candidatesByKind).reduce((s, n) => s + n, 0)).toBe(counts.candidates);
    const sameAs = first.filter((r) => r.type === 'SAME_AS');
    const possibly = first.filter((r) => r.type === 'POSSIBLY_SAME_AS');
    expect(sameAs.length).toBeGreaterThan(10);
    expect(possibly.length).toBeGreaterThan(10);
    expect(counts.written).toEqual({ SAME_AS: sameAs.length, POSSIBLY_SAME_AS: possibly.length });
    expect(Object.values(counts.ruleMatches).reduce((s, n) => s + n, 0)).toBe(sameAs.length);
    expect(counts.proposals).toBe(possibly.length);
    const read = await records();
    for (const r of first) {
      expect(r.a < r.b).toBe(true);
      expect(r.key).toBe(matchKey(r.type as 'SAME_AS', r.a, r.b, ['*']));
      expect(r).toMatchObject({ runId: firstRun, jurisdictions: ['*'], scopeKey: '*' });
      expect(r.evidenceKey).toBe(evidenceKey(read.get(r.a)!, read.get(r.b)!));
      const reasons = JSON.parse(r.reasonsJson) as { feature: string; level: string; weight: number }[];
      expect(reasons.length).toBeGreaterThan(0);
      if (r.type === 'SAME_AS') {
        expect(r.by).toMatch(/^rule:same-(document|registration)$/);
        expect(r.score).toBe(1);
      } else {
        expect(r.by).toBe('score');
        // The default threshold (0.5): proposals of the review band (below 0.8) are stored too.
        expect(r.score).toBeGreaterThanOrEqual(0.5);
        // The score is the logistic of the match weight, which is the prior plus the reasons.
        expect(r.score).toBeCloseTo(1 / (1 + 2 ** -r.matchWeight!), 4);
        expect(reasons.some((x) => x.feature === 'name')).toBe(true);
      }
    }
    // Against the truth, independently of the resolver: what the run stored is one entity.
    const entityOf = (id: string) => world.entityOf.get(id);
    const judged = first.filter((r) => entityOf(r.a) && entityOf(r.b));
    const right = judged.filter((r) => entityOf(r.a) === entityOf(r.b));
    expect(right.length / judged.length).toBeGreaterThanOrEqual(0.95);
    const rules = sameAs.filter((r) => entityOf(r.a) && entityOf(r.b));
    expect(rules.every((r) => entityOf(r.a) === entityOf(r.b))).toBe(true);
    // The IE register's document joins the two GB records in a run over everything.
    expect(sameAs.find((r) => r.a === SCOPE_IDS.gbPolice && r.b === SCOPE_IDS.gbBank)?.by).toBe(
      'rule:same-document',
    );
  });

  it('gives identical relationships when run again on unchanged data (worker or this thread)', async () => {
    const again = await resolve({}, true);
    const second = await relationships();
    const strip = (list: Rel[]) => list.map(({ runId: _runId, ...rest }) => rest);
    expect(strip(second)).toEqual(strip(first));
    expect(second.every((r) => r.runId === again.runId)).toBe(true);
    expect(again.counts.replaced).toBe(0);
  });

  it("replaces the scope's earlier answers, never a judgement's nor another scope's", async () => {
    const rule = first.find((r) => r.type === 'SAME_AS' && r.by === 'rule:same-document')!;
    // A confirmation of the same scope, made while no run saw it: its relationship has the rule's key.
    const confirmed = first.filter((r) => r.type === 'SAME_AS' && r.key !== rule.key)[0]!;
    await executeWrite(
      `MATCH (a)-[r:SAME_AS {key: $key}]->(b) DELETE r
       CREATE (a)-[:SAME_AS {key: $key, by: 'judgement', runId: null, judgementId: 'judgement-0', scopeKey: '*', jurisdictions: ['*']}]->(b)`,
      { key: confirmed.key },
    );
    await executeWrite(
      `MATCH (a:Person)-[h:HAS_DOCUMENT]->() WHERE a.id IN [$a, $b] DELETE h
       WITH count(*) AS gone
       MATCH (x:Person) WITH x ORDER BY x.id LIMIT 2 WITH collect(x) AS two
       WITH two[0] AS x, two[1] AS y
       CREATE (x)-[:POSSIBLY_SAME_AS {key: 'stale', by: 'score', runId: 'resolution-old', scopeKey: '*', jurisdictions: ['*']}]->(y)
       CREATE (x)-[:POSSIBLY_SAME_AS {key: 'other-scope', by: 'score', runId: 'resolution-old', scopeKey: 'GB', jurisdictions: ['GB']}]->(y)
       CREATE (x)-[:SAME_AS {key: 'judged', by: 'judgement', runId: null, judgementId: 'judgement-1', scopeKey: '*', jurisdictions: ['*']}]->(y)`,
      { a: rule.a, b: rule.b },
    );
    const again = await resolve();
    const keys = new Set((await relationships()).map((r) => r.key));
    expect(keys.has('stale')).toBe(false);
    expect(keys.has('other-scope')).toBe(true);
    expect(keys.has('judged')).toBe(true);
    expect(keys.has(rule.key)).toBe(false);
    expect(again.counts.replaced).toBeGreaterThanOrEqual(2);
    const [judged] = await relationships(`r.key = '${confirmed.key}'`);
    expect(judged?.by).toBe('judgement');
    expect(judged?.runId ?? null).toBeNull();
    await executeWrite(
      "MATCH ()-[r]->() WHERE r.key IN ['other-scope', 'judged'] OR (r.key = $key AND r.by = 'judgement') DELETE r",
      { key: confirmed.key },
    );
  });

  it('respects active judgements: confirmed and rejected pairs stay out until the evidence changes', async () => {
    const before = (await relationships("type(r) = 'POSSIBLY_SAME_AS'")).slice(0, 4);
    const rule = (await relationships("type(r) = 'SAME_AS' AND r.by STARTS WITH 'rule:'"))[0]!;
    expect(before).toHaveLength(4);
    const [confirmed, rejected, stale, withdrawn] = before as [Rel, Rel, Rel, Rel];
    await storeJudgements([
      judgement('judgement-c', 'confirmed', confirmed.a, confirmed.b, confirmed.evidenceKey),
      judgement('judgement-r', 'rejected', rejected.a, rejected.b, rejected.evidenceKey),
      judgement('judgement-s', 'rejected', stale.a, stale.b, 'evidence-before-a-new-document'),
      judgement('judgement-w', 'rejected', withdrawn.a, withdrawn.b, withdrawn.evidenceKey, {
        withdrawnAt: '2026-01-02T00:00:00Z',
        withdrawnBy: 'investigator-2',
      }),
      judgement('judgement-rule', 'rejected', rule.a, rule.b, rule.evidenceKey),
    ]);
    const again = await resolve();
    const now = await relationships(`r.runId = '${again.runId}'`);
    const has = (r: Rel) => now.some((x) => x.a === r.a && x.b === r.b);
    expect(has(confirmed)).toBe(false);
    expect(has(rejected)).toBe(false);
    expect(has(rule)).toBe(false);
    expect(has(stale)).toBe(true);
    expect(has(withdrawn)).toBe(true);
    expect(again.counts.judgements).toEqual({
      confirmed: 1,
      rejected: 2,
      newEvidence: 1,
      judgedDuringRun: 0,
    });
    await executeWrite('MATCH (j:Judgement) DETACH DELETE j');
  });

  it("scopes a GB run's answers to GB and uses no IE-only data", async () => {
    const everything = (await relationships("r.scopeKey = '*'")).length;
    // A judgement binds runs whose scope covers it: a GB one binds a GB run, an IE one does not.
    const [byGb, byIe] = (await relationships("type(r) = 'POSSIBLY_SAME_AS'")).slice(0, 2) as [Rel, Rel];
    await storeJudgements([
      judgement('judgement-gb', 'rejected', byGb.a, byGb.b, byGb.evidenceKey, {
        jurisdictions: ['GB'],
        scopeKey: 'GB',
      }),
      judgement('judgement-ie', 'rejected', byIe.a, byIe.b, byIe.evidenceKey, {
        jurisdictions: ['IE'],
        scopeKey: 'IE',
      }),
    ]);
    const gb = await resolve({ jurisdictions: ['GB'] });
    await executeWrite('MATCH (j:Judgement) DETACH DELETE j');
    const answers = await relationships(`r.runId = '${gb.runId}'`);
    expect(answers.some((r) => r.a === byGb.a && r.b === byGb.b)).toBe(false);
    expect(answers.some((r) => r.a === byIe.a && r.b === byIe.b)).toBe(true);
    expect(gb.counts.judgements.rejected).toBe(1);
    expect(answers.length).toBeGreaterThan(10);
    for (const r of answers) expect(r).toMatchObject({ jurisdictions: ['GB'], scopeKey: 'GB' });
    expect(answers.every((r) => r.key.endsWith('|GB'))).toBe(true);
    const pair = answers.filter((r) => r.a === SCOPE_IDS.gbPolice && r.b === SCOPE_IDS.gbBank);
    expect(pair.every((r) => r.type !== 'SAME_AS')).toBe(true);
    for (const r of answers) {
      expect(r.reasonsJson).not.toContain('MDSCOPE01');
      expect(r.reasonsJson).not.toContain('+353871234567');
    }
    const [recordsGb] = await executeRead(
      "MATCH (e:Extract {jurisdiction: 'GB'})-[:MENTIONS]->(n) WHERE n:Person RETURN count(DISTINCT n) AS n",
    );
    expect(gb.counts.records.Person).toBe(Number(recordsGb!.n));
    // Another scope's answers are not this run's to replace.
    expect((await relationships("r.scopeKey = '*'")).length).toBe(everything);
  });

  it('runs one resolution of a scope at a time, and abandons one whose heartbeat stopped', async () => {
    await executeWrite(
      `CREATE (:ResolutionRun {id: 'resolution-busy', status: 'running', scopeKey: 'GB', jurisdictions: ['GB'],
         seed: 1, paramsJson: '{}', startedAt: toString(datetime()), heartbeatAt: toString(datetime())})`,
    );
    await expect(startResolution({ jurisdictions: ['GB'] })).rejects.toBeInstanceOf(ResolutionRunningError);
    await executeWrite(
      "MATCH (r:ResolutionRun {id: 'resolution-busy'}) SET r.heartbeatAt = '2020-01-01T00:00:00Z'",
    );
    const run = await resolve({ jurisdictions: ['GB'], labels: ['Organisation'] });
    expect(run.counts.records).toEqual({ Organisation: expect.any(Number) });
    const busy = await getResolutionRun('resolution-busy', FULL_SCOPE);
    expect(busy?.status).toBe('failed');
    expect(busy?.error).toMatch(/interrupted/);
  });

  it('refuses bad parameters before creating a run', async () => {
    const [before] = await executeRead('MATCH (r:ResolutionRun) RETURN count(r) AS n');
    await expect(startResolution({ threshold: 1.5 })).rejects.toThrow(/jobs\/resolve: threshold/);
    await expect(startResolution({ labels: ['Account' as 'Person'] })).rejects.toThrow(/cannot be resolved/);
    const [after] = await executeRead('MATCH (r:ResolutionRun) RETURN count(r) AS n');
    expect(after!.n).toBe(before!.n);
  });
});
