/**
 * Detection over identities against the real Neo4j (issue #13 item 4): records joined by a SAME_AS
 * the run may read are one member; a GB run ignores a match made for GB+IE viewers even between two
 * records it sees; proposals count only with the option; a recorded victim stays a victim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDetection } from '../../../src/jobs/detect.ts';
import { matchKey } from '../../../src/model/resolution-contract.ts';
import { getNetwork, listNetworks } from '../../../src/store/read/analysis.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver, recordMentionFactsAsLoaded } from '../../support/db.ts';

const P = (id: string) => `person:gb:${id}`;

/** Two groups of GB records: g1, g2, g3 share a phone; g1b, g4, g5 an address. */
const WORLD = `
CREATE (gb:Extract {id: 'extract:gb', name: 'gb.csv', source: 'Police GB', jurisdiction: 'GB', sha256: 'a', status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 9, loaded: 9, rejected: 0})
CREATE (ie:Extract {id: 'extract:ie', name: 'ie.csv', source: 'Bank IE', jurisdiction: 'IE', sha256: 'b', status: 'complete', loadedAt: '2024-01-02T00:00:00Z', rows: 1, loaded: 1, rejected: 0})
WITH gb, ie
UNWIND $people AS id
CREATE (p:Person {id: id, name: id})
MERGE (gb)-[:MENTIONS {firstRow: 2, rows: 1}]->(p)
WITH gb, ie, collect(p) AS people
CREATE (ph:Phone {id: 'phone:1', name: '+441'})
CREATE (ad:Address {id: 'address:1', name: '1 High St'})
CREATE (c:Case {id: 'case:1', name: 'Op Larch'})
CREATE (i:Person {id: 'person:ie:i1', name: 'i1'})
MERGE (gb)-[:MENTIONS {firstRow: 3, rows: 1}]->(ph)
MERGE (gb)-[:MENTIONS {firstRow: 4, rows: 1}]->(ad)
MERGE (gb)-[:MENTIONS {firstRow: 5, rows: 1}]->(c)
MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(i)
WITH gb, ph, ad, c
UNWIND $phone AS id MATCH (p:Person {id: id}) CREATE (p)-[:HAS_PHONE {extracts: ['extract:gb'], extractRows: [2], extract: 'extract:gb', row: 2}]->(ph)
WITH DISTINCT gb, ad, c
UNWIND $address AS id MATCH (p:Person {id: id}) CREATE (p)-[:REGISTERED_AT {extracts: ['extract:gb'], extractRows: [3], extract: 'extract:gb', row: 3, kind: 'residence'}]->(ad)
WITH DISTINCT c
MATCH (v:Person {id: $victim}), (s:Person {id: $suspect})
CREATE (v)-[:INVOLVED_IN {extracts: ['extract:gb'], extractRows: [4], extract: 'extract:gb', row: 4, role: 'victim'}]->(c)
CREATE (s)-[:INVOLVED_IN {extracts: ['extract:gb'], extractRows: [5], extract: 'extract:gb', row: 5, role: 'suspect'}]->(c)`;

async function match(type: string, a: string, b: string, jurisdictions: string[], extra: object) {
  await executeWrite(
    `MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (a)-[r:${type}]->(b) SET r = $props`,
    {
      a,
      b,
      props: {
        key: matchKey(type as 'SAME_AS', a, b, jurisdictions),
        jurisdictions,
        scopeKey: jurisdictions.join(','),
        reasonsJson: '[]',
        evidenceKey: 'e',
        createdAt: '2026-12-06T10:00:00Z',
        runId: null,
        judgementId: null,
        score: null,
        matchWeight: null,
        ...extra,
      },
    },
  );
}

async function membersOf(runId: string) {
  const networks = await listNetworks(runId, FULL_SCOPE, { first: 10 });
  const details = await Promise.all(networks.nodes.map((n) => getNetwork(n.id, FULL_SCOPE)));
  return details.flatMap((d) => d!.members.map((m) => ({ ...m, network: d!.id, size: d!.size })));
}

describe('detection over identities (Neo4j)', () => {
  beforeAll(async () => {
    await cleanDatabase();
    await executeWrite(WORLD, {
      people: ['g1', 'g1b', 'g2', 'g3', 'g4', 'g5'].map(P),
      phone: ['g1', 'g2', 'g3'].map(P),
      address: ['g1b', 'g4', 'g5'].map(P),
      victim: P('g1'),
      suspect: P('g1b'),
    });
    await recordMentionFactsAsLoaded();
    // g1 ≡ g1b by a GB rule; g3 ≡ g5 confirmed by a GB+IE viewer; g2 ~ g4 a GB proposal at 0.97.
    await match('SAME_AS', P('g1'), P('g1b'), ['GB'], { by: 'rule:document', score: 1 });
    await match('SAME_AS', P('g3'), P('g5'), ['GB', 'IE'], { by: 'judgement', judgementId: 'judgement-1' });
    await match('POSSIBLY_SAME_AS', P('g2'), P('g4'), ['GB'], { by: 'score', score: 0.97, runId: 'res-1' });
  }, 120_000);
  afterAll(closeDriver);

  it('makes records joined by SAME_AS one member of one network, listing every record', async () => {
    // Through the worker thread, as a server runs it (the other tests run in-process).
    const { done } = await startDetection({ seed: 3 });
    const summary = await done;
    expect(summary.identities).toMatchObject({ sameAs: 2, identities: 2, mergedRecords: 2 });
    expect(summary.counts.networks).toBe(1);
    // Four actors: {g1, g1b}, g2, {g3, g5}, g4, joined through the identities into one network.
    expect(summary.top[0]!.size).toBe(4);
    const members = await membersOf(summary.runId);
    expect(members.map((m) => m.id).sort()).toEqual(['g1', 'g1b', 'g2', 'g3', 'g4', 'g5'].map(P));
    const byId = new Map(members.map((m) => [m.id, m]));
    expect(byId.get(P('g1b'))!.identity).toBe(`identity:${P('g1')}`);
    expect(byId.get(P('g5'))!.identity).toBe(`identity:${P('g3')}`);
    expect(byId.get(P('g2'))!.identity).toBeNull();
    // The victim record keeps the identity a victim, though its other record is a suspect.
    expect(byId.get(P('g1'))!.role).toBe('victim');
    expect(byId.get(P('g1b'))!.role).toBe('victim');
    expect(summary.top[0]!.offenders).not.toContain(P('g1'));
  });

  it('ignores, in a GB run, a match made for GB+IE viewers, though it sees both records', async () => {
    const { done } = await startDetection({ seed: 3, jurisdictions: ['GB'] }, { inProcess: true });
    const summary = await done;
    expect(summary.identities).toMatchObject({ sameAs: 1, identities: 1 });
    const members = await membersOf(summary.runId);
    const byId = new Map(members.map((m) => [m.id, m]));
    expect(byId.get(P('g1b'))!.identity).toBe(`identity:${P('g1')}`);
    expect(byId.get(P('g3'))?.identity ?? null).toBeNull();
    expect(byId.get(P('g5'))?.identity ?? null).toBeNull();
    // An IE run reads no GB record, hence no match at all.
    const ie = await (await startDetection({ seed: 3, jurisdictions: ['IE'] }, { inProcess: true })).done;
    expect(ie.identities.sameAs).toBe(0);
  });

  it('lets a proposal join records only with proposedMinScore, and not above its score', async () => {
    const without = await (await startDetection({ seed: 3, jurisdictions: ['GB'] }, { inProcess: true }))
      .done;
    expect(without.identities.proposalsUsed).toBe(0);
    const at95 = await (
      await startDetection(
        { seed: 3, jurisdictions: ['GB'], identities: { proposedMinScore: 0.95 } },
        { inProcess: true },
      )
    ).done;
    expect(at95.identities).toMatchObject({ proposalsUsed: 1, identities: 2 });
    const members = await membersOf(at95.runId);
    expect(members.find((m) => m.id === P('g4'))!.identity).toBe(`identity:${P('g2')}`);
    const at99 = await (
      await startDetection(
        { seed: 3, jurisdictions: ['GB'], identities: { proposedMinScore: 0.99 } },
        { inProcess: true },
      )
    ).done;
    expect(at99.identities.proposalsUsed).toBe(0);
  });

  it('never joins through a proposal a pair an investigator rejected', async () => {
    await match('NOT_SAME_AS', P('g2'), P('g4'), ['GB'], { by: 'judgement', judgementId: 'judgement-2' });
    const summary = await (
      await startDetection(
        { seed: 3, jurisdictions: ['GB'], identities: { proposedMinScore: 0.95 } },
        { inProcess: true },
      )
    ).done;
    expect(summary.identities).toMatchObject({ proposalsUsed: 0, proposalsBlocked: 1, rejected: 1 });
  });
});
