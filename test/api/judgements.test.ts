/**
 * Judgements on matches (issue 13 item 2) through yoga.fetch with real JWTs against the real Neo4j:
 * confirm / reject / withdraw round trips, supersede, role gating, need-to-know (a GB investigator
 * neither judges nor learns of an IE-only record or a GB+IE match), contradictions and the audit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/serve/viewer.ts';
import { drainAudit, readAudit } from '../../src/store/audit.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver, recordMentionFactsAsLoaded } from '../support/db.ts';
import { writeMatch } from '../support/matches.ts';
import { jwtClient } from './client.ts';

const { as } = jwtClient('test-secret-judgements-test-secret!!');

const GB_ANALYST: Viewer = { id: 'gb-analyst', roles: ['analyst'], jurisdictions: ['GB'] };
const GB_INV: Viewer = { id: 'gb-investigator', roles: ['analyst', 'investigator'], jurisdictions: ['GB'] };
const GB_INV_2: Viewer = {
  id: 'gb-investigator-2',
  roles: ['analyst', 'investigator'],
  jurisdictions: ['GB'],
};
const IE_INV: Viewer = { id: 'ie-investigator', roles: ['analyst', 'investigator'], jurisdictions: ['IE'] };
const GBIE_INV: Viewer = {
  id: 'gbie-investigator',
  roles: ['analyst', 'investigator'],
  jurisdictions: ['GB', 'IE'],
};

const ID = {
  a: 'person:gb:A',
  b: 'person:gb:B',
  c: 'person:gb:C',
  shared: 'person:shared:S',
  ieOnly: 'person:ie:Z',
  org1: 'org:gb:O1',
  org2: 'org:gb:O2',
} as const;

const SEED = `
CREATE (gb:Extract {id: 'extract:gb', name: 'gb.csv', source: 'Police GB', jurisdiction: 'GB', sha256: 'a', status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 5, loaded: 5, rejected: 0})
CREATE (ie:Extract {id: 'extract:ie', name: 'ie.csv', source: 'Garda IE', jurisdiction: 'IE', sha256: 'b', status: 'complete', loadedAt: '2024-01-02T00:00:00Z', rows: 2, loaded: 2, rejected: 0})
CREATE (a:Person {id: $id.a, name: 'Dumitru Munteanu', names: ['Dumitru Munteanu'], birthDate: '1969-12-04'})
CREATE (b:Person {id: $id.b, name: 'Dumitru Mnuteanu', names: ['Dumitru Mnuteanu'], birthDate: '1969-12'})
CREATE (c:Person {id: $id.c, name: 'D. Munteanu', names: ['D. Munteanu']})
CREATE (s:Person {id: $id.shared, name: 'Ana Popescu', names: ['Ana Popescu']})
CREATE (z:Person {id: $id.ieOnly, name: 'Zoe Secret', names: ['Zoe Secret']})
CREATE (o1:Organisation {id: $id.org1, name: 'Munteanu Transport Ltd', names: ['Munteanu Transport Ltd']})
CREATE (o2:Organisation {id: $id.org2, name: 'Munteanu Transport Limited', names: ['Munteanu Transport Limited']})
FOREACH (n IN [a, b, c, s, o1, o2] | MERGE (gb)-[:MENTIONS {firstRow: 2, rows: 1}]->(n))
FOREACH (n IN [s, z] | MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(n))`;

const CONFIRM = `mutation($input: JudgeMatchInput!) { confirmMatch(input: $input) {
  id decision author reason at jurisdictions active withdrawnAt withdrawnBy withdrawReason a { entityId } b { entityId } } }`;
const REJECT = CONFIRM.replace('confirmMatch', 'rejectMatch');
const WITHDRAW = `mutation($input: WithdrawJudgementInput!) { withdrawJudgement(input: $input) {
  id decision active withdrawnAt withdrawnBy withdrawReason } }`;
const MATCHES = `query($id: ID!) { entity(id: $id) {
  ... on Person { possibleMatches { ...M } }
  ... on Organisation { possibleMatches { ...M } } } }
fragment M on Match { id kind by score matchWeight status jurisdictions runId
  reasons { feature level weight detail } record { entityId }
  judgement { id decision author reason } judgements { id active withdrawReason } }`;
const CONTRADICTIONS = `{ matchContradictions { id a { entityId } b { entityId } chain { entityId }
  rejection { id decision } links { kind by record { entityId } status } } }`;

async function matchesOf(viewer: Viewer, id: string) {
  const answer = await as(viewer, MATCHES, { id });
  expect(answer.errors).toBeUndefined();
  return answer.data.entity.possibleMatches as any[];
}

async function countRelationships(type: string): Promise<number> {
  const [row] = await executeRead(`MATCH ()-[r]->() WHERE type(r) = $type RETURN count(r) AS n`, { type });
  return Number(row?.n ?? 0);
}

beforeAll(async () => {
  await cleanDatabase();
  await executeWrite(SEED, { id: ID });
  await recordMentionFactsAsLoaded();
});
afterAll(closeDriver);

beforeEach(async () => {
  await executeWrite(`MATCH ()-[r:SAME_AS|POSSIBLY_SAME_AS|NOT_SAME_AS]->() DELETE r`);
  await executeWrite(`MATCH (j:Judgement) DETACH DELETE j`);
});

describe('possibleMatches', () => {
  it('lists every readable match of a person with score, parsed reasons and status', async () => {
    await writeMatch({ x: ID.b, y: ID.a, jurisdictions: ['GB'], score: 0.97, matchWeight: 5.1 });
    await writeMatch({ type: 'SAME_AS', x: ID.a, y: ID.c, jurisdictions: ['GB'] });
    const list = await matchesOf(GB_ANALYST, ID.a);
    expect(list.map((m) => [m.kind, m.record.entityId])).toEqual([
      ['SAME_AS', ID.c],
      ['POSSIBLY_SAME_AS', ID.b],
    ]);
    const proposal = list[1];
    expect(proposal).toMatchObject({
      id: `POSSIBLY_SAME_AS:${ID.a}|${ID.b}|GB`,
      by: 'score',
      score: 0.97,
      matchWeight: 5.1,
      status: 'UNDECIDED',
      jurisdictions: ['GB'],
      runId: 'resolution-test-run',
      judgement: null,
      judgements: [],
    });
    expect(proposal.reasons.map((r: any) => [r.feature, r.level, r.weight])).toEqual([
      ['name', 'typo', 6.2],
      ['birthDate', 'partial', 2.1],
      ['nationality', 'conflict', -1.4],
    ]);
    // Seen from the other end, the same match names this record.
    expect((await matchesOf(GB_ANALYST, ID.b)).map((m) => m.record.entityId)).toEqual([ID.a]);
  });

  it('works on organisations too', async () => {
    await writeMatch({ x: ID.org1, y: ID.org2, jurisdictions: ['GB'], score: 0.9 });
    const list = await matchesOf(GB_ANALYST, ID.org2);
    expect(list.map((m) => [m.kind, m.record.entityId, m.status])).toEqual([
      ['POSSIBLY_SAME_AS', ID.org1, 'UNDECIDED'],
    ]);
  });
});

describe('confirm, reject, withdraw', () => {
  it('confirms a proposal: a judgement with author, time and reason, a SAME_AS, status CONFIRMED', async () => {
    await writeMatch({ x: ID.a, y: ID.b, jurisdictions: ['GB'] });
    const before = Date.now();
    const answer = await as(GB_INV, CONFIRM, {
      input: { a: ID.b, b: ID.a, reason: '  Same passport photo.  ' },
    });
    expect(answer.errors).toBeUndefined();
    const j = answer.data.confirmMatch;
    expect(j).toMatchObject({
      decision: 'CONFIRMED',
      author: 'gb-investigator',
      reason: 'Same passport photo.',
      jurisdictions: ['GB'],
      active: true,
      withdrawnAt: null,
      a: { entityId: ID.a },
      b: { entityId: ID.b },
    });
    expect(j.id).toMatch(/^judgement-\d{8}T\d{6}-[0-9a-f]{8}$/);
    expect(Date.parse(j.at)).toBeGreaterThanOrEqual(before - 1000);
    const [same] = await executeRead(
      `MATCH (a:Person {id: $a})-[r:SAME_AS]->(b:Person {id: $b}) RETURN properties(r) AS r`,
      { a: ID.a, b: ID.b },
    );
    expect(same?.r).toMatchObject({
      key: `SAME_AS:${ID.a}|${ID.b}|GB`,
      by: 'judgement',
      judgementId: j.id,
      jurisdictions: ['GB'],
      scopeKey: 'GB',
      evidenceKey: `evidence:${ID.a}|${ID.b}`,
    });
    const list = await matchesOf(GB_ANALYST, ID.a);
    expect(list.map((m) => [m.kind, m.by, m.status, m.judgement?.id])).toEqual([
      ['SAME_AS', 'judgement', 'CONFIRMED', j.id],
      ['POSSIBLY_SAME_AS', 'score', 'CONFIRMED', j.id],
    ]);
  });

  it('rejects a proposal: a NOT_SAME_AS, status REJECTED', async () => {
    await writeMatch({ x: ID.a, y: ID.b, jurisdictions: ['GB'] });
    const answer = await as(GB_INV, REJECT, { input: { a: ID.a, b: ID.b, reason: 'Father and son.' } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.rejectMatch.decision).toBe('REJECTED');
    expect(await countRelationships('NOT_SAME_AS')).toBe(1);
    expect(await countRelationships('SAME_AS')).toBe(0);
    const list = await matchesOf(GB_ANALYST, ID.b);
    expect(list.map((m) => [m.kind, m.status])).toEqual([
      ['NOT_SAME_AS', 'REJECTED'],
      ['POSSIBLY_SAME_AS', 'REJECTED'],
    ]);
  });

  it('withdraws: the judgement stays, stamped; its relationship goes; the proposal is undecided again', async () => {
    await writeMatch({ x: ID.a, y: ID.b, jurisdictions: ['GB'] });
    const j = (await as(GB_INV, CONFIRM, { input: { a: ID.a, b: ID.b, reason: 'Same phone.' } })).data
      .confirmMatch;
    const answer = await as(GB_INV_2, WITHDRAW, { input: { id: j.id, reason: 'The phone was a shop’s.' } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.withdrawJudgement).toMatchObject({
      id: j.id,
      decision: 'CONFIRMED',
      active: false,
      withdrawnBy: 'gb-investigator-2',
      withdrawReason: 'The phone was a shop’s.',
    });
    expect(answer.data.withdrawJudgement.withdrawnAt).toBeTruthy();
    expect(await countRelationships('SAME_AS')).toBe(0);
    const [node] = await executeRead(`MATCH (j:Judgement {id: $id}) RETURN j.reason AS reason`, { id: j.id });
    expect(node?.reason).toBe('Same phone.');
    const [proposal] = await matchesOf(GB_ANALYST, ID.a);
    expect(proposal).toMatchObject({ kind: 'POSSIBLY_SAME_AS', status: 'UNDECIDED', judgement: null });
    expect(proposal.judgements).toEqual([
      { id: j.id, active: false, withdrawReason: 'The phone was a shop’s.' },
    ]);

    const again = await as(GB_INV, WITHDRAW, { input: { id: j.id, reason: 'twice' } });
    expect(again.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0]?.message).toMatch(/already withdrawn at .* by gb-investigator-2/);
  });

  it('supersedes: one active judgement per pair and scope, the old one withdrawn as "superseded by"', async () => {
    await writeMatch({ x: ID.a, y: ID.b, jurisdictions: ['GB'] });
    const first = (await as(GB_INV, CONFIRM, { input: { a: ID.a, b: ID.b, reason: 'Looks alike.' } })).data
      .confirmMatch;
    const second = (await as(GB_INV_2, REJECT, { input: { a: ID.b, b: ID.a, reason: 'Different fathers.' } }))
      .data.rejectMatch;
    const rows = await executeRead(
      `MATCH (j:Judgement) RETURN j.id AS id, j.withdrawnAt IS NULL AS active, j.withdrawReason AS why, j.withdrawnBy AS by ORDER BY active`,
    );
    expect(rows).toEqual([
      { id: first.id, active: false, why: `superseded by ${second.id}`, by: 'gb-investigator-2' },
      { id: second.id, active: true, why: null, by: null },
    ]);
    expect(await countRelationships('SAME_AS')).toBe(0);
    expect(await countRelationships('NOT_SAME_AS')).toBe(1);
    const [rejected, proposal] = await matchesOf(GB_ANALYST, ID.a);
    expect(rejected).toMatchObject({ kind: 'NOT_SAME_AS', status: 'REJECTED' });
    expect(proposal.judgements.map((x: any) => x.id)).toEqual([second.id, first.id]);
  });

  it('judges a pair no run proposed, for the judge’s jurisdictions that record it', async () => {
    const answer = await as(GB_INV, CONFIRM, { input: { a: ID.a, b: ID.c, reason: 'Initial of Dumitru.' } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.confirmMatch.jurisdictions).toEqual(['GB']);
    const list = await matchesOf(GB_ANALYST, ID.c);
    expect(list.map((m) => [m.kind, m.by, m.status])).toEqual([['SAME_AS', 'judgement', 'CONFIRMED']]);
  });

  it('keeps a certain rule’s SAME_AS when a confirmation of the same pair is withdrawn', async () => {
    await writeMatch({ type: 'SAME_AS', x: ID.a, y: ID.b, jurisdictions: ['GB'], by: 'rule:document' });
    const j = (await as(GB_INV, CONFIRM, { input: { a: ID.a, b: ID.b, reason: 'Agreed.' } })).data
      .confirmMatch;
    await as(GB_INV, WITHDRAW, { input: { id: j.id, reason: 'Pressed by mistake.' } });
    const list = await matchesOf(GB_ANALYST, ID.a);
    expect(list.map((m) => [m.kind, m.by])).toEqual([['SAME_AS', 'rule:document']]);
  });
});

describe('bad input and roles', () => {
  it('analysts get FORBIDDEN for every judging mutation, and nothing is written', async () => {
    await writeMatch({ x: ID.a, y: ID.b, jurisdictions: ['GB'] });
    for (const [query, input] of [
      [CONFIRM, { a: ID.a, b: ID.b, reason: 'x' }],
      [REJECT, { a: ID.a, b: ID.b, reason: 'x' }],
      [WITHDRAW, { id: 'judgement-x', reason: 'x' }],
    ] as const) {
      const answer = await as(GB_ANALYST, query, { input });
      expect(answer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    expect(await countRelationships('SAME_AS')).toBe(0);
    expect((await executeRead('MATCH (j:Judgement) RETURN count(j) AS n'))[0]?.n).toBe(0);
  });

  it('refuses a missing or too long reason, a record with itself, mixed kinds and non-records', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ a: ID.a, b: ID.b, reason: '   ' }, 'BAD_USER_INPUT', /"input.reason" must say why/],
      [{ a: ID.a, b: ID.b, reason: 'x'.repeat(2001) }, 'BAD_USER_INPUT', /at most 2,000/],
      [{ a: ID.a, b: ID.a, reason: 'x' }, 'BAD_USER_INPUT', /always one entity with itself/],
      [{ a: ID.a, b: ID.org1, reason: 'x' }, 'BAD_USER_INPUT', /different kinds/],
      [
        { a: 'phone:+447700900123', b: ID.a, reason: 'x' },
        'BAD_USER_INPUT',
        /"input.a" must name a person or an organisation/,
      ],
      [{ a: 'nonsense', b: ID.a, reason: 'x' }, 'BAD_USER_INPUT', /"input.a" is not an entity id/],
    ];
    for (const [input, code, message] of cases) {
      const answer = await as(GB_INV, CONFIRM, { input });
      expect(answer.errors?.[0]?.extensions.code, JSON.stringify(input).slice(0, 80)).toBe(code);
      expect(answer.errors?.[0]?.message).toMatch(message);
    }
    expect(await executeRead('MATCH (j:Judgement) RETURN count(j) AS n')).toEqual([{ n: 0 }]);
    const withdraw = await as(GB_INV, WITHDRAW, { input: { id: 'judgement-none', reason: '' } });
    expect(withdraw.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('accepts a reason of exactly 2,000 characters', async () => {
    const answer = await as(GB_INV, REJECT, { input: { a: ID.a, b: ID.b, reason: 'y'.repeat(2000) } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.rejectMatch.reason).toHaveLength(2000);
  });
});

describe('need-to-know', () => {
  it('a GB investigator cannot judge a pair with an IE-only record: NOT_FOUND, as for a missing one', async () => {
    await writeMatch({ x: ID.shared, y: ID.ieOnly, jurisdictions: ['IE'] });
    const hidden = await as(GB_INV, CONFIRM, { input: { a: ID.shared, b: ID.ieOnly, reason: 'x' } });
    const missing = await as(GB_INV, CONFIRM, { input: { a: ID.shared, b: 'person:ie:none', reason: 'x' } });
    expect(hidden.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message.replace(ID.ieOnly, '<id>')).toBe(
      missing.errors?.[0]?.message.replace('person:ie:none', '<id>'),
    );
    expect(hidden.data).toBeNull();
    expect(await executeRead('MATCH (j:Judgement) RETURN count(j) AS n')).toEqual([{ n: 0 }]);
    // …and sees no match of the shared person: the IE one is not theirs to read.
    expect(await matchesOf(GB_INV, ID.shared)).toEqual([]);
    // The IE investigator reads it and may judge it.
    expect((await matchesOf(IE_INV, ID.shared)).map((m) => m.record.entityId)).toEqual([ID.ieOnly]);
    const ie = await as(IE_INV, REJECT, { input: { a: ID.shared, b: ID.ieOnly, reason: 'Namesakes.' } });
    expect(ie.data.rejectMatch.jurisdictions).toEqual(['IE']);
    expect(await matchesOf(GB_INV, ID.shared)).toEqual([]);
  });

  it('a GB investigator cannot learn of a GB+IE match: judging the pair is as if no run had proposed it', async () => {
    await writeMatch({ x: ID.shared, y: ID.a, jurisdictions: ['GB', 'IE'], score: 0.99 });
    expect(await matchesOf(GB_INV, ID.shared)).toEqual([]);
    expect(await matchesOf(GB_INV, ID.a)).toEqual([]);
    const gb = (await as(GB_INV, CONFIRM, { input: { a: ID.shared, b: ID.a, reason: 'Mine.' } })).data
      .confirmMatch;
    expect(gb.jurisdictions).toEqual(['GB']);
    // The GB+IE viewer sees the GB+IE proposal, bound by the GB judgement (a GB decision binds it).
    const seen = await matchesOf(GBIE_INV, ID.a);
    expect(seen.map((m) => [m.kind, m.jurisdictions.join(','), m.status])).toEqual([
      ['SAME_AS', 'GB', 'CONFIRMED'],
      ['POSSIBLY_SAME_AS', 'GB,IE', 'CONFIRMED'],
    ]);
    // The GB viewer sees only their own judgement's SAME_AS, never the GB+IE score.
    const gbSeen = await matchesOf(GB_INV, ID.a);
    expect(gbSeen.map((m) => [m.kind, m.jurisdictions.join(','), m.score])).toEqual([
      ['SAME_AS', 'GB', null],
    ]);
  });

  it('a GB+IE judgement of a person IE also records is for GB+IE viewers only', async () => {
    await writeMatch({ x: ID.shared, y: ID.a, jurisdictions: ['GB'] });
    const j = (await as(GBIE_INV, REJECT, { input: { a: ID.shared, b: ID.a, reason: 'IE knows better.' } }))
      .data.rejectMatch;
    expect(j.jurisdictions).toEqual(['GB', 'IE']);
    // The GB proposal is not bound by a GB+IE decision: for GB it stays undecided, and the rejection is unseen.
    const gbSeen = await matchesOf(GB_INV, ID.a);
    expect(gbSeen.map((m) => [m.kind, m.status, m.judgements.length])).toEqual([
      ['POSSIBLY_SAME_AS', 'UNDECIDED', 0],
    ]);
    const withdraw = await as(GB_INV, WITHDRAW, { input: { id: j.id, reason: 'x' } });
    const missing = await as(GB_INV, WITHDRAW, { input: { id: 'judgement-none', reason: 'x' } });
    expect(withdraw.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(withdraw.errors?.[0]?.message.replace(j.id, '<id>')).toBe(
      missing.errors?.[0]?.message.replace('judgement-none', '<id>'),
    );
    const all = await matchesOf(GBIE_INV, ID.a);
    expect(all.map((m) => [m.kind, m.status])).toEqual([
      ['NOT_SAME_AS', 'REJECTED'],
      ['POSSIBLY_SAME_AS', 'UNDECIDED'],
    ]);
  });
});

describe('matchContradictions', () => {
  it('lists a rejected pair joined by confirmed ones, with the chain; never settles it', async () => {
    await as(GB_INV, REJECT, { input: { a: ID.a, b: ID.c, reason: 'Different people.' } });
    await as(GB_INV, CONFIRM, { input: { a: ID.a, b: ID.b, reason: 'Typo.' } });
    await as(GB_INV, CONFIRM, { input: { a: ID.b, b: ID.c, reason: 'Initial.' } });
    const answer = await as(GB_ANALYST, CONTRADICTIONS);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.matchContradictions).toEqual([
      {
        id: `NOT_SAME_AS:${ID.a}|${ID.c}|GB`,
        a: { entityId: ID.a },
        b: { entityId: ID.c },
        chain: [{ entityId: ID.a }, { entityId: ID.b }, { entityId: ID.c }],
        rejection: { id: expect.stringMatching(/^judgement-/), decision: 'REJECTED' },
        links: [
          { kind: 'SAME_AS', by: 'judgement', record: { entityId: ID.b }, status: 'CONFIRMED' },
          { kind: 'SAME_AS', by: 'judgement', record: { entityId: ID.c }, status: 'CONFIRMED' },
        ],
      },
    ]);
    // Nothing was settled: all three decisions stand.
    expect(await countRelationships('SAME_AS')).toBe(2);
    expect(await countRelationships('NOT_SAME_AS')).toBe(1);
  });

  it('follows rules too, and a GB viewer who cannot read one link sees no contradiction', async () => {
    await as(GBIE_INV, REJECT, { input: { a: ID.a, b: ID.shared, reason: 'Not her.' } });
    await writeMatch({ type: 'SAME_AS', x: ID.a, y: ID.b, jurisdictions: ['GB'], by: 'rule:document' });
    await writeMatch({ type: 'SAME_AS', x: ID.b, y: ID.shared, jurisdictions: ['GB', 'IE'], by: 'rule:tax' });
    const both = (await as(GBIE_INV, CONTRADICTIONS)).data.matchContradictions;
    expect(both.map((c: any) => c.chain.map((r: any) => r.entityId))).toEqual([[ID.a, ID.b, ID.shared]]);
    expect(both[0].links.map((l: any) => l.by)).toEqual(['rule:document', 'rule:tax']);
    expect((await as(GB_ANALYST, CONTRADICTIONS)).data.matchContradictions).toEqual([]);
    // A GB rejection over the same chain: the GB link is readable, the GB+IE one still is not.
    await as(GB_INV, REJECT, { input: { a: ID.a, b: ID.shared, reason: 'GB says no.' } });
    expect((await as(GB_ANALYST, CONTRADICTIONS)).data.matchContradictions).toEqual([]);
    await writeMatch({ type: 'SAME_AS', x: ID.b, y: ID.shared, jurisdictions: ['GB'], by: 'rule:tax' });
    const gb = (await as(GB_ANALYST, CONTRADICTIONS)).data.matchContradictions;
    expect(gb.map((c: any) => [c.id, c.chain.length])).toEqual([[`NOT_SAME_AS:${ID.a}|${ID.shared}|GB`, 3]]);
  });

  it('refuses a bad "first"', async () => {
    const answer = await as(GB_ANALYST, '{ matchContradictions(first: 0) { id } }');
    expect(answer.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('audit', () => {
  it('records each judgement in the audit trail with its arguments and the records', async () => {
    const j = (await as(GB_INV, CONFIRM, { input: { a: ID.a, b: ID.b, reason: 'Audited reason.' } })).data
      .confirmMatch;
    await drainAudit();
    const records = await readAudit({
      scope: FULL_SCOPE,
      afterSeq: 0,
      limit: 10_000,
      actor: 'gb-investigator',
    });
    const record = records.find((r) => r.args.includes('Audited reason.'));
    expect(record).toBeDefined();
    expect(record?.operation).toMatch(/confirmMatch/);
    expect(record?.entityIds).toEqual(expect.arrayContaining([ID.a, ID.b]));
    expect(record?.outcome).toMatch(/ok|success/i);
    expect(j.id).toBeTruthy();
  });
});
