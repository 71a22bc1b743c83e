/**
 * Issue #15 through the API: rings that share a recruiter and a transport payer are separate networks
 * whose `linkedNetworks` name each other and the shared nodes; members carry their control evidence;
 * the export of a ring marks the shared nodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGraph } from '../integration/analyse/seed-graph.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { threeRingsSharingInfrastructure } from '../unit/analyse/rings.ts';
import { client } from './client.ts';

const gql = client();
const world = threeRingsSharingInfrastructure();

beforeAll(async () => {
  await cleanDatabase();
  await writeGraph(world.b.graph);
  const { data, errors } = await gql(`mutation { startAnalysis(input: {seed: 42}) { id } }`);
  expect(errors).toBeUndefined();
  const id = data?.startAnalysis.id;
  await pollUntil(
    `run ${id}`,
    async () =>
      (await gql(`query($id: String!) { analysisRun(id: $id) { status } }`, { id })).data?.analysisRun,
    (run) => run?.status !== 'RUNNING',
    { everyMs: 250 },
  );
});
afterAll(closeDriver);

describe('linked networks through GraphQL', () => {
  it('three rings are three networks, each linked to the other two through the recruiter and the payer', async () => {
    const { data, errors } = await gql(`{ networks(first: 50) { edges { node {
      id rank unitId unitRank unitRisk risk offenderIds
      members { entityId controlScore control { key count } }
      linkedNetworks { networkId rank shared { entityId label kinds infrastructure memberOfNetworkId entity { __typename } } }
    } } } }`);
    expect(errors).toBeUndefined();
    const networks = data?.networks.edges.map((e: { node: unknown }) => e.node) as Array<{
      id: string;
      rank: number;
      unitRank: number;
      offenderIds: string[];
      members: Array<{
        entityId: string;
        controlScore: number;
        control: Array<{ key: string; count: number }>;
      }>;
      linkedNetworks: Array<{
        networkId: string;
        rank: number;
        shared: Array<{
          entityId: string;
          label: string;
          kinds: string[];
          infrastructure: boolean;
          entity: { __typename: string } | null;
        }>;
      }>;
    }>;
    // Listed in rank order (units by risk, pieces of a unit together), not by each piece's own risk.
    const ranks = networks.map((n) => n.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const rings = world.rings.map(
      (ring) => networks.find((n) => n.members.some((m) => m.entityId === ring.controller))!,
    );
    expect(new Set(rings.map((n) => n.id)).size).toBe(3);
    for (const ring of rings) {
      const others = rings.filter((n) => n !== ring);
      expect(ring.linkedNetworks.map((l) => l.networkId).sort()).toEqual(others.map((n) => n.id).sort());
      for (const link of ring.linkedNetworks) {
        expect(link.rank).toBe(networks.find((n) => n.id === link.networkId)!.rank);
        expect(link.shared.map((s) => s.entityId).sort()).toEqual([world.payer, world.recruiter].sort());
        expect(link.shared.every((s) => s.entity !== null)).toBe(true);
        expect(link.shared.find((s) => s.entityId === world.payer)!.kinds[0]).toBe('travel-payer');
      }
      expect(ring.unitRank).toBeGreaterThan(0);
    }
    const ringA = rings[0]!;
    const boss = ringA.members.find((m) => m.entityId === world.rings[0]!.controller)!;
    expect(boss.controlScore).toBeGreaterThan(0);
    expect(Object.fromEntries(boss.control.map((c) => [c.key, c.count]))).toMatchObject({
      documents: 6,
      calls: 6,
    });
    expect(ringA.offenderIds.slice(0, 3)).toContain(world.rings[0]!.controller);
  });
});
