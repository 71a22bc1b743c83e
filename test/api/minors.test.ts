/**
 * Minors (issue #18 item 3): a person under 18 at a dated fact the viewer may see is flagged, and
 * their details reach only the `minors` role (admin implies it) — on the entity, search (a name or
 * a document number finds nothing), neighbourhoods, timelines, paths and every export format.
 * Need-to-know decides the flag: a birth date only IE recorded makes a shared person a minor for
 * IE's users, not for GB's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../src/export/formats.ts';
import { MINOR_PLACEHOLDER } from '../../src/model/minor.ts';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { refreshMinorFacts } from '../../src/store/minor-facts.ts';
import { executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver, recordMentionFactsAsLoaded } from '../support/db.ts';

const SECRET = 'minors-secret-minors-secret-minors!!';
const app = createApp({
  graphiql: false,
  authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
});

const GB: Viewer = { id: 'gb-analyst', roles: ['analyst'], jurisdictions: ['GB'] };
const GB_MINORS: Viewer = { id: 'gb-child-protection', roles: ['analyst', 'minors'], jurisdictions: ['GB'] };
const GB_ADMIN: Viewer = { id: 'gb-admin', roles: ['admin'], jurisdictions: ['GB'] };
const IE: Viewer = { id: 'ie-analyst', roles: ['analyst'], jurisdictions: ['IE'] };
const ALL: Viewer = { id: 'all-analyst', roles: ['analyst'], jurisdictions: ['*'] };

const IDS = {
  gb: 'extract:gb-people',
  ie: 'extract:ie-people',
  child: 'person:gb-people:K1',
  partial: 'person:gb-people:K2',
  adult: 'person:gb-people:A1',
  shared: 'person:gb-people:S1',
  passport: 'doc:passport|KX900001|GB',
  adultPassport: 'doc:passport|AX100001|GB',
  address: 'address:GB|NW1 1AA|7 quiet lane',
  account: 'account:GB11CHLD00000000000001',
  adultAccount: 'account:GB22ADLT00000000000002',
  // Issue 18 item 3: the child's own phone and e-mail, and a phone the family shares.
  childPhone: 'phone:+447700900111',
  childEmail: 'email:kestrel@example.org',
  familyPhone: 'phone:+447700900222',
  // Issue 18 item 2: another GB record of the child (police, no birth date), joined by a GB match;
  // a GB record whose only minor-making record is IE's (joined by a GB-made match to an IE-only record).
  alias: 'person:gb-police:K1',
  ghost: 'person:gb-police:G1',
  ieGhost: 'person:ie-people:G1',
} as const;

/** The child's own identifiers: withheld with the child (their ids are their numbers). */
const OWN_IDENTIFIERS = ['+447700900111', 'kestrel@example.org', 'GB11CHLD00000000000001'];

/** What no viewer without the role may read about the child, anywhere. */
const SECRETS = ['Kestrel', 'Childsworth', '2012-04-01', 'KX900001', 'Partialson'];

const SEED = `
CREATE (gb:Extract {id: $ids.gb, name: 'gb-people.csv', source: 'GB register', jurisdiction: 'GB', sha256: 'aa', status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 4, loaded: 4, rejected: 0})
CREATE (ie:Extract {id: $ids.ie, name: 'ie-people.csv', source: 'IE register', jurisdiction: 'IE', sha256: 'bb', status: 'complete', loadedAt: '2024-01-02T00:00:00Z', rows: 1, loaded: 1, rejected: 0})
CREATE (child:Person {id: $ids.child, name: 'Kestrel Childsworth', names: ['Kestrel Childsworth'], nameKey: 'kestrel childsworth', birthDate: '2012-04-01', nationality: 'GB'})
CREATE (partial:Person {id: $ids.partial, name: 'Paz Partialson', names: ['Paz Partialson'], nameKey: 'paz partialson', birthDate: '1990'})
CREATE (adult:Person {id: $ids.adult, name: 'Adam Grownup', names: ['Adam Grownup'], nameKey: 'adam grownup', birthDate: '1980-01-01'})
CREATE (shared:Person {id: $ids.shared, name: 'Sam Sharedley', names: ['Sam Sharedley'], nameKey: 'sam sharedley', birthDate: '2011-01-01'})
CREATE (doc:IdentityDocument {id: $ids.passport, name: 'KX900001', number: 'KX900001', type: 'passport', country: 'GB'})
CREATE (adoc:IdentityDocument {id: $ids.adultPassport, name: 'AX100001', number: 'AX100001', type: 'passport', country: 'GB'})
CREATE (ad:Address {id: $ids.address, name: '7 Quiet Lane, NW1 1AA', line: '7 Quiet Lane', postcode: 'NW1 1AA', country: 'GB'})
CREATE (acc:Account {id: $ids.account, name: 'GB11CHLD00000000000001', iban: 'GB11CHLD00000000000001'})
CREATE (aacc:Account {id: $ids.adultAccount, name: 'GB22ADLT00000000000002', iban: 'GB22ADLT00000000000002'})
CREATE (cph:Phone {id: $ids.childPhone, name: '+447700900111', number: '+447700900111'})
CREATE (cem:Email {id: $ids.childEmail, name: 'kestrel@example.org', address: 'kestrel@example.org'})
CREATE (fph:Phone {id: $ids.familyPhone, name: '+447700900222', number: '+447700900222'})
CREATE (alias:Person {id: $ids.alias, name: 'Kes Aliasworth', names: ['Kes Aliasworth'], nameKey: 'kes aliasworth'})
CREATE (ghost:Person {id: $ids.ghost, name: 'Gil Ghostley', names: ['Gil Ghostley'], nameKey: 'gil ghostley'})
CREATE (ieGhost:Person {id: $ids.ieGhost, name: 'Gil Ghostley', names: ['Gil Ghostley'], nameKey: 'gil ghostley', birthDate: '2013-02-02'})
FOREACH (n IN [child, partial, adult, shared, doc, adoc, ad, acc, aacc, cph, cem, fph, alias, ghost] | MERGE (gb)-[:MENTIONS {firstRow: 2, rows: 1}]->(n))
MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(shared)
MERGE (ie)-[:MENTIONS {firstRow: 3, rows: 1}]->(ieGhost)
CREATE (child)-[:HAS_PHONE {extract: $ids.gb, row: 2}]->(cph)
CREATE (child)-[:HAS_EMAIL {extract: $ids.gb, row: 2}]->(cem)
CREATE (child)-[:HAS_PHONE {extract: $ids.gb, row: 2}]->(fph)
CREATE (adult)-[:HAS_PHONE {extract: $ids.gb, row: 4}]->(fph)
CREATE (alias)-[:REGISTERED_AT {extract: $ids.gb, row: 7, from: '2021-05-01', kind: 'residence'}]->(ad)
CREATE (alias)-[:SAME_AS {by: 'rule:same-document', score: 1, jurisdictions: ['GB']}]->(child)
CREATE (ghost)-[:REGISTERED_AT {extract: $ids.gb, row: 8, from: '2022-05-01', kind: 'residence'}]->(ad)
CREATE (ghost)-[:SAME_AS {by: 'rule:same-document', score: 1, jurisdictions: ['GB']}]->(ieGhost)
CREATE (child)-[:HAS_DOCUMENT {extract: $ids.gb, row: 2}]->(doc)
CREATE (adult)-[:HAS_DOCUMENT {extract: $ids.gb, row: 4}]->(adoc)
CREATE (child)-[:REGISTERED_AT {extract: $ids.gb, row: 2, from: '2020-01-01', kind: 'residence'}]->(ad)
CREATE (adult)-[:REGISTERED_AT {extract: $ids.gb, row: 4, from: '2019-01-01', kind: 'residence'}]->(ad)
CREATE (partial)-[:REGISTERED_AT {extract: $ids.gb, row: 3, from: '2008-06-10', kind: 'residence'}]->(ad)
CREATE (shared)-[:REGISTERED_AT {extract: $ids.gb, row: 5, from: '2024-01-01', kind: 'residence'}]->(ad)
CREATE (child)-[:HOLDS {extract: $ids.gb, row: 2}]->(acc)
CREATE (adult)-[:HOLDS {extract: $ids.gb, row: 4}]->(aacc)
CREATE (aacc)-[:PAID {extract: $ids.gb, row: 6, key: 'k6', amount: 50.0, currency: 'GBP', at: '2024-03-01T10:00:00', kind: 'transfer'}]->(acc)`;

let tokens: Map<string, string>;

async function post(viewer: Viewer, query: string, variables: Record<string, unknown> = {}) {
  const response = await app.fetch('http://skein.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(viewer.id)}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    text: await response.clone().text(),
    body: (await response.json()) as { data?: any; errors?: any[] },
  };
}

async function exportText(viewer: Viewer, path: string): Promise<{ status: number; text: string }> {
  const response = await app.fetch(`http://skein.test${path}`, {
    headers: { authorization: `Bearer ${tokens.get(viewer.id)}` },
  });
  return { status: response.status, text: await response.text() };
}

const secretsIn = (text: string) => SECRETS.filter((s) => text.includes(s));

beforeAll(async () => {
  await cleanDatabase();
  await executeWrite(SEED, { ids: IDS });
  await recordMentionFactsAsLoaded();
  // GB recorded the shared person without a birth date; only IE's extract holds one.
  await executeWrite(
    `MATCH (:Extract {id: $gb})-[m:MENTIONS]->(:Person {id: $shared}) REMOVE m.p_birthDate`,
    { gb: IDS.gb, shared: IDS.shared },
  );
  // A hand-edited fact: the rule's stored facts are recomputed, as any writer outside a load must.
  await refreshMinorFacts();
  tokens = new Map();
  for (const viewer of [GB, GB_MINORS, GB_ADMIN, IE, ALL]) {
    tokens.set(viewer.id, await signDevelopmentToken(SECRET, viewer, { expiresIn: '1h' }));
  }
});
afterAll(closeDriver);

const PERSON = `query($id: ID!) { entity(id: $id) { name names ... on Person { birthDate nationality detailsWithheld
  minor { certain certainty conflictingBirthDates atEvents { kind date certainty } }
  documents { id } } } }`;

describe('the minor flag', () => {
  it('flags a child with the facts that make them one, and not an adult', async () => {
    const child = await post(GB_MINORS, PERSON, { id: IDS.child });
    expect(child.body.errors).toBeUndefined();
    const person = child.body.data.entity;
    expect(person.name).toBe('Kestrel Childsworth');
    expect(person.detailsWithheld).toBe(false);
    expect(person.minor.certain).toBe(true);
    expect(person.minor.atEvents).toEqual([
      { kind: 'ADDRESS', date: '2020-01-01', certainty: 'CERTAIN' },
      { kind: 'PAYMENT', date: '2024-03-01', certainty: 'CERTAIN' },
      { kind: 'NOW', date: null, certainty: 'CERTAIN' },
    ]);
    const adult = await post(GB_MINORS, PERSON, { id: IDS.adult });
    expect(adult.body.data.entity.minor).toBeNull();
  });

  it('reads a year-only birth date conservatively: possibly a minor in the year they turned 18', async () => {
    const { body } = await post(GB_MINORS, PERSON, { id: IDS.partial });
    // Born in 1990, registered on 2008-06-10: 18 if born before 10 June, 17 if after.
    expect(body.data.entity.minor).toEqual({
      certain: false,
      certainty: 'POSSIBLE',
      conflictingBirthDates: false,
      atEvents: [{ kind: 'ADDRESS', date: '2008-06-10', certainty: 'POSSIBLE' }],
    });
  });
});

describe("minors' details only for the minors role", () => {
  it('entity: a placeholder name, no birth date, no documents, and the fact that they were withheld', async () => {
    const { body, text } = await post(GB, PERSON, { id: IDS.child });
    expect(body.errors).toBeUndefined();
    expect(body.data.entity).toMatchObject({
      name: MINOR_PLACEHOLDER,
      names: [MINOR_PLACEHOLDER],
      birthDate: null,
      nationality: null,
      detailsWithheld: true,
      minor: { certain: true },
      documents: [],
    });
    expect(secretsIn(text)).toEqual([]);
  });

  it("entity: the minor's passport is not found (its number is its id)", async () => {
    const hidden = await post(GB, 'query($id: ID!) { entity(id: $id) { name } }', { id: IDS.passport });
    expect(hidden.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const shown = await post(GB_MINORS, 'query($id: ID!) { entity(id: $id) { name } }', { id: IDS.passport });
    expect(shown.body.data.entity.name).toBe('KX900001');
    // An adult's passport is not affected.
    const adult = await post(GB, 'query($id: ID!) { entity(id: $id) { name } }', { id: IDS.adultPassport });
    expect(adult.body.data.entity.name).toBe('AX100001');
  });

  it('search: neither the name, nor the birth date, nor the passport number finds the child', async () => {
    const query = `query($text: String!) { search(text: $text) { totalCount edges { node { id name } } } }`;
    for (const text of ['Kestrel Childsworth', 'Childsworth', 'KX900001']) {
      const withheld = await post(GB, query, { text });
      expect(withheld.body.errors, text).toBeUndefined();
      expect(withheld.body.data.search.totalCount, text).toBe(0);
      const entitled = await post(GB_MINORS, query, { text });
      expect(entitled.body.data.search.totalCount, text).toBeGreaterThan(0);
    }
    // Admin implies the role.
    const admin = await post(GB_ADMIN, query, { text: 'Childsworth' });
    expect(admin.body.data.search.edges[0].node.name).toBe('Kestrel Childsworth');
  });

  it('neighbourhood, timeline and paths of an adult and of the shared address show the placeholder only', async () => {
    const neighbourhood = `query($id: ID!) { neighbourhood(id: $id, depth: 2) { nodes { entity { entityId name ... on Person { birthDate detailsWithheld } } } edges { fromId toId type } } }`;
    const around = await post(GB, neighbourhood, { id: IDS.address });
    expect(around.body.errors, around.text).toBeUndefined();
    expect(secretsIn(around.text)).toEqual([]);
    const child = around.body.data.neighbourhood.nodes.find((n: any) => n.entity.entityId === IDS.child);
    expect(child.entity).toMatchObject({ name: MINOR_PLACEHOLDER, birthDate: null, detailsWithheld: true });
    expect(around.text).not.toContain(IDS.passport);
    const timeline = await post(
      GB,
      `query($id: ID!) { timeline(id: $id) { edges { node { other { name ... on Person { birthDate } } } } } }`,
      { id: IDS.address },
    );
    expect(timeline.body.errors).toBeUndefined();
    expect(timeline.text).toContain(MINOR_PLACEHOLDER);
    expect(secretsIn(timeline.text)).toEqual([]);
    const paths = await post(
      GB,
      `query($from: ID!, $to: ID!) { paths(from: $from, to: $to) { nodes { name } } }`,
      { from: IDS.adult, to: IDS.child },
    );
    expect(paths.body.errors).toBeUndefined();
    expect(paths.text).toContain(MINOR_PLACEHOLDER);
    expect(secretsIn(paths.text)).toEqual([]);
    const entitled = await post(GB_MINORS, neighbourhood, { id: IDS.address });
    expect(entitled.text).toContain('Kestrel Childsworth');
  });

  it('exports in every format carry no detail of the child; with the role they do', async () => {
    let named = 0;
    for (const format of EXPORT_FORMATS) {
      const path = `/export/neighbourhood/${encodeURIComponent(`${IDS.address}.${format.suffix}`)}?depth=2`;
      const withheld = await exportText(GB, path);
      expect(withheld.status, format.suffix).toBe(200);
      expect(secretsIn(withheld.text), format.suffix).toEqual([]);
      const entitled = await exportText(GB_MINORS, path);
      // Formats that name entities (not i2's link table) name the child for the role, and show
      // the placeholder to everyone else.
      if (entitled.text.includes('Childsworth')) {
        named++;
        expect(withheld.text, format.suffix).toContain(MINOR_PLACEHOLDER);
      }
    }
    expect(named).toBeGreaterThanOrEqual(4);
  });
});

describe('what a withheld minor still shows (issue 18 item 3)', () => {
  const IDENTIFIER = 'query($id: ID!) { entity(id: $id) { name } }';

  it("the child's own phone, e-mail and account are not found; a phone an adult holds too is", async () => {
    for (const id of [IDS.childPhone, IDS.childEmail, IDS.account]) {
      const hidden = await post(GB, IDENTIFIER, { id });
      expect(hidden.body.errors?.[0]?.extensions.code, id).toBe('NOT_FOUND');
      const shown = await post(GB_MINORS, IDENTIFIER, { id });
      expect(shown.body.errors, id).toBeUndefined();
    }
    const family = await post(GB, IDENTIFIER, { id: IDS.familyPhone });
    expect(family.body.data.entity.name).toBe('+447700900222');
    const paying = await post(GB, IDENTIFIER, { id: IDS.adultAccount });
    expect(paying.body.data.entity.name).toBe('GB22ADLT00000000000002');
  });

  it('the neighbourhood shows where the child touches the network, not who the child is', async () => {
    const query = `query($id: ID!) { neighbourhood(id: $id, depth: 2) { nodes { entity { entityId name } } } }`;
    const around = await post(GB, query, { id: IDS.adult });
    expect(around.body.errors, around.text).toBeUndefined();
    const ids = around.body.data.neighbourhood.nodes.map((n: any) => n.entity.entityId);
    // The shared address and the family phone link the adult to a withheld child.
    expect(ids).toEqual(expect.arrayContaining([IDS.address, IDS.familyPhone, IDS.child]));
    expect(OWN_IDENTIFIERS.filter((s) => around.text.includes(s))).toEqual([]);
    expect(secretsIn(around.text)).toEqual([]);
    const entitled = await post(GB_MINORS, query, { id: IDS.child });
    expect(OWN_IDENTIFIERS.filter((s) => entitled.text.includes(s))).toEqual(OWN_IDENTIFIERS);
  });

  it("search by the child's phone number or e-mail finds nothing without the role", async () => {
    const query = `query($text: String!) { search(text: $text) { totalCount } }`;
    for (const text of ['+447700900111', 'kestrel@example.org']) {
      expect((await post(GB, query, { text })).body.data.search.totalCount, text).toBe(0);
      expect((await post(GB_MINORS, query, { text })).body.data.search.totalCount, text).toBeGreaterThan(0);
    }
  });

  it("exports carry none of the child's own identifiers", async () => {
    for (const format of EXPORT_FORMATS) {
      const path = `/export/neighbourhood/${encodeURIComponent(`${IDS.adult}.${format.suffix}`)}?depth=2`;
      const withheld = await exportText(GB, path);
      expect(withheld.status, format.suffix).toBe(200);
      expect(
        OWN_IDENTIFIERS.filter((s) => withheld.text.includes(s)),
        format.suffix,
      ).toEqual([]);
    }
  });
});

describe('the flag across identities (issue 18 item 2)', () => {
  it("another record of the child's identity is withheld and flagged too", async () => {
    const gb = await post(GB, PERSON, { id: IDS.alias });
    expect(gb.body.errors).toBeUndefined();
    expect(gb.body.data.entity).toMatchObject({ name: MINOR_PLACEHOLDER, detailsWithheld: true });
    expect(gb.body.data.entity.minor.certain).toBe(true);
    expect(gb.text).not.toContain('Aliasworth');
    const search = await post(GB, `query { search(text: "Aliasworth") { totalCount } }`);
    expect(search.body.data.search.totalCount).toBe(0);
    const entitled = await post(GB_MINORS, PERSON, { id: IDS.alias });
    expect(entitled.body.data.entity).toMatchObject({ name: 'Kes Aliasworth', detailsWithheld: false });
    expect(entitled.body.data.entity.minor.atEvents[0]).toEqual({
      kind: 'ADDRESS',
      date: '2020-01-01',
      certainty: 'CERTAIN',
    });
  });

  it('a GB viewer learns nothing from an IE-only record that makes a GB record a minor', async () => {
    const gb = await post(GB, PERSON, { id: IDS.ghost });
    expect(gb.body.data.entity).toMatchObject({ name: 'Gil Ghostley', detailsWithheld: false, minor: null });
    const search = await post(GB, `query { search(text: "Ghostley") { totalCount } }`);
    expect(search.body.data.search.totalCount).toBe(1);
    // A viewer of every jurisdiction reads the match and the IE record: both withheld.
    const all = await post(ALL, PERSON, { id: IDS.ghost });
    expect(all.body.data.entity).toMatchObject({ name: MINOR_PLACEHOLDER, detailsWithheld: true });
  });
});

describe('need-to-know decides the flag', () => {
  it("a birth date only IE recorded makes the shared person a minor for IE's users, not for GB's", async () => {
    const gb = await post(GB, PERSON, { id: IDS.shared });
    expect(gb.body.data.entity).toMatchObject({ name: 'Sam Sharedley', minor: null, detailsWithheld: false });
    const ie = await post(IE, PERSON, { id: IDS.shared });
    expect(ie.body.data.entity).toMatchObject({ name: MINOR_PLACEHOLDER, detailsWithheld: true });
    expect(ie.body.data.entity.minor.certain).toBe(true);
    const all = await post(ALL, PERSON, { id: IDS.shared });
    expect(all.body.data.entity.detailsWithheld).toBe(true);
    // GB's search still finds the name GB recorded.
    const search = await post(GB, `query { search(text: "Sharedley") { totalCount } }`);
    expect(search.body.data.search.totalCount).toBe(1);
    const hidden = await post(IE, `query { search(text: "Sharedley") { totalCount } }`);
    expect(hidden.body.data.search.totalCount).toBe(0);
  });
});
