/**
 * `reviewQueue` through the API (issue #13 item 5): undecided proposals ranked by impact against the
 * newest detection run the viewer may read — merges networks, joins a victim to a controller, brings
 * a record into a network, then score — and need-to-know: a GB analyst never sees a proposal made
 * for GB+IE viewers (even between GB records), nor learns of a GB+IE rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDetection } from '../../src/jobs/detect.ts';
import { matchKey } from '../../src/model/resolution-contract.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver, recordMentionFactsAsLoaded } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { jwtClient } from './client.ts';

const { as } = jwtClient('review-queue-test-secret-of-32-chars!!');
const GB: Viewer = { id: 'gb-analyst', roles: ['analyst'], jurisdictions: ['GB'] };
const IE: Viewer = { id: 'ie-analyst', roles: ['analyst'], jurisdictions: ['IE'] };
const ALL: Viewer = { id: 'all-analyst', roles: ['analyst'], jurisdictions: ['*'] };

const P = (id: string) => `person:gb:${id}`;
const I1 = 'person:ie:i1';

/** Ring 1 (r1a, r1b, r1c share a phone; r1c a recorded victim), ring 2 (an address), two loners. */
const WORLD = `
CREATE (gb:Extract {id: 'extract:gb', name: 'gb.csv', source: 'Police GB', jurisdiction: 'GB', sha256: 'a', status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 9, loaded: 9, rejected: 0})
CREATE (ie:Extract {id: 'extract:ie', name: 'ie.csv', source: 'Bank IE', jurisdiction: 'IE', sha256: 'b', status: 'complete', loadedAt: '2024-01-02T00:00:00Z', rows: 1, loaded: 1, rejected: 0})
CREATE (i:Person {id: $i1, name: 'Ion Rusu'})
MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(i)
CREATE (ph:Phone {id: 'phone:1', name: '+441'})
CREATE (ad:Address {id: 'address:2', name: '2 High St'})
CREATE (c:Case {id: 'case:1', name: 'Op Larch'})
FOREACH (n IN [ph, ad, c] | MERGE (gb)-[:MENTIONS {firstRow: 3, rows: 1}]->(n))
WITH gb, ph, ad, c
UNWIND $people AS id
CREATE (p:Person {id: id, name: id})
MERGE (gb)-[:MENTIONS {firstRow: 2, rows: 1}]->(p)
FOREACH (_ IN CASE WHEN id IN $phone THEN [1] ELSE [] END |
  CREATE (p)-[:HAS_PHONE {extracts: ['extract:gb'], extractRows: [2], extract: 'extract:gb', row: 2}]->(ph))
FOREACH (_ IN CASE WHEN id IN $address THEN [1] ELSE [] END |
  CREATE (p)-[:REGISTERED_AT {extracts: ['extract:gb'], extractRows: [3], extract: 'extract:gb', row: 3, kind: 'residence'}]->(ad))
FOREACH (_ IN CASE WHEN id = $victim THEN [1] ELSE [] END |
  CREATE (p)-[:INVOLVED_IN {extracts: ['extract:gb'], extractRows: [4], extract: 'extract:gb', row: 4, role: 'victim'}]->(c))`;

async function match(type: string, a: string, b: string, jurisdictions: string[], score: number | null) {
  const key = matchKey(type as 'SAME_AS', a, b, jurisdictions);
  const [from, to] = a < b ? [a, b] : [b, a];
  await executeWrite(
    `MATCH (a:Person {id: $from}), (b:Person {id: $to}) CREATE (a)-[r:${type}]->(b) SET r = $props`,
    {
      from,
      to,
      props: {
        key,
        by: type === 'POSSIBLY_SAME_AS' ? 'score' : 'judgement',
        jurisdictions,
        scopeKey: jurisdictions.join(','),
        score,
        matchWeight: score === null ? null : Math.log2(score / (1 - score)),
        reasonsJson:
          type === 'POSSIBLY_SAME_AS'
            ? JSON.stringify([{ feature: 'name', level: 'typo', weight: 6.5, detail: `"${a}" ~ "${b}"` }])
            : '[]',
        evidenceKey: 'e',
        createdAt: '2026-12-06T10:00:00Z',
        runId: type === 'POSSIBLY_SAME_AS' ? 'resolution-1' : null,
        judgementId: type === 'POSSIBLY_SAME_AS' ? null : `judgement-${key}`,
      },
    },
  );
  return key;
}

const QUEUE = `query($first: Int) { reviewQueue(first: $first) {
  id score impact reasons networks runId evidence a { entityId name } b { entityId } } }`;

const K: Record<string, string> = {};

beforeAll(async () => {
  await cleanDatabase();
  await executeWrite(WORLD, {
    i1: I1,
    people: ['r1a', 'r1b', 'r1c', 'r2a', 'r2b', 'r2c', 'l1', 'l2'].map(P),
    phone: ['r1a', 'r1b', 'r1c'].map(P),
    address: ['r2a', 'r2b', 'r2c'].map(P),
    victim: P('r1c'),
  });
  await recordMentionFactsAsLoaded();
  // The networks a GB viewer (and a viewer of all) measures impact against: ring 1 and ring 2.
  await (await startDetection({ seed: 5, jurisdictions: ['GB'] }, { inProcess: true })).done;
  K.merge = await match('POSSIBLY_SAME_AS', P('r1a'), P('r2b'), ['GB'], 0.9);
  K.victim = await match('POSSIBLY_SAME_AS', P('r1c'), P('r1b'), ['GB'], 0.85);
  K.joins = await match('POSSIBLY_SAME_AS', P('l1'), P('r2c'), ['GB'], 0.99);
  K.score = await match('POSSIBLY_SAME_AS', P('l1'), P('l2'), ['GB'], 0.999);
  // Made for GB+IE viewers: between two GB records, and between a GB and an IE record.
  K.gbie = await match('POSSIBLY_SAME_AS', P('r1b'), P('r2c'), ['GB', 'IE'], 0.95);
  K.cross = await match('POSSIBLY_SAME_AS', P('r1a'), I1, ['GB', 'IE'], 0.9);
  // Decided for GB: rejected, hence not in any queue.
  await match('POSSIBLY_SAME_AS', P('r2b'), P('r2c'), ['GB'], 0.97);
  await match('NOT_SAME_AS', P('r2b'), P('r2c'), ['GB'], null);
  // Rejected by a GB+IE investigator: decided for them, still undecided for a GB analyst.
  K.hiddenReject = await match('POSSIBLY_SAME_AS', P('l2'), P('r1a'), ['GB'], 0.8);
  await match('NOT_SAME_AS', P('l2'), P('r1a'), ['GB', 'IE'], null);
  // Below the review score (config resolution.reviewScore, 0.8): stored, never queued.
  K.band = await match('POSSIBLY_SAME_AS', P('l2'), P('r2a'), ['GB'], 0.6);
}, 180_000);
afterAll(closeDriver);

describe('reviewQueue', () => {
  it('ranks a GB analyst’s undecided proposals by impact, then score, and says why', async () => {
    const { data, errors } = await as(GB, QUEUE, { first: 20 });
    expect(errors).toBeUndefined();
    const items = data.reviewQueue as any[];
    // l2 ~ r1a was rejected by a GB+IE investigator: for a GB analyst it is still undecided.
    expect(items.map((i) => i.id)).toEqual([K.merge, K.victim, K.joins, K.hiddenReject, K.score]);
    expect(items.map((i) => i.id)).not.toContain(K.band);
    expect(items.map((i) => i.impact)).toEqual([
      'merges-networks',
      'joins-victim-to-controller',
      'joins-network',
      'joins-network',
      'score',
    ]);
    const [merge, victim, joins] = items;
    expect(merge.networks).toHaveLength(2);
    expect(merge.reasons[0]).toMatch(/^would merge network \S+ \(rank \d, risk [\d.]+\) with network \S+/);
    expect(merge.a.entityId).toBe(P('r1a'));
    expect(merge.b.entityId).toBe(P('r2b'));
    expect(merge.evidence).toEqual([`name typo (+6.50): "${P('r1a')}" ~ "${P('r2b')}"`]);
    expect(merge.runId).toMatch(/^run-/);
    expect(victim.networks).toHaveLength(1);
    expect(victim.reasons.join(' ')).toContain(
      `would join ${P('r1c')}, a recorded or possibly exploited victim`,
    );
    expect(joins.reasons[0]).toMatch(new RegExp(`^would bring ${P('l1')} into network`));
    expect(items.every((i) => i.score > 0 && i.score <= 1)).toBe(true);
  });

  it('shows a viewer of all the GB+IE proposals and hides what a GB+IE judgement decided', async () => {
    const { data, errors } = await as(ALL, QUEUE, { first: 20 });
    expect(errors).toBeUndefined();
    const ids = (data.reviewQueue as any[]).map((i) => i.id);
    expect(ids).toEqual([K.gbie, K.merge, K.victim, K.joins, K.cross, K.score]);
    expect(ids).not.toContain(K.hiddenReject);
  });

  it('shows an IE analyst nothing: no proposal has both records visible to them', async () => {
    const { data, errors } = await as(IE, QUEUE, {});
    expect(errors).toBeUndefined();
    expect(data.reviewQueue).toEqual([]);
  });

  it('takes the first N and refuses a count out of range', async () => {
    const { data } = await as(GB, QUEUE, { first: 2 });
    expect(data.reviewQueue.map((i: any) => i.id)).toEqual([K.merge, K.victim]);
    const bad = await as(GB, QUEUE, { first: 0 });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/first must be from 1 to 200/);
  });
});

describe('startAnalysis identities', () => {
  it('refuses a proposedMinScore that is not a probability, naming it', async () => {
    const start = 'mutation($input: StartAnalysisInput) { startAnalysis(input: $input) { id } }';
    for (const proposedMinScore of [0, 1.5]) {
      const answer = await as(ALL, start, { input: { identities: { proposedMinScore } } });
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(answer.errors?.[0])).toContain('proposedMinScore');
    }
  });

  it('starts a run that lets proposals count and records the option in its parameters', async () => {
    const start = 'mutation($input: StartAnalysisInput) { startAnalysis(input: $input) { id } }';
    const answer = await as(GB, start, { input: { seed: 5, identities: { proposedMinScore: 0.95 } } });
    expect(answer.errors).toBeUndefined();
    const id = answer.data.startAnalysis.id as string;
    const run = await pollUntil(
      `run ${id}`,
      async () =>
        (await as(GB, 'query($id: String!) { analysisRun(id: $id) { status params counts } }', { id })).data
          ?.analysisRun,
      (r) => r?.status !== 'RUNNING',
      { everyMs: 250 },
    );
    expect(run.status).toBe('COMPLETED');
    expect(run.params.identities).toEqual({ proposedMinScore: 0.95 });
  });
});
