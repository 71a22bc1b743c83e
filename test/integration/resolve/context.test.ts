/**
 * Context reaches the resolver from the store through need-to-know: the phones a record's phones
 * called, the accounts its accounts paid, the organisations employing it — each link as the viewer
 * may read it. A call, a payment or an employment only an IE extract recorded is no context for a
 * GB-only run: the GB run does not join what only IE's data joins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRecords } from '../../../src/analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../../../src/analyse/resolve/types.ts';
import { generateResolutionWorld } from '../../../src/generate/resolution/records.ts';
import { resolutionRecords, type StoredRecord } from '../../../src/store/read/resolution-records.ts';
import { FULL_SCOPE, type ReadScope, scopeForJurisdictions } from '../../../src/store/read/scope.ts';
import { executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver, recordMentionFactsAsLoaded } from '../../support/db.ts';

const IDS = {
  gb: 'extract:gb-context',
  ie: 'extract:ie-context',
  /**
   * A seized phone's contact "Oana Badraescu", undated, and a GB bank's customer of that name (a
   * bank account, no phone: two phones of one name would be evidence against), with two dated
   * namesakes, so the name alone does not say which Oana the undated record is.
   */
  phoneRecord: 'person:gb-phone:c1',
  bankRecord: 'person:gb-bank:k1',
  ownPhone: 'phone:+40721000010',
  bankPhone: 'phone:+40721000011',
  friend: 'phone:+40721000099',
  gbFriend: 'phone:+40721000098',
  account: 'account:GB11BANK00000001',
  landlord: 'account:GB22LAND00000002',
  employer: 'organisation:ie-register:bakery',
  secondJob: 'organisation:ie-register:corner-shop',
  namesake1: 'person:gb-bank:k2',
  namesake2: 'person:gb-bank:k3',
};

// GB records the people and their own phones and accounts; the calls to and from the friend's
// number, the payment to the landlord and both employments come from an IE extract only; one call
// is GB's. The bank's phone pb is held by nobody: its call is no one's context.
const SEED = `
CREATE (gb:Extract {id: $ids.gb, name: 'gb.csv', source: 'GB sources', jurisdiction: 'GB', sha256: 'c1', status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 9, loaded: 9, rejected: 0})
CREATE (ie:Extract {id: $ids.ie, name: 'ie.csv', source: 'IE telecom', jurisdiction: 'IE', sha256: 'c2', status: 'complete', loadedAt: '2024-01-02T00:00:00Z', rows: 4, loaded: 4, rejected: 0})
CREATE (a:Person {id: $ids.phoneRecord, name: 'Oana Badraescu', names: ['Oana Badraescu']})
CREATE (b:Person {id: $ids.bankRecord, name: 'OANA BADRAESCU', names: ['OANA BADRAESCU'], birthDate: '1981-05-17'})
CREATE (n1:Person {id: $ids.namesake1, name: 'Oana Badraescu', names: ['Oana Badraescu'], birthDate: '1958-02-11'})
CREATE (n2:Person {id: $ids.namesake2, name: 'Oana Badraescu', names: ['Oana Badraescu'], birthDate: '1993-07-30'})
CREATE (pa:Phone {id: $ids.ownPhone, name: '+40721000010'})
CREATE (pb:Phone {id: $ids.bankPhone, name: '+40721000011'})
CREATE (f:Phone {id: $ids.friend, name: '+40721000099'})
CREATE (g:Phone {id: $ids.gbFriend, name: '+40721000098'})
CREATE (acc:Account {id: $ids.account, name: 'GB11BANK00000001'})
CREATE (land:Account {id: $ids.landlord, name: 'GB22LAND00000002'})
CREATE (o:Organisation {id: $ids.employer, name: 'Corner Bakery Ltd'})
CREATE (o2:Organisation {id: $ids.secondJob, name: 'Corner Shop Ltd'})
FOREACH (x IN [a, b, n1, n2, pa, pb, g, acc, land] | MERGE (gb)-[:MENTIONS {firstRow: 2, rows: 1}]->(x))
FOREACH (x IN [pa, pb, f, o, o2, b, land] | MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(x))
CREATE (a)-[:HAS_PHONE {extracts: [$ids.gb], extractRows: [2]}]->(pa)
CREATE (pb)-[:CALLED {extract: $ids.ie, row: 7, at: '2024-02-01T11:00:00'}]->(g)
CREATE (b)-[:HOLDS {extracts: [$ids.gb], extractRows: [3]}]->(acc)
CREATE (pa)-[:CALLED {extract: $ids.ie, row: 2, at: '2024-02-01T10:00:00'}]->(f)
CREATE (f)-[:CALLED {extract: $ids.ie, row: 3, at: '2024-02-02T10:00:00'}]->(pa)
CREATE (pa)-[:CALLED {extract: $ids.gb, row: 4, at: '2024-02-03T10:00:00'}]->(g)
CREATE (acc)-[:PAID {extract: $ids.ie, row: 5, key: 'p1', amount: 500.0, currency: 'GBP', at: '2024-02-04T10:00:00'}]->(land)
CREATE (o)-[:EMPLOYS {extracts: [$ids.ie], extractRows: [6]}]->(b)
CREATE (o)-[:EMPLOYS {extracts: [$ids.ie], extractRows: [8]}]->(a)
CREATE (o2)-[:EMPLOYS {extracts: [$ids.ie], extractRows: [9]}]->(a)
CREATE (o2)-[:EMPLOYS {extracts: [$ids.ie], extractRows: [10]}]->(b)`;

async function all(scope: ReadScope): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  for await (const page of resolutionRecords('Person', scope, { pageSize: 2 })) {
    for (const record of page) out.set(record.id, record);
  }
  return out;
}

describe('context reaches resolution through need-to-know', () => {
  let full = new Map<string, StoredRecord>();
  let gb = new Map<string, StoredRecord>();

  beforeAll(async () => {
    await cleanDatabase();
    await executeWrite(SEED, { ids: IDS });
    await recordMentionFactsAsLoaded();
    full = await all(FULL_SCOPE);
    gb = await all(await scopeForJurisdictions(['GB']));
  }, 120_000);
  afterAll(closeDriver);

  it('reads the phones called, the counterparties paid and the employers, each as the viewer may', () => {
    // Calls either way (the friend called the phone once, was called once: one neighbour).
    expect(full.get(IDS.phoneRecord)!.context).toEqual(
      [IDS.friend, IDS.gbFriend, IDS.employer, IDS.secondJob].sort(),
    );
    expect(full.get(IDS.bankRecord)!.context).toEqual([IDS.landlord, IDS.employer, IDS.secondJob].sort());
    // GB sees the GB call only; IE's calls, IE's payment and IE's employments are not there, nor
    // a call of a phone no visible record holds.
    expect(gb.get(IDS.phoneRecord)!.context).toEqual([IDS.gbFriend]);
    expect(gb.get(IDS.bankRecord)!.context).toBeUndefined();
    expect(gb.get(IDS.namesake1)!.context).toBeUndefined();
  });

  it('a full run joins the undated record by the two small employers both have; a GB-only run cannot see them', () => {
    // Background people (with context of their own) give the run its weights.
    const background = generateResolutionWorld({ persons: 600, companies: 60, seed: 5 }).records;
    const run = (records: Map<string, StoredRecord>) => {
      const out = resolveRecords([...records.values(), ...background] as ResolutionRecord[], {
        randomPairs: 60_000,
      });
      return out.proposed.find(
        (m) => [m.a, m.b].sort().join('|') === [IDS.phoneRecord, IDS.bankRecord].sort().join('|'),
      );
    };
    const joined = run(full);
    expect(joined).toBeDefined();
    expect(joined!.score.contributions.find((c) => c.feature === 'context')?.level).toBe('shared-2');
    expect(run(gb)).toBeUndefined();
  }, 240_000);
});
