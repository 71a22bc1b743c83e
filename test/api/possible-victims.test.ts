/**
 * Victim identification (issue 18 item 4) against the real Neo4j: the tiny fixture split over GB
 * and IE, runs started through the API. `possibleVictims` is compared with an independent reading
 * of the stored matches, networks and members; a victim recorded after the run is a victim at once
 * (listed, never an offender or key actor) for viewers who may see the record, and only for them.
 */
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/serve/viewer.ts';
import { executeRead } from '../../src/store/run.ts';
import { analyst, jwtClient, twoJurisdictionRuns } from '../support/two-jurisdictions.ts';

const GB = analyst('gb-analyst', ['GB']);
const GB_IE = analyst('gb-ie-analyst', ['GB', 'IE']);
const GB_INVESTIGATOR: Viewer = {
  id: 'gb-investigator',
  roles: ['analyst', 'investigator'],
  jurisdictions: ['GB'],
};
const GB_IE_INVESTIGATOR: Viewer = {
  id: 'gb-ie-investigator',
  roles: ['analyst', 'investigator'],
  jurisdictions: ['GB', 'IE'],
};
const ALL = analyst('all-analyst', ['*']);

const client = jwtClient('possible-victims-secret-possible-victims');
const { as, raw } = client;
const runs = twoJurisdictionRuns('possible-victims', client);

const VICTIMS = `query($runId: String, $networkId: String) {
  possibleVictims(runId: $runId, networkId: $networkId, first: 200) { totalCount edges { node {
    entityId name recordedVictim possiblyExploited networks { networkId rank }
    evidence { matchId indicator networkId evidenceEntityIds }
  } } } }`;

const NETWORK = `query($id: String!) { network(id: $id) { id offenderIds keyActorIds victimIds
  members { entityId label role offenderRank offenderScore } } }`;

/** What the store holds for the run, read raw and put together here. */
async function independently(runId: string) {
  const rows = await executeRead(
    `MATCH (n:Network {runId: $runId})
     OPTIONAL MATCH (n)-[:MATCHED]->(i:IndicatorMatch)
     WITH n, collect({id: i.id, exposed: i.exposed}) AS matches
     OPTIONAL MATCH (n)-[h:HAS_MEMBER]->(m:Person)
     RETURN n.id AS network, n.possiblyExploited AS flagged, matches,
       collect({id: m.id, roles: h.recordedRoles}) AS members`,
    { runId },
  );
  const persons = new Set((await executeRead('MATCH (p:Person) RETURN p.id AS id')).map((r) => String(r.id)));
  const evidence = new Map<string, Set<string>>();
  const add = (person: string, match?: string) => {
    if (!persons.has(person)) return;
    const set = evidence.get(person) ?? new Set<string>();
    if (match) set.add(match);
    evidence.set(person, set);
  };
  for (const row of rows) {
    for (const m of row.matches as { id: string | null; exposed: string[] | null }[])
      for (const p of m.exposed ?? []) add(p, String(m.id));
    for (const p of (row.flagged as string[] | null) ?? []) add(p);
    for (const m of row.members as { id: string | null; roles: string[] | null }[])
      if (m.id && (m.roles ?? []).includes('victim')) add(m.id);
  }
  return evidence;
}

const victimsOf = async (viewer: Viewer, variables: Record<string, unknown>) =>
  (await as(viewer, VICTIMS, variables)).possibleVictims.edges.map((e: any) => e.node);

describe('possibleVictims', () => {
  it('lists everyone the run shows as exposed, possibly exploited or a recorded victim, with the matches', async () => {
    const listed = await victimsOf(ALL, { runId: runs.all });
    const expected = await independently(runs.all);
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(listed.map((v: any) => v.entityId))).toEqual(new Set(expected.keys()));
    for (const v of listed) {
      expect(new Set(v.evidence.map((e: any) => e.matchId)), v.entityId).toEqual(expected.get(v.entityId));
      expect(v.networks.length).toBeGreaterThan(0);
    }
    // Most kinds of evidence first, then most matches (no victim is recorded yet).
    const order = listed.map((v: any) => [
      new Set(v.evidence.map((e: any) => e.indicator)).size,
      v.evidence.length,
    ]);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    expect(order).toEqual(sorted);
  });

  it('answers a run the viewer may not see as missing', async () => {
    const body = await raw(GB, VICTIMS, { runId: runs.all });
    expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});

describe('a victim recorded after the run', () => {
  it('is a victim at once: listed, never an offender or key actor — for viewers who may see the record', async () => {
    const networks = (
      await as(
        GB,
        `query($runId: String) { networks(runId: $runId, first: 200) { edges { node { id } } } }`,
        {
          runId: runs.gb,
        },
      )
    ).networks.edges.map((e: any) => e.node.id as string);
    // The top offender of some network of the GB run.
    let target: { network: string; person: string } | null = null;
    for (const id of networks) {
      const network = (await as(GB, NETWORK, { id })).network;
      const top = network.members.find((m: any) => m.label === 'Person' && m.offenderRank === 1);
      if (top) {
        target = { network: id, person: top.entityId };
        break;
      }
    }
    if (!target) throw new Error('the GB run has no ranked offender');
    const before = (await as(GB, NETWORK, { id: target.network })).network;
    expect(before.offenderIds).toContain(target.person);

    // Recorded in an IE case by an investigator of both: GB viewers may not see it.
    await as(
      GB_IE_INVESTIGATOR,
      `mutation($input: RecordRoleInput!) { recordRole(input: $input) { entityId } }`,
      {
        input: { personId: target.person, jurisdiction: 'IE', caseNumber: 'IE-CASE-7', role: 'VICTIM' },
      },
    );
    const gbSees = (await as(GB, NETWORK, { id: target.network })).network;
    expect(gbSees).toEqual(before);
    expect((await victimsOf(GB, { networkId: target.network })).some((v: any) => v.recordedVictim)).toBe(
      false,
    );
    const bothSee = (await as(GB_IE, NETWORK, { id: target.network })).network;
    const member = bothSee.members.find((m: any) => m.entityId === target!.person);
    expect(member).toMatchObject({ role: 'VICTIM', offenderRank: null, offenderScore: 0 });
    expect(bothSee.offenderIds).not.toContain(target.person);
    expect(bothSee.keyActorIds).not.toContain(target.person);
    expect(bothSee.victimIds).toContain(target.person);
    const listed = await victimsOf(GB_IE, { networkId: target.network });
    expect(listed[0]).toMatchObject({ entityId: target.person, recordedVictim: true });

    // Recorded in a GB case: GB viewers see it at once too.
    await as(
      GB_INVESTIGATOR,
      `mutation($input: RecordRoleInput!) { recordRole(input: $input) { entityId } }`,
      {
        input: { personId: target.person, jurisdiction: 'GB', caseNumber: 'GB-CASE-7', role: 'VICTIM' },
      },
    );
    const gbNow = (await as(GB, NETWORK, { id: target.network })).network;
    expect(gbNow.members.find((m: any) => m.entityId === target!.person)).toMatchObject({
      role: 'VICTIM',
      offenderRank: null,
    });
    expect(gbNow.offenderIds).not.toContain(target.person);
    expect((await victimsOf(GB, { runId: runs.gb }))[0]).toMatchObject({
      entityId: target.person,
      recordedVictim: true,
    });
  });
});
