import { UndirectedGraph } from 'graphology';
import louvainImport from 'graphology-communities-louvain';
import modularityImport from 'graphology-metrics/graph/modularity.js';
import { describe, expect, it } from 'vitest';
import { cjsDefault } from '../../../src/analyse/cjs.ts';
import {
  detectCommunities,
  localMoving,
  modularity,
  type Partition,
} from '../../../src/analyse/communities.ts';
import { compactFromGraph, indexedGraphologyGraph, louvainView } from '../../../src/analyse/compact.ts';
import { seededRng } from '../../../src/analyse/rng.ts';
import type { EEdgeAttributes, EGraph, ENodeAttributes } from '../../../src/analyse/types.ts';

const graphologyModularity = cjsDefault(modularityImport);

/** `groups` cliques of `size`, joined in a ring by single weak links. */
function ringOfCliques(groups: number, size: number, noise = 0, seed = 1): EGraph {
  const g: EGraph = new UndirectedGraph<ENodeAttributes, EEdgeAttributes>();
  const rng = seededRng(seed);
  const id = (c: number, i: number) => `n${c}-${i}`;
  for (let c = 0; c < groups; c++) for (let i = 0; i < size; i++) g.addNode(id(c, i), { label: 'Person' });
  for (let c = 0; c < groups; c++) {
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++) g.addUndirectedEdge(id(c, i), id(c, j), { weight: 1, kinds: {} });
    }
    g.addUndirectedEdge(id(c, 0), id((c + 1) % groups, 1), { weight: 0.2, kinds: {} });
  }
  for (let k = 0; k < noise; k++) {
    const a = id(Math.floor(rng() * groups), Math.floor(rng() * size));
    const b = id(Math.floor(rng() * groups), Math.floor(rng() * size));
    if (a !== b && !g.hasEdge(a, b)) g.addUndirectedEdge(a, b, { weight: 0.1, kinds: {} });
  }
  return g;
}

describe('communities', () => {
  it('finds planted cliques', () => {
    const result = detectCommunities(ringOfCliques(8, 6));
    expect(result.communities).toHaveLength(8);
    for (const c of result.communities) {
      expect(new Set(c.members.map((m) => m.split('-')[0])).size).toBe(1);
    }
    expect(result.modularity).toBeGreaterThan(0.7);
  });

  it('is deterministic: same graph and seed give the same partition', () => {
    const g = ringOfCliques(20, 5, 60);
    const a = detectCommunities(g, { seed: 9 });
    const b = detectCommunities(g, { seed: 9 });
    expect(b.communities).toEqual(a.communities);
    expect(b.modularity).toBe(a.modularity);
  });

  it('computes the same modularity as graphology-metrics', () => {
    const g = ringOfCliques(10, 5, 30);
    const result = detectCommunities(g, { seed: 3, maxSize: 1000 });
    const partition: Partition = new Map();
    result.communities.forEach((c, i) => {
      for (const m of c.members) partition.set(m, i);
    });
    const reference = graphologyModularity(g, {
      getNodeCommunity: (node: string) => partition.get(node)!,
      getEdgeWeight: 'weight',
    });
    expect(modularity(g, partition)).toBeCloseTo(reference, 10);
  });

  it('local moving never lowers modularity', () => {
    const g = ringOfCliques(10, 5, 50);
    const rng = seededRng(5);
    const random: Partition = new Map(g.nodes().map((n) => [n, Math.floor(rng() * 6)]));
    const refined = localMoving(g, random, { resolution: 1, passes: 5, seed: 1 });
    expect(modularity(g, refined)).toBeGreaterThan(modularity(g, random));
  });

  it('splits communities above maxSize with a local pass and records the parent', () => {
    // Two dense halves tied strongly together: one community at resolution 1, two parts when split.
    const g: EGraph = new UndirectedGraph<ENodeAttributes, EEdgeAttributes>();
    for (let i = 0; i < 20; i++) g.addNode(`x${i}`, { label: 'Person' });
    for (let i = 0; i < 20; i++) {
      for (let j = i + 1; j < 20; j++) {
        const same = i < 10 === j < 10;
        g.addUndirectedEdge(`x${i}`, `x${j}`, { weight: same ? 1 : 0.95, kinds: {} });
      }
    }
    const whole = detectCommunities(g, { maxSize: 100 });
    expect(whole.communities).toHaveLength(1);
    const split = detectCommunities(g, { maxSize: 12 });
    expect(split.communities.length).toBeGreaterThanOrEqual(2);
    expect(split.communities.every((c) => c.members.length <= 12 && c.parent === 'c1' && c.level === 1)).toBe(
      true,
    );
    expect(split.parents).toEqual([{ key: 'c1', size: 20, children: split.communities.map((c) => c.key) }]);
  });

  it('never leaves a community disconnected', () => {
    const g = ringOfCliques(6, 4);
    g.addNode('lonely', { label: 'Person' });
    const result = detectCommunities(g);
    expect(result.communities.find((c) => c.members.includes('lonely'))?.members).toEqual(['lonely']);
  });

  it('rejects bad options', () => {
    expect(() => detectCommunities(ringOfCliques(2, 3), { resolution: 0 })).toThrow(/resolution must be > 0/);
    expect(() => detectCommunities(ringOfCliques(2, 3), { seed: Number.NaN })).toThrow(
      /seed must be a finite number/,
    );
  });
});

describe('compact graph and the Louvain view', () => {
  it('gives Louvain the same partition as a real graphology graph of the same edges', () => {
    const g = ringOfCliques(12, 6, 80, 4);
    const compact = compactFromGraph(g);
    const real = cjsDefault(louvainImport)(indexedGraphologyGraph(compact), {
      rng: seededRng(5),
      getEdgeWeight: 'weight',
    });
    const { view, getEdgeWeight } = louvainView(compact);
    const viewed = cjsDefault(louvainImport)(view, { rng: seededRng(5), getEdgeWeight });
    expect(Object.keys(viewed)).toHaveLength(g.order);
    expect(viewed).toEqual(real);
  });

  it('finds the same communities from the compact form as from the graphology graph', () => {
    const g = ringOfCliques(15, 5, 70, 2);
    const fromGraph = detectCommunities(g, { seed: 4, maxSize: 8 });
    const fromCompact = detectCommunities(compactFromGraph(g), { seed: 4, maxSize: 8 });
    expect(fromCompact).toEqual({ ...fromGraph, louvainMs: fromCompact.louvainMs });
  });
});
