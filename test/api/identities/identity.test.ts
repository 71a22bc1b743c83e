/**
 * Identities through the API (issue #13 item 3): `identity` on Person and Organisation, the
 * `identity(id)` query and the Identity type, for viewers of GB, IE, GB+IE and every jurisdiction,
 * checked against the contract's rule computed independently (test/support/identities.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/serve/viewer.ts';
import { identitiesOf } from '../../../src/store/read/identities.ts';
import { FULL_SCOPE, scopeForJurisdictions } from '../../../src/store/read/scope.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { expectedIdentities, storeMatches } from '../../support/identities.ts';
import { jwtClient } from '../client.ts';
import {
  ALL,
  ALL_VISIBLE,
  GB,
  GB_IE,
  GB_VISIBLE,
  IDS,
  IE,
  IE_VISIBLE,
  MATCHES,
  seedIdentities,
} from './world.ts';

const { as } = jwtClient('identity-test-secret-identity-test-secret');

const VIEWERS: [string, Viewer, Set<string>, string[] | '*'][] = [
  ['GB', GB, GB_VISIBLE, ['GB']],
  ['IE', IE, IE_VISIBLE, ['IE']],
  ['GB+IE', GB_IE, ALL_VISIBLE, ['GB', 'IE']],
  ['every jurisdiction', ALL, ALL_VISIBLE, '*'],
];

const RECORD_IDENTITY = `query($id: ID!) { entity(id: $id) {
  ... on Person { identity { id size truncated records { entityId } names birthDates sources identifiers } }
  ... on Organisation { identity { id size records { entityId } identifiers } } } }`;

beforeAll(async () => {
  await cleanDatabase();
  await seedIdentities();
});
afterAll(closeDriver);

describe('identity of a record', () => {
  for (const [name, viewer, visible, jurisdictions] of VIEWERS) {
    it(`is the component of readable SAME_AS, for a viewer of ${name}`, async () => {
      const expected = expectedIdentities(MATCHES, visible, jurisdictions);
      for (const id of visible) {
        const { data, errors } = await as(viewer, RECORD_IDENTITY, { id });
        expect(errors).toBeUndefined();
        const records = expected.get(id);
        const identity = data.entity.identity;
        if (records === undefined) {
          expect(identity, `${id} is alone for ${name}`).toBeNull();
          continue;
        }
        expect(identity.id).toBe(`identity:${records[0]}`);
        expect(identity.size).toBe(records.length);
        expect(identity.records.map((r: { entityId: string }) => r.entityId)).toEqual(records);
      }
    });
  }

  it('joins a GB viewer three records, never through the IE record or the GB+IE match', async () => {
    const { data } = await as(GB, RECORD_IDENTITY, { id: IDS.gbBank });
    expect(data.entity.identity).toEqual({
      id: `identity:${IDS.gbBank}`,
      size: 3,
      truncated: false,
      records: [IDS.gbBank, IDS.gbPolice, IDS.gbRegister].map((entityId) => ({ entityId })),
      names: ['Dumitru Mnuteanu', 'Dumitru Munteanu', 'MUNTEANU Dumitru'],
      birthDates: ['1969-12', '1969-12-03'],
      sources: ['GB Bank', 'GB Company Register', 'GB Police'],
      identifiers: [IDS.accBank, IDS.accPolice, IDS.phone].sort(),
    });
    // The GB+IE match's other end is a GB record, but the match is not GB's to read.
    expect((await as(GB, RECORD_IDENTITY, { id: IDS.gbOther })).data.entity.identity).toBeNull();
    expect(JSON.stringify(await as(GB, RECORD_IDENTITY, { id: IDS.gbPolice }))).not.toMatch(/ieonly|IE44/i);
  });

  it('gathers what a viewer of every jurisdiction may read, IE spellings and dates included', async () => {
    const { data } = await as(ALL, RECORD_IDENTITY, { id: IDS.gbRegister });
    expect(data.entity.identity.size).toBe(5);
    expect(data.entity.identity.names).toEqual(
      expect.arrayContaining(['Dumitru Munteanu Ieonlyname', 'Думитру Мунтяну', 'D. Munteanu']),
    );
    expect(data.entity.identity.birthDates).toEqual(['1969', '1969-03-12', '1969-12', '1969-12-03']);
    expect(data.entity.identity.identifiers).toContain(IDS.accIe);
  });

  it('joins organisations and lists their registration number', async () => {
    const { data } = await as(GB, RECORD_IDENTITY, { id: IDS.orgB });
    expect(data.entity.identity.records).toEqual(
      [IDS.orgA, IDS.orgB].sort().map((entityId) => ({ entityId })),
    );
    expect(data.entity.identity.identifiers).toEqual(['registration:GB|0123456']);
  });

  it('never joins through a candidate (POSSIBLY_SAME_AS)', async () => {
    const { data } = await as(ALL, RECORD_IDENTITY, { id: IDS.gbNamesake });
    expect(data.entity.identity).toBeNull();
  });
});

describe('identity(id)', () => {
  it('answers an identity by id, per viewer, and null when the viewer knows no such group', async () => {
    const query = `query($id: ID!) { identity(id: $id) { id size records { entityId } } }`;
    const gb = await as(GB, query, { id: `identity:${IDS.gbBank}` });
    expect(gb.data.identity.size).toBe(3);
    const all = await as(ALL, query, { id: `identity:${IDS.gbBank}` });
    // For a viewer of all the group is larger and its smallest record another: the group it is in now.
    expect(all.data.identity.id).toBe(`identity:${IDS.gbBank}`);
    expect(all.data.identity.size).toBe(5);
    expect((await as(IE, query, { id: `identity:${IDS.gbBank}` })).data.identity).toBeNull();
    expect((await as(GB, query, { id: `identity:${IDS.ieGarda}` })).data.identity).toBeNull();
    expect((await as(GB, query, { id: `identity:${IDS.gbNamesake}` })).data.identity).toBeNull();
  });

  it('refuses an id that is not an identity id, saying which form it takes', async () => {
    const { errors } = await as(GB, `{ identity(id: "person:x") { id } }`);
    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/identity:person:/);
  });
});

describe('store: identitiesOf', () => {
  it('cuts a component larger than the bound and says so', async () => {
    // A chain of six GB records, bound 3: the walk stops, the identity says it was truncated.
    const chain = [IDS.gbPolice, IDS.gbRegister, IDS.gbBank];
    const scope = await scopeForJurisdictions(['GB']);
    const found = await identitiesOf([IDS.gbPolice], scope, { maxRecords: 2 });
    const identity = found.get(IDS.gbPolice);
    expect(identity?.truncated).toBe(true);
    expect(identity?.recordIds.length).toBe(2);
    expect(chain).toEqual(expect.arrayContaining(identity?.recordIds ?? []));
    const whole = (await identitiesOf([IDS.gbPolice], scope)).get(IDS.gbPolice);
    expect(whole?.truncated).toBe(false);
  });

  it('gives a truncated identity one id and one list of records from whichever record it is asked', async () => {
    // The GB chain police – register – bank, bound 2: the id is the smallest record of the whole
    // group (the bank's) and the list its two smallest ids, asked from any end or all at once.
    const scope = await scopeForJurisdictions(['GB']);
    const chain = [IDS.gbPolice, IDS.gbRegister, IDS.gbBank];
    const smallest = [...chain].sort().slice(0, 2);
    for (const asked of [[IDS.gbPolice], [IDS.gbRegister], [IDS.gbBank], chain]) {
      const found = await identitiesOf(asked, scope, { maxRecords: 2 });
      for (const id of asked) {
        expect(found.get(id)).toEqual({
          id: `identity:${IDS.gbBank}`,
          recordIds: smallest,
          truncated: true,
        });
      }
    }
  });

  it('answers many records in one call, the same component for each of its records', async () => {
    const found = await identitiesOf([...ALL_VISIBLE], FULL_SCOPE);
    const expected = expectedIdentities(MATCHES, ALL_VISIBLE, '*');
    for (const id of ALL_VISIBLE) expect(found.get(id)?.recordIds).toEqual(expected.get(id));
  });

  it('a later SAME_AS of another jurisdiction changes nothing for GB', async () => {
    await storeMatches([{ type: 'SAME_AS', a: IDS.gbNamesake, b: IDS.gbPolice, jurisdictions: ['IE'] }]);
    const gb = await scopeForJurisdictions(['GB']);
    expect((await identitiesOf([IDS.gbNamesake], gb)).get(IDS.gbNamesake)).toBeUndefined();
    await cleanDatabase();
    await seedIdentities();
  });
});
