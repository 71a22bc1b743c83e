/**
 * Authentication and need-to-know, through yoga.fetch with real JWTs: a user of one jurisdiction
 * never learns of an entity seen only in another country's extracts, by any path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { cleanDatabase, closeDriver, countNodes } from '../support/db.ts';
import { IDS, seed } from './seed.ts';

const SECRET = 'test-secret-test-secret-test-secret!';
const app = createApp({
  graphiql: false,
  authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
});

async function tokenFor(viewer: Viewer, expiresIn = '1h') {
  return signDevelopmentToken(SECRET, viewer, { expiresIn });
}

async function post(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await app.fetch('http://skein.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

const GB_ANALYST: Viewer = { id: 'gb-analyst', roles: ['analyst'], jurisdictions: ['GB'] };
const RO_ANALYST: Viewer = { id: 'ro-analyst', roles: ['analyst'], jurisdictions: ['RO'] };
let gb: string;
let ro: string;

beforeAll(async () => {
  await cleanDatabase();
  await seed();
  gb = await tokenFor(GB_ANALYST);
  ro = await tokenFor(RO_ANALYST);
});
afterAll(closeDriver);

describe('authentication', () => {
  it('answers 401 without a token, with a bad signature, and with an expired token', async () => {
    const none = await post('{ health { status } }', {});
    expect(none.status).toBe(401);
    expect(none.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(none.body.errors?.[0]?.message).toMatch(/missing bearer token/);
    const forged = await signDevelopmentToken('another-secret-another-secret-12345', GB_ANALYST);
    expect((await post('{ health { status } }', {}, forged)).body.errors?.[0]?.message).toMatch(/signature/);
    const expired = await tokenFor(GB_ANALYST, '-1s');
    const late = await post('{ health { status } }', {}, expired);
    expect(late.status).toBe(401);
    expect(late.body.errors?.[0]?.message).toMatch(/expired/);
  });

  it('gives a typed FORBIDDEN error when a role is missing, not an empty answer', async () => {
    const { body } = await post(
      'mutation($id: ID!) { annotateEntity(id: $id, text: "x") { id } }',
      { id: IDS.ana },
      gb,
    );
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(body.data).toBeNull();
  });
});

describe('need-to-know: a GB analyst never sees what only Romanian extracts mention', () => {
  it('entity and node: NOT_FOUND, the same as a missing id', async () => {
    const { body } = await post('query($id: ID!) { entity(id: $id) { name } }', { id: IDS.dana }, gb);
    expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const missing = await post(
      'query($id: ID!) { entity(id: $id) { name } }',
      { id: 'person:ro-telecom:none' },
      gb,
    );
    expect(missing.body.errors?.[0]?.message.replace('none', 'S9')).toBe(body.errors?.[0]?.message);
    const node = await post(
      'query($id: ID!) { node(id: $id) { id } }',
      { id: Buffer.from(`Person:${IDS.dana}`).toString('base64') },
      gb,
    );
    expect(node.body.data?.node).toBeNull();
  });

  it('search: neither hits nor totalCount reveal it', async () => {
    const gbView = await post(
      '{ search(text: "Dana Vasile") { totalCount edges { node { entityId } } } }',
      {},
      gb,
    );
    expect(gbView.body.data?.search.edges.map((e: any) => e.node.entityId)).not.toContain(IDS.dana);
    const roView = await post(
      '{ search(text: "Dana Vasile") { totalCount edges { node { entityId } } } }',
      {},
      ro,
    );
    expect(roView.body.data?.search.edges[0].node.entityId).toBe(IDS.dana);
    const everyone = await tokenFor({ id: 'all', roles: ['analyst'], jurisdictions: ['*'] });
    const allView = await post('{ search(text: "Dana Vasile") { totalCount } }', {}, everyone);
    expect(gbView.body.data?.search.totalCount).toBe(allView.body.data?.search.totalCount - 1);
  });

  it('paging backwards (last/before) shows and counts what paging forwards does, nothing more', async () => {
    const page = (args: string) =>
      post(
        `{ search(text: "Dana Vasile Popescu", ${args}) { totalCount edges { node { entityId } } } }`,
        {},
        gb,
      );
    const forwards = (await page('first: 50')).body.data?.search;
    const backwards = (await page('last: 50')).body.data?.search;
    expect(backwards.totalCount).toBe(forwards.totalCount);
    const ids = (s: any) => s.edges.map((e: any) => e.node.entityId);
    expect(ids(backwards)).toEqual(ids(forwards));
    expect(ids(backwards)).not.toContain(IDS.dana);
  });

  it('neighbourhood, shared identifiers, sources and timeline count only visible links', async () => {
    const around = await post(
      'query($id: ID!) { neighbourhood(id: $id) { nodes { entity { entityId } } edges { provenance { extractId } } } }',
      { id: IDS.phone },
      gb,
    );
    const ids = around.body.data?.neighbourhood.nodes.map((n: any) => n.entity.entityId);
    expect(ids).not.toContain(IDS.dana);
    expect(ids).toHaveLength(4);
    expect(new Set(around.body.data?.neighbourhood.edges.map((e: any) => e.provenance.extractId))).toEqual(
      new Set([IDS.extractGb]),
    );

    const shared = await post('{ sharedIdentifiers(kind: PHONE, minHolders: 4) { totalCount } }', {}, gb);
    expect(shared.body.data?.sharedIdentifiers.totalCount).toBe(0);

    const phone = await post(
      'query($id: ID!) { entity(id: $id) { sources { extractId } ... on Phone { users { entityId } } } }',
      { id: IDS.phone },
      gb,
    );
    expect(phone.body.data?.entity.sources).toEqual([{ extractId: IDS.extractGb }]);
    expect(phone.body.data?.entity.users.map((u: any) => u.entityId)).not.toContain(IDS.dana);
  });

  it('paths do not run through what is hidden', async () => {
    const { body } = await post(
      'query($a: ID!, $b: ID!) { paths(from: $a, to: $b) { length } }',
      { a: IDS.ana, b: IDS.dana },
      gb,
    );
    expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('a Romanian analyst sees Dana and the phone but nothing of the GB bank', async () => {
    const { body } = await post(
      'query($id: ID!) { neighbourhood(id: $id) { nodes { entity { entityId } } } }',
      { id: IDS.phone },
      ro,
    );
    expect(body.data?.neighbourhood.nodes.map((n: any) => n.entity.entityId).sort()).toEqual(
      [IDS.dana, IDS.phone].sort(),
    );
    const account = await post('query($id: ID!) { entity(id: $id) { name } }', { id: IDS.accA }, ro);
    expect(account.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const flow = await post(
      'query($id: ID!) { moneyFlow(accountId: $id) { steps { hop } } }',
      { id: IDS.accA },
      ro,
    );
    expect(flow.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const extracts = await post('{ extracts { totalCount edges { node { extractId } } } }', {}, ro);
    expect(extracts.body.data?.extracts).toEqual({
      totalCount: 1,
      edges: [{ node: { extractId: IDS.extractRo } }],
    });
  });
});

describe('injection payloads in every string argument', () => {
  const PAYLOADS = [
    "') MATCH (n) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    '`Person` DETACH DELETE n',
    '$scope',
    '\\u0000',
    "1' OR '1'='1",
  ];
  const OPERATIONS: [string, (p: string) => Record<string, unknown>][] = [
    ['query($p: String!) { search(text: $p) { totalCount } }', (p) => ({ p })],
    ['query($p: ID!) { entity(id: $p) { name } }', (p) => ({ p })],
    ['query($p: ID!) { neighbourhood(id: $p) { nodes { depth } } }', (p) => ({ p })],
    [
      'query($q: DateTime) { neighbourhood(id: "person:gb-bank:C1", since: $q) { nodes { depth } } }',
      (p) => ({ q: p }),
    ],
    ['query($p: ID!) { paths(from: $p, to: $p) { length } }', (p) => ({ p })],
    ['query($p: ID!) { moneyFlow(accountId: $p) { truncated } }', (p) => ({ p })],
    ['query($p: ID!) { timeline(id: $p) { totalCount } }', (p) => ({ p })],
    [
      'query($p: DateTime, $k: String!) { entity(id: "account:GB82WEST12345698765432") { ... on Account { transactions(since: $p, kinds: [$k]) { totalCount } } } }',
      (p) => ({ p, k: p }),
    ],
    [
      'mutation($p: String!) { annotateEntity(id: "person:gb-bank:C1", text: $p, tags: ["ok"]) { id } }',
      (p) => ({ p }),
    ],
    [
      'mutation($p: String!) { recordRole(input: {personId: "person:gb-bank:C1", jurisdiction: "GB", caseNumber: $p, role: OTHER, note: $p}) { entityId } }',
      (p) => ({ p }),
    ],
  ];

  it('never alter the graph or fail with anything but a typed error', async () => {
    const admin = await tokenFor({ id: 'admin', roles: ['admin'], jurisdictions: ['*'] });
    const before = await countNodes('Person');
    for (const [query, vars] of OPERATIONS) {
      for (const payload of PAYLOADS) {
        const { status, body } = await post(query, vars(payload), admin);
        // A variable the scalars refuse (DateTime) is a request error: 400, still BAD_USER_INPUT.
        expect([200, 400]).toContain(status);
        for (const error of body.errors ?? []) {
          expect(['BAD_USER_INPUT', 'NOT_FOUND'], `${query} with ${payload}: ${error.message}`).toContain(
            error.extensions?.code,
          );
        }
      }
    }
    expect(await countNodes('Person')).toBe(before);
    expect(before).toBe(4);
  });
});
