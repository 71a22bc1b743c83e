/** Every analyst operation through yoga.fetch against the real Neo4j, on a hand-built graph with known answers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEntities, loadSources } from '../../src/store/read/entities.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { onQuery } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { client } from './client.ts';
import { IDS, seed } from './seed.ts';

const gql = client();

beforeAll(async () => {
  await cleanDatabase();
  await seed();
});
afterAll(closeDriver);

describe('entity, node and nodes', () => {
  it('finds an entity by its Skein id with its sources and typed fields', async () => {
    const { data, errors } = await gql(
      `query($id: ID!) { entity(id: $id) { id entityId label name names sources { extractId jurisdiction firstRow rows }
         ... on Person { birthDate accounts { entityId } phones { entityId } } } }`,
      { id: IDS.ana },
    );
    expect(errors).toBeUndefined();
    expect(data?.entity).toMatchObject({
      entityId: IDS.ana,
      label: 'Person',
      name: 'Ana Popescu',
      names: ['Ana Popescu', 'POPESCU Ana'],
      birthDate: '1990-05-01',
      sources: [{ extractId: IDS.extractGb, jurisdiction: 'GB', firstRow: 2, rows: 1 }],
      accounts: [{ entityId: IDS.accA }],
      phones: [{ entityId: IDS.phone }],
    });
    const globalId = data?.entity.id as string;
    const viaNode = await gql(`query($id: ID!) { node(id: $id) { id ... on Person { name } } }`, {
      id: globalId,
    });
    expect(viaNode.data?.node).toEqual({ id: globalId, name: 'Ana Popescu' });
    const viaEntity = await gql(`query($id: ID!) { entity(id: $id) { entityId } }`, { id: globalId });
    expect(viaEntity.data?.entity.entityId).toBe(IDS.ana);
  });

  it('loads several nodes in one call, null for unknown ones', async () => {
    const ids = await Promise.all(
      [IDS.ana, IDS.accA].map(
        async (id) => (await gql(`query($id: ID!) { entity(id: $id) { id } }`, { id })).data?.entity.id,
      ),
    );
    const { data } = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { entityId } } }`, {
      ids: [...ids, Buffer.from('Person:person:nobody').toString('base64')],
    });
    expect(data?.nodes).toEqual([{ entityId: IDS.ana }, { entityId: IDS.accA }, null]);
  });

  it('answers NOT_FOUND for an unknown entity and BAD_USER_INPUT for a malformed id', async () => {
    const missing = await gql(`{ entity(id: "person:gb-bank:nobody") { id } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await gql(`{ entity(id: "not an id") { id } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/entity id/);
  });
});

describe('search', () => {
  it('finds a person by a misspelt name', async () => {
    const { data } = await gql(
      `{ search(text: "Popesku", first: 5) { totalCount edges { node { entityId } } } }`,
    );
    expect(data?.search.edges.map((e: any) => e.node.entityId)).toContain(IDS.ana);
  });

  it('finds a phone written in national format and an IBAN with spaces, exact match first', async () => {
    const phone = await gql(`{ search(text: "07911 123456") { edges { node { entityId } } } }`);
    expect(phone.data?.search.edges[0].node.entityId).toBe(IDS.phone);
    const iban = await gql(`{ search(text: "gb82 west 1234 5698 7654 32") { edges { node { entityId } } } }`);
    expect(iban.data?.search.edges[0].node.entityId).toBe(IDS.accA);
  });

  it('filters by type and pages with cursors and a total', async () => {
    const first = await gql(
      `{ search(text: "payer", types: [Account], first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { node { label } } } }`,
    );
    expect(first.data?.search.totalCount).toBe(30);
    expect(first.data?.search.edges).toHaveLength(10);
    expect(first.data?.search.pageInfo.hasNextPage).toBe(true);
    const next = await gql(
      `query($after: String) { search(text: "payer", types: [Account], first: 25, after: $after) { edges { node { entityId } } pageInfo { hasNextPage } } }`,
      {
        after: first.data?.search.pageInfo.endCursor,
      },
    );
    expect(next.data?.search.edges).toHaveLength(20);
    expect(next.data?.search.pageInfo.hasNextPage).toBe(false);
  });

  it('pages through the same ranking that one large page gives', async () => {
    const ids = (result: any) => result.data?.search.edges.map((e: any) => e.node.entityId) as string[];
    const all = await gql(
      `{ search(text: "payer", types: [Account], first: 30) { edges { node { entityId } } } }`,
    );
    const first = await gql(
      `{ search(text: "payer", types: [Account], first: 7) { totalCount pageInfo { endCursor } edges { node { entityId } } } }`,
    );
    const rest = await gql(
      `query($after: String) { search(text: "payer", types: [Account], first: 30, after: $after) { totalCount edges { node { entityId } } } }`,
      { after: first.data?.search.pageInfo.endCursor },
    );
    expect(ids(all)).toHaveLength(30);
    expect([...ids(first), ...ids(rest)]).toEqual(ids(all));
    expect(rest.data?.search.totalCount).toBe(30);
  });

  it('ranks an exact identifier first and continues with the full-text matches on later pages', async () => {
    const first = await gql(
      `{ search(text: "GB29NWBK60161331926819", first: 1) { totalCount pageInfo { endCursor } edges { node { entityId } } } }`,
    );
    expect(first.data?.search.edges.map((e: any) => e.node.entityId)).toEqual([IDS.hub]);
    const rest = await gql(
      `query($after: String) { search(text: "GB29NWBK60161331926819", first: 10, after: $after) { totalCount edges { node { entityId } } } }`,
      { after: first.data?.search.pageInfo.endCursor },
    );
    // The hub is also a full-text match of its own IBAN: it is listed once, not again on page two.
    expect(rest.data?.search.edges.map((e: any) => e.node.entityId)).not.toContain(IDS.hub);
    expect(rest.data?.search.totalCount).toBe(first.data?.search.totalCount);
    expect(first.data?.search.totalCount).toBe(1 + rest.data?.search.edges.length);
  });

  it.each([
    '"',
    '(',
    'AND OR NOT',
    '\\',
    'x~~ ^^ [a TO b]',
    '*',
    "') MATCH (n) DETACH DELETE n //",
    '/* */',
    ':',
  ])('never breaks on hostile text %j', async (text) => {
    const { errors, data } = await gql(`query($t: String!) { search(text: $t) { totalCount } }`, { t: text });
    expect(errors).toBeUndefined();
    expect(typeof data?.search.totalCount).toBe('number');
  });
});

describe('neighbourhood', () => {
  it('returns the nodes and edges around an entity with their depth', async () => {
    const { data, errors } = await gql(
      `query($id: ID!) { neighbourhood(id: $id, depth: 1) { nodes { depth entity { entityId } } edges { type fromId toId provenance { extractId row } } truncated { entityId } } }`,
      { id: IDS.phone },
    );
    expect(errors).toBeUndefined();
    const ids = data?.neighbourhood.nodes.map((n: any) => n.entity.entityId).sort();
    expect(ids).toEqual([IDS.ana, IDS.bogdan, IDS.cristi, IDS.dana, IDS.phone].sort());
    expect(data?.neighbourhood.edges).toContainEqual({
      type: 'HAS_PHONE',
      fromId: IDS.dana,
      toId: IDS.phone,
      provenance: { extractId: IDS.extractRo, row: 2 },
    });
  });

  it('pages a hub and says how many more links exist', async () => {
    const { data } = await gql(
      `query($id: ID!) { neighbourhood(id: $id, depth: 1, limitPerNode: 5) { nodes { entity { entityId } } truncated { entityId shown total more } } }`,
      { id: IDS.hub },
    );
    expect(data?.neighbourhood.nodes).toHaveLength(6);
    expect(data?.neighbourhood.truncated).toEqual([{ entityId: IDS.hub, shown: 5, total: 30, more: 25 }]);
  });

  it('filters by relationship type and time window, and rejects depth 4', async () => {
    const { data } = await gql(
      `query($id: ID!) { neighbourhood(id: $id, depth: 1, relationshipTypes: [PAID], since: "2024-03-04") { edges { toId } } }`,
      { id: IDS.accA },
    );
    expect(data?.neighbourhood.edges.map((e: any) => e.toId).sort()).toEqual([IDS.accB, IDS.accD].sort());
    const deep = await gql(`query($id: ID!) { neighbourhood(id: $id, depth: 4) { edges { type } } }`, {
      id: IDS.accA,
    });
    expect(deep.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('paths', () => {
  it('finds all shortest paths between two persons through a shared phone', async () => {
    const { data } = await gql(
      `query($a: ID!, $b: ID!) { paths(from: $a, to: $b) { length nodes { entityId } } }`,
      {
        a: IDS.ana,
        b: IDS.dana,
      },
    );
    expect(data?.paths).toEqual([
      { length: 2, nodes: [{ entityId: IDS.ana }, { entityId: IDS.phone }, { entityId: IDS.dana }] },
    ]);
  });

  it('follows money in time order only', async () => {
    const { data, errors } = await gql(
      `query($a: ID!, $c: ID!) { paths(from: $a, to: $c, money: true) { nodes { entityId } edges { at amount } } }`,
      { a: IDS.accA, c: IDS.accC },
    );
    expect(errors).toBeUndefined();
    // A→D (5 March) then D→C (3 March) goes back in time, so only A→B→C counts.
    expect(data?.paths).toEqual([
      {
        nodes: [{ entityId: IDS.accA }, { entityId: IDS.accB }, { entityId: IDS.accC }],
        edges: [
          { at: '2024-03-01T10:00:00', amount: 1000 },
          { at: '2024-03-02T10:00:00', amount: 900 },
        ],
      },
    ]);
  });
});

describe('moneyFlow', () => {
  it('aggregates per counterparty and hop, following money forward in time', async () => {
    const { data, errors } = await gql(
      `query($a: ID!) { moneyFlow(accountId: $a, maxHops: 2) { steps { hop counterparty { entityId } total count first last via } totalsByHop { hop total count counterparties } } }`,
      { a: IDS.accA },
    );
    expect(errors).toBeUndefined();
    expect(data?.moneyFlow.steps).toEqual([
      {
        hop: 1,
        counterparty: { entityId: IDS.accB },
        total: 1200,
        count: 2,
        first: '2024-03-01T10:00:00',
        last: '2024-03-06T10:00:00',
        via: [IDS.accA],
      },
      {
        hop: 1,
        counterparty: { entityId: IDS.accD },
        total: 500,
        count: 1,
        first: '2024-03-05T10:00:00',
        last: '2024-03-05T10:00:00',
        via: [IDS.accA],
      },
      // D paid C before A paid D: that payment is not money from A, so C is reached only through B.
      {
        hop: 2,
        counterparty: { entityId: IDS.accC },
        total: 900,
        count: 1,
        first: '2024-03-02T10:00:00',
        last: '2024-03-02T10:00:00',
        via: [IDS.accB],
      },
    ]);
    expect(data?.moneyFlow.totalsByHop).toEqual([
      { hop: 1, total: 1700, count: 3, counterparties: 2 },
      { hop: 2, total: 900, count: 1, counterparties: 1 },
    ]);
  });

  it('traces where money came from (IN) with a minimum amount', async () => {
    const { data } = await gql(
      `query($h: ID!) { moneyFlow(accountId: $h, direction: IN, maxHops: 1, minAmount: 250) { steps { total } totalsByHop { total counterparties } } }`,
      {
        h: IDS.hub,
      },
    );
    expect(data?.moneyFlow.totalsByHop).toEqual([
      { total: 250 + 260 + 270 + 280 + 290 + 300, counterparties: 6 },
    ]);
  });

  it('keeps the largest counterparties of a hop and counts the rest as truncated', async () => {
    const { data } = await gql(
      `query($h: ID!) { moneyFlow(accountId: $h, direction: IN, maxHops: 1, perHop: 5) { steps { total counterparty { entityId } } truncated } }`,
      { h: IDS.hub },
    );
    expect(data?.moneyFlow.steps).toEqual(
      [30, 29, 28, 27, 26].map((i) => ({ total: 10 * i, counterparty: { entityId: `account:PAYER${i}` } })),
    );
    expect(data?.moneyFlow.truncated).toBe(25);
  });
});

describe('sharedIdentifiers', () => {
  it('lists phones shared by at least three persons, with the persons', async () => {
    const { data } = await gql(
      `{ sharedIdentifiers(kind: PHONE, minHolders: 3) { totalCount edges { node { holderCount identifier { entityId } holders { entityId } } } } }`,
    );
    expect(data?.sharedIdentifiers.totalCount).toBe(1);
    expect(data?.sharedIdentifiers.edges[0].node).toEqual({
      holderCount: 4,
      identifier: { entityId: IDS.phone },
      holders: [IDS.ana, IDS.bogdan, IDS.cristi, IDS.dana].sort().map((entityId) => ({ entityId })),
    });
    const addresses = await gql(`{ sharedIdentifiers(kind: ADDRESS, minHolders: 2) { totalCount } }`);
    expect(addresses.data?.sharedIdentifiers.totalCount).toBe(1);
    const five = await gql(`{ sharedIdentifiers(kind: PHONE, minHolders: 5) { totalCount } }`);
    expect(five.data?.sharedIdentifiers.totalCount).toBe(0);
  });
});

describe('timeline and transactions', () => {
  it('lists everything dated about a person in time order, including their account', async () => {
    const { data } = await gql(
      `query($id: ID!) { timeline(id: $id) { totalCount edges { node { at type direction subjectId } } } }`,
      { id: IDS.ana },
    );
    expect(
      data?.timeline.edges.map((e: any) => [e.node.at, e.node.type, e.node.direction, e.node.subjectId]),
    ).toEqual([
      ['2023-01-01', 'REGISTERED_AT', 'OUT', IDS.ana],
      ['2024-03-01T10:00:00', 'PAID', 'OUT', IDS.accA],
      ['2024-03-05T10:00:00', 'PAID', 'OUT', IDS.accA],
      ['2024-03-06T10:00:00', 'PAID', 'OUT', IDS.accA],
    ]);
  });

  it('pages an account’s transactions with filters and provenance', async () => {
    const { data } = await gql(
      `query($id: ID!) { entity(id: $id) { ... on Account { transactions(direction: OUT, minAmount: 300) { totalCount edges { node { amount currency at kind counterparty { entityId } provenance { extractId row } } } } } } }`,
      { id: IDS.accA },
    );
    expect(data?.entity.transactions).toEqual({
      totalCount: 2,
      edges: [
        {
          node: {
            amount: 1000,
            currency: 'GBP',
            at: '2024-03-01T10:00:00',
            kind: 'transfer',
            counterparty: { entityId: IDS.accB },
            provenance: { extractId: IDS.extractGb, row: 10 },
          },
        },
        {
          node: {
            amount: 500,
            currency: 'GBP',
            at: '2024-03-05T10:00:00',
            kind: 'transfer',
            counterparty: { entityId: IDS.accD },
            provenance: { extractId: IDS.extractGb, row: 12 },
          },
        },
      ],
    });
  });
});

describe('investigator mutations', () => {
  it('records a role in a case and shows it on the person', async () => {
    const { data, errors } = await gql(
      `mutation($p: ID!) { recordRole(input: {personId: $p, jurisdiction: "gb", caseNumber: "OP-FORT-7", role: VICTIM, since: "2024-02-01"}) { entityId roles { caseId role since recordedBy } } }`,
      { p: IDS.bogdan },
    );
    expect(errors).toBeUndefined();
    expect(data?.recordRole.roles).toEqual([
      { caseId: 'case:GB|OP-FORT-7', role: 'VICTIM', since: '2024-02-01', recordedBy: 'dev' },
    ]);
    const caseNode = await gql(
      `{ entity(id: "case:GB|OP-FORT-7") { name sources { source jurisdiction } ... on Case { involved { entityId } } } }`,
    );
    expect(caseNode.data?.entity).toEqual({
      name: 'OP-FORT-7',
      sources: [{ source: 'investigator', jurisdiction: 'GB' }],
      involved: [{ entityId: IDS.bogdan }],
    });
  });

  it('annotates and tags an entity with author and time', async () => {
    const { data } = await gql(
      `mutation($id: ID!) { annotateEntity(id: $id, text: "seen at the flat", tags: ["hub", "hub", "priority"]) { text tags author at } }`,
      {
        id: IDS.phone,
      },
    );
    expect(data?.annotateEntity).toMatchObject({
      text: 'seen at the flat',
      tags: ['hub', 'priority'],
      author: 'dev',
    });
    const entity = await gql(`query($id: ID!) { entity(id: $id) { tags annotations { text } } }`, {
      id: IDS.phone,
    });
    expect(entity.data?.entity).toEqual({
      tags: ['hub', 'priority'],
      annotations: [{ text: 'seen at the flat' }],
    });
    const empty = await gql(`mutation($id: ID!) { annotateEntity(id: $id) { id } }`, { id: IDS.phone });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('entity with its sources', () => {
  it('answers entity(id) { sources } in one statement, as the separate loads would', async () => {
    for (const id of [IDS.ana, IDS.phone, IDS.dana, IDS.accD, IDS.address]) {
      const seen: string[] = [];
      // The audit's write and the viewer's scope are not part of answering the query.
      const stop = onQuery((e) => {
        if (!e.cypher.includes('Audit') && !e.cypher.includes('e.status')) seen.push(e.cypher);
      });
      // Through a named fragment: the look-ahead follows fragments.
      const { data, errors } = await gql(
        `query($id: ID!) { entity(id: $id) { ...withSources } }
         fragment withSources on Entity { entityId name sources { extractId name source jurisdiction sha256 firstRow rows } }`,
        { id },
      );
      stop();
      expect(errors).toBeUndefined();
      expect(seen).toHaveLength(1);
      // Independently: the two store loads the entity and sources fields make when asked apart.
      const [entities, sources] = await Promise.all([
        loadEntities([id], FULL_SCOPE),
        loadSources([id], FULL_SCOPE),
      ]);
      expect(data?.entity).toEqual({
        entityId: id,
        name: entities.get(id)?.props.name ?? null,
        sources: sources.get(id) ?? [],
      });
    }
    // Without sources in the question, the entity alone is read.
    const seen: string[] = [];
    const stop = onQuery((e) => seen.push(e.cypher));
    await gql(`query($id: ID!) { entity(id: $id) { entityId } }`, { id: IDS.phone });
    stop();
    expect(seen.some((c) => c.includes('firstRow'))).toBe(false);
  });
});

describe('DataLoader batching', () => {
  it('loads the persons of a shared phone and their accounts and sources in a constant number of round trips', async () => {
    const seen: string[] = [];
    // The audit trail's own write (lock head, append) is not part of answering the query.
    const stop = onQuery((e) => {
      if (!e.cypher.includes('Audit')) seen.push(e.cypher);
    });
    const { errors } = await gql(
      `{ sharedIdentifiers(kind: PHONE, minHolders: 2) { edges { node { holders { entityId sources { extractId } ... on Person { accounts { entityId } phones { entityId } } } } } } }`,
    );
    stop();
    expect(errors).toBeUndefined();
    // the viewer's scope (which loads are complete, once per request) + shared query + entities (one
    // query per label: Phone, Person) + sources + HOLDS + HAS_PHONE = 7, whatever the number of
    // holders; one query per holder and field would be 3 + 4 × 3 = 15.
    expect(seen.length).toBe(7);
  });
});
