/**
 * One validation layer at the API (issue #17): bad input is BAD_USER_INPUT naming the field before
 * any work starts (startAnalysis, scalars), descriptions state what the code does, and every
 * connection pages forwards (first/after) and backwards (last/before) to the same full list.
 */
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS as COMMUNITY_DEFAULTS } from '../../src/analyse/communities.ts';
import { DETECTION_DEFAULTS } from '../../src/jobs/detect.ts';
import { schema } from '../../src/serve/schema/index.ts';
import { writeGraph } from '../integration/analyse/seed-graph.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { world } from '../unit/analyse/world.ts';
import { client } from './client.ts';
import { seed } from './seed.ts';

const gql = client();

async function waitForRun(id: string) {
  for (let i = 0; i < 480; i++) {
    const { data } = await gql(`query($id: String!) { analysisRun(id: $id) { status } }`, { id });
    if (data?.analysisRun.status !== 'RUNNING') return data?.analysisRun.status;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('run did not finish');
}

const runCount = async () => (await gql('{ analysisRuns { totalCount } }')).data?.analysisRuns.totalCount;

beforeAll(async () => {
  await cleanDatabase();
  await seed();
  await writeGraph(world().graph);
  for (const s of [1, 2, 3]) {
    const { data, errors } = await gql(`mutation($s: Int) { startAnalysis(input: {seed: $s}) { id } }`, {
      s,
    });
    expect(errors).toBeUndefined();
    expect(await waitForRun(data?.startAnalysis.id)).toBe('COMPLETED');
  }
}, 180_000);
afterAll(closeDriver);

describe('startAnalysis refuses bad parameters before a run starts (defect 3)', () => {
  const CASES: [string, string, RegExp][] = [
    ['{resolution: -1}', 'input.resolution', /greater than 0/],
    ['{resolution: 0}', 'input.resolution', /greater than 0/],
    ['{seed: -5}', 'input.seed', /0 or more/],
    ['{maxSize: 1}', 'input.maxSize', /at least 2/],
    ['{since: "2024-03-01", until: "2024-01-01"}', 'input.until', /after "since"/],
  ];
  for (const [input, argument, rule] of CASES) {
    it(`${input} is BAD_USER_INPUT naming ${argument}`, async () => {
      const before = await runCount();
      const { data, errors } = await gql(`mutation { startAnalysis(input: ${input}) { id status } }`);
      expect(data?.startAnalysis ?? null).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(errors?.[0]?.message).toMatch(rule);
      expect(await runCount()).toBe(before);
    });
  }

  it('refuses a date that is not a date, and a jurisdiction that is not a code, by the scalars', async () => {
    for (const input of ['{since: "yesterday"}', '{since: "2024-02-30"}', '{jurisdictions: ["GBR"]}']) {
      const { errors } = await gql(`mutation { startAnalysis(input: ${input}) { id } }`);
      expect(errors?.[0]?.extensions?.code, input).toBe('BAD_USER_INPUT');
    }
    const { errors } = await gql(
      'query($d: DateTime) { timeline(id: "person:gb-bank:C1", since: $d) { totalCount } }',
      {
        d: '1 March',
      },
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/ISO 8601/);
  });

  it('accepts a lower-case jurisdiction as its code', async () => {
    const { errors } = await gql(
      'mutation { recordRole(input: {personId: "person:gb-bank:C1", jurisdiction: "xx", caseNumber: "1", role: OTHER}) { entityId } }',
    );
    // Normalised to XX (not a format error), then refused because the person is unknown there.
    expect(errors?.[0]?.extensions?.code).not.toBe('BAD_USER_INPUT');
  });
});

describe('the other mutations check every parameter before any work', () => {
  it('loadExtract refuses a source name the loader would reject later, naming it', async () => {
    const { errors } = await gql(
      'mutation { loadExtract(input: {file: "GB/x.csv", mapping: "bank-a", jurisdiction: "GB", source: "a|b"}) { id } }',
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.source' });
  });

  it('loadExtract refuses an unknown mapping, naming the ones there are', async () => {
    const { errors } = await gql(
      'mutation { loadExtract(input: {file: "GB/x.csv", mapping: "nope"}) { id } }',
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.mapping' });
    expect(errors?.[0]?.message).toMatch(/bank-a/);
  });

  it('recordRole refuses a note or case title beyond their limits', async () => {
    const role = (extra: string) =>
      gql(
        `mutation($x: String!) { recordRole(input: {personId: "person:gb-bank:C1", jurisdiction: "GB", caseNumber: "1", role: OTHER, ${extra}: $x}) { entityId } }`,
        { x: 'n'.repeat(10_001) },
      );
    expect((await role('note')).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.note',
    });
    expect((await role('caseTitle')).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.caseTitle',
    });
  });

  it('annotateEntity refuses more than 50 tags, and neither text nor tags', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`);
    const many = await gql(
      'mutation($t: [String!]) { annotateEntity(id: "person:gb-bank:C1", tags: $t) { id } }',
      {
        t: tags,
      },
    );
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'tags' });
    const none = await gql('mutation { annotateEntity(id: "person:gb-bank:C1", text: "  ") { id } }');
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'text' });
  });
});

describe('descriptions say what the code does (item 10)', () => {
  const sdl = printSchema(schema);
  it('states the real defaults of startAnalysis', () => {
    expect(sdl).toContain(`default ${DETECTION_DEFAULTS.seed}.`);
    expect(sdl).toContain(`Default ${COMMUNITY_DEFAULTS.resolution}.`);
    expect(sdl).toContain(`Default ${COMMUNITY_DEFAULTS.maxSize}.`);
    expect(sdl).not.toMatch(/Default 7\./);
  });
});

const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const VARS = '$first: Int, $after: String, $last: Int, $before: String';
const ARGS = 'first: $first, after: $after, last: $last, before: $before';

/** Every connection below, with the field that identifies a node. */
const CONNECTIONS: Record<string, { query: string; key: string }> = {
  search: {
    query: `query(${VARS}) { c: search(text: "payer", ${ARGS}) { ${PAGE} edges { node { id } } } }`,
    key: 'id',
  },
  networks: { query: `query(${VARS}) { c: networks(${ARGS}) { ${PAGE} edges { node { id } } } }`, key: 'id' },
  analysisRuns: {
    query: `query(${VARS}) { c: analysisRuns(${ARGS}) { ${PAGE} edges { node { id } } } }`,
    key: 'id',
  },
  extracts: {
    query: `query(${VARS}) { c: extracts(${ARGS}) { ${PAGE} edges { node { extractId } } } }`,
    key: 'extractId',
  },
};

type Page = { totalCount: number; pageInfo: Record<string, any>; edges: { node: Record<string, string> }[] };

async function page(name: string, variables: Record<string, unknown>): Promise<Page> {
  const { data, errors } = await gql(CONNECTIONS[name]!.query, variables);
  expect(errors, name).toBeUndefined();
  return data?.c as Page;
}

const keys = (name: string, p: Page) => p.edges.map((e) => e.node[CONNECTIONS[name]!.key]!);

describe('connections page forwards and backwards to the same list (item 9)', () => {
  for (const name of Object.keys(CONNECTIONS)) {
    it(`${name}: first/after and last/before join up to the full list`, async () => {
      const all = await page(name, { first: 200 });
      const full = keys(name, all);
      expect(full.length, name).toBeGreaterThanOrEqual(2);
      expect(all.totalCount).toBe(full.length);

      const forwards: string[] = [];
      let after: string | null = null;
      for (let i = 0; i <= full.length; i++) {
        const p: Page = await page(name, { first: 1, after });
        expect(p.edges.length).toBeLessThanOrEqual(1);
        expect(p.totalCount).toBe(full.length);
        forwards.push(...keys(name, p));
        if (!p.pageInfo.hasNextPage) break;
        after = p.pageInfo.endCursor;
      }
      expect(forwards).toEqual(full);

      const backwards: string[] = [];
      let before: string | null = null;
      for (let i = 0; i <= full.length; i++) {
        const p: Page = await page(name, { last: 1, before });
        expect(p.edges.length).toBeLessThanOrEqual(1);
        expect(p.totalCount).toBe(full.length);
        backwards.unshift(...keys(name, p));
        if (!p.pageInfo.hasPreviousPage) break;
        before = p.pageInfo.startCursor;
      }
      expect(backwards).toEqual(full);
    });
  }

  it('refuses a page larger than the maximum, or a cursor from elsewhere, naming the argument', async () => {
    const big = await gql(CONNECTIONS.search!.query, { last: 201 });
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'last' });
    const bad = await gql(CONNECTIONS.networks!.query, { before: 'bm9wZQ==' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'before' });
  });
});
