/** Detection through the API: start a run, follow it, list networks by risk, open one with its explanation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { writeGraph } from '../integration/analyse/seed-graph.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { PLANTED, world } from '../unit/analyse/world.ts';
import { client } from './client.ts';

const gql = client();

async function waitForRun(id: string) {
  return pollUntil(
    `run ${id}`,
    async () =>
      (await gql(`query($id: String!) { analysisRun(id: $id) { status phase error } }`, { id })).data
        ?.analysisRun,
    (run) => run?.status !== 'RUNNING',
    { everyMs: 250 },
  );
}

let runId = '';

beforeAll(async () => {
  await cleanDatabase();
  await writeGraph(world().graph);
});
afterAll(closeDriver);

describe('detection through GraphQL', () => {
  it('starts a run that returns at once and completes', async () => {
    const { data, errors } = await gql(`mutation { startAnalysis(input: {seed: 7}) { id status seed } }`);
    expect(errors).toBeUndefined();
    expect(data?.startAnalysis.status).toMatch(/RUNNING|COMPLETED/);
    runId = data?.startAnalysis.id;
    expect(await waitForRun(runId)).toMatchObject({ status: 'COMPLETED', error: null });
    const runs = await gql(`{ analysisRuns { totalCount edges { node { id networkCount modularity } } } }`);
    expect(runs.data?.analysisRuns.edges[0].node).toMatchObject({ id: runId, networkCount: 4 });
  });

  it('lists networks by risk with categories, and the top one links trafficking to fraud', async () => {
    const { data } = await gql(
      `{ networks(first: 10) { totalCount edges { node { id rank risk size categories linksCategories offenderIds } } } }`,
    );
    expect(data?.networks.totalCount).toBe(4);
    const risks = data?.networks.edges.map((e: any) => e.node.risk);
    expect([...risks].sort((a: number, b: number) => b - a)).toEqual(risks);
    const top = data?.networks.edges[0].node;
    expect(top.categories).toEqual(['BENEFIT', 'FINANCIAL', 'THB']);
    expect(top.linksCategories).toBe(true);
    expect(top.offenderIds[0]).toBe(PLANTED.controller);
    const page2 = await gql(
      `query($after: String) { networks(first: 2, after: $after) { edges { node { rank } } } }`,
      {
        after: Buffer.from('OffsetConnection:1').toString('base64'),
      },
    );
    expect(page2.data?.networks.edges.map((e: any) => e.node.rank)).toEqual([3, 4]);
    const linked = await gql(`{ networks(linksCategories: true) { totalCount } }`);
    expect(linked.data?.networks.totalCount).toBe(1);
  });

  it('opens a network: members with roles, victims never offenders, evidence and an explanation that adds up', async () => {
    const list = await gql(`{ networks(first: 1) { edges { node { id } } } }`);
    const id = list.data?.networks.edges[0].node.id;
    const { data, errors } = await gql(
      `query($id: String!) { network(id: $id) { risk members { entityId role offenderRank } keyActors { entityId }
         indicators { indicator category points evidenceEntityIds evidenceRelationshipIds }
         explanation { score base byIndicator { indicator points } } links { sourceId targetId weight } } }`,
      { id },
    );
    expect(errors).toBeUndefined();
    const network = data?.network;
    for (const victim of PLANTED.victims) {
      const member = network.members.find((m: any) => m.entityId === victim);
      if (member) {
        expect(member.role).toBe('VICTIM');
        expect(member.offenderRank).toBeNull();
      }
    }
    const points = network.indicators.reduce((sum: number, m: any) => sum + m.points, 0);
    expect(points).toBeCloseTo(network.risk, 6);
    expect(network.explanation.score).toBeCloseTo(network.risk, 6);
    expect(network.indicators.every((m: any) => m.evidenceEntityIds.length > 0)).toBe(true);
    expect(network.links.length).toBeGreaterThan(0);
  });

  it('hides runs over other jurisdictions from a restricted viewer', async () => {
    const secret = 'networks-test-secret-networks-test!!';
    const app = createApp({ graphiql: false, authenticate: createAuthenticator({ mode: 'jwt', secret }) });
    const token = await signDevelopmentToken(secret, { id: 'gb', roles: ['analyst'], jurisdictions: ['GB'] });
    const response = await app.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query($id: String!) { networks { totalCount } analysisRun(id: $id) { id } }`,
        variables: { id: runId },
      }),
    });
    const body = (await response.json()) as any;
    expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(body.data).toBeNull();
  });
});
