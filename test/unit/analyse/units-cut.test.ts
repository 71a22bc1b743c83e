/**
 * Units of cut rings (pipeline.ts rankUnits): rings the infrastructure pass cut from one community
 * are one unit again only when one beneficiary who is not shared infrastructure, and nobody on the
 * other side, is named by a control match exposing people of both.
 */
import { describe, expect, it } from 'vitest';
import { analyse, type DetectedNetwork, rankUnits } from '../../../src/analyse/pipeline.ts';
import type { IndicatorMatch } from '../../../src/analyse/types.ts';
import { build } from './build.ts';
import { rankedNetwork } from './networks.ts';
import { ringAndMuleChain, threeRingsSharingInfrastructure } from './rings.ts';

const holding = (networks: DetectedNetwork[], node: string) =>
  networks.find((n) => n.members.some((m) => m.node === node));

describe('units of rings cut apart', () => {
  it('must not: rings sharing a recruiter and a transport payer (connectors) stay three units', () => {
    const { b, rings } = threeRingsSharingInfrastructure();
    const result = analyse(b.graph);
    expect(result.cuts.length).toBeGreaterThan(0);
    const found = rings.map((ring) => holding(result.networks, ring.controller)!);
    expect(new Set(found.map((n) => n.id)).size).toBe(3);
    expect(new Set(found.map((n) => n.unitRank)).size).toBe(3);
  });

  it('must not: a ring and the chain that launders for it stay two units', () => {
    const { b, ring, herder } = ringAndMuleChain();
    const result = analyse(b.graph);
    const ringNetwork = holding(result.networks, ring.controller)!;
    const chain = holding(result.networks, herder)!;
    expect(chain.unitRank).not.toBe(ringNetwork.unitRank);
  });

  it('must: rings cut from one community, one collector named by a layering match over both, are one unit', () => {
    // rankUnits on the networks as the pipeline hands them over: c28 was cut into c28-1 (the
    // first-layer mules and the strangers who paid them) and c28-2 (second layer and collector).
    const b = build();
    for (const node of ['m1', 'm2', 'm3', 'm4', 'collector', 'x', 'boss', 'w1', 'w2'])
      b.person(`person:${node}`);
    const match = (id: string, beneficiaries: string[], exposed: string[]): IndicatorMatch => ({
      id,
      indicator: 'layering-chain',
      version: 1,
      category: 'FINANCIAL',
      subject: id,
      nodes: [...beneficiaries, ...exposed],
      relationships: [],
      actors: [...beneficiaries, ...exposed],
      beneficiaries,
      exposed,
      strength: 1,
      facts: {},
    });
    const network = rankedNetwork;
    const run = (matches: IndicatorMatch[], connectors: string[]) => {
      const networks = [
        network('c28-1', ['person:m1', 'person:m2', 'person:x'], 30, matches),
        network('c28-2', ['person:m3', 'person:m4', 'person:collector'], 20, matches),
        network('c9', ['person:boss', 'person:w1', 'person:w2'], 25, []),
      ];
      const byActor = new Map<string, IndicatorMatch[]>();
      for (const m of matches) for (const a of m.actors) byActor.set(a, [...(byActor.get(a) ?? []), m]);
      rankUnits(b.graph, networks, byActor, {} as never, {
        cutFrom: new Map([
          ['c28-1', 'c28'],
          ['c28-2', 'c28'],
        ]),
        connectors: new Set(connectors),
      });
      return Object.fromEntries(networks.map((n) => [n.key, n.unitRank]));
    };
    const chain = match('layering-chain@1:a', ['person:collector'], ['person:m1', 'person:m3']);
    const units = run([chain], []);
    expect(units['c28-1']).toBe(units['c28-2']);
    expect(units.c9).not.toBe(units['c28-1']);
    // Must not: the same match with its beneficiary a connector (a shared transport payer)...
    const apart = run([chain], ['person:collector']);
    expect(apart['c28-1']).not.toBe(apart['c28-2']);
    // ...or with beneficiaries on both sides (a ring's boss and a chain's collector both paid).
    const both = match('layering-chain@1:b', ['person:collector', 'person:x'], ['person:m1', 'person:m3']);
    const split = run([both], []);
    expect(split['c28-1']).not.toBe(split['c28-2']);
  });
});
