import { MultiDirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { graphIndex, intoOf, LIST_KEPT_FROM, outOf } from '../../../src/analyse/hgraph.ts';
import { RecordGraph } from '../../../src/analyse/record-graph.ts';
import { seededRng } from '../../../src/analyse/rng.ts';
import type { HEdgeAttributes, HNodeAttributes } from '../../../src/analyse/types.ts';
import type { RelationshipType } from '../../../src/model/relationships.ts';

// The record graph must visit nodes and edges in graphology's orders: sums and tie-breaks of the
// analysis follow them, and results must not change with the graph's representation.
const TYPES: RelationshipType[] = ['PAID', 'HOLDS', 'CALLED', 'RELATED_TO'];

function twins(seed: number, nodes: number, edges: number) {
  const rng = seededRng(seed);
  const g = new MultiDirectedGraph<HNodeAttributes, HEdgeAttributes>({ allowSelfLoops: true });
  const r = new RecordGraph();
  // Integer-like keys sort first in a JavaScript object, hence in graphology's neighbour order.
  const keys = Array.from({ length: nodes }, (_, i) => (i % 7 === 3 ? String(1000 - i) : `n:${i}`));
  for (const key of keys) {
    g.addNode(key, { label: 'Account' });
    r.addNode(key, { label: 'Account' });
  }
  for (let e = 0; e < edges; e++) {
    const s = keys[Math.floor(rng() * nodes)]!;
    // Few distinct neighbours: many multi-edges and some self-loops.
    const t = rng() < 0.05 ? s : keys[Math.floor(rng() * Math.min(nodes, 12))]!;
    const type = TYPES[Math.floor(rng() * TYPES.length)]!;
    g.addDirectedEdgeWithKey(`e${e}`, s, t, { type, amount: e });
    r.addDirectedEdgeWithKey(`e${e}`, s, t, { type, amount: e });
  }
  return { g, r, keys };
}

type Visit = [string, string, string];
const collect = (run: (cb: (edge: string, a: HEdgeAttributes, s: string, t: string) => void) => void) => {
  const seen: Visit[] = [];
  run((edge, _a, s, t) => seen.push([edge, s, t]));
  return seen;
};

describe('record graph (graphology orders without its per-edge objects)', () => {
  it('visits nodes, edges, a node’s edges and a pair’s edges in graphology’s order', () => {
    for (const seed of [1, 2, 3]) {
      const { g, r, keys } = twins(seed, 40, 600);
      expect(r.order).toBe(g.order);
      expect(r.size).toBe(g.size);
      expect(r.nodes()).toEqual(g.nodes());
      expect(r.edges()).toEqual(g.edges());
      expect(collect((cb) => r.forEachEdge(cb))).toEqual(collect((cb) => g.forEachEdge(cb)));
      for (const a of keys) {
        expect(collect((cb) => r.forEachEdge(a, cb))).toEqual(collect((cb) => g.forEachEdge(a, cb)));
        expect(collect((cb) => r.forEachOutEdge(a, cb))).toEqual(collect((cb) => g.forEachOutEdge(a, cb)));
        expect(collect((cb) => r.forEachInEdge(a, cb))).toEqual(collect((cb) => g.forEachInEdge(a, cb)));
        // The same relationships as refs, with the same type and attributes, self-loops once.
        const refs: [string, string, string, string, unknown][] = [];
        r.forEachEdgeRef(a, (ref) =>
          refs.push([ref.edge, ref.source, ref.target, ref.type, ref.attribute('amount')]),
        );
        const visits: [string, string, string, string, unknown][] = [];
        g.forEachEdge(a, (edge, at, s, t) => visits.push([edge, s, t, at.type, at.amount]));
        expect(refs).toEqual(visits);
        const outRefs: [string, string, string, string, unknown][] = [];
        r.forEachOutEdgeRef(a, (ref) =>
          outRefs.push([ref.edge, ref.source, ref.target, ref.type, ref.attribute('amount')]),
        );
        const outVisits: [string, string, string, string, unknown][] = [];
        g.forEachOutEdge(a, (edge, at, s, t) => outVisits.push([edge, s, t, at.type, at.amount]));
        expect(outRefs).toEqual(outVisits);
        expect(r.outEdges(a)).toEqual(g.outEdges(a));
        for (const b of keys.slice(0, 12)) {
          expect(collect((cb) => r.forEachEdge(a, b, cb))).toEqual(collect((cb) => g.forEachEdge(a, b, cb)));
          const between: [string, string, string, string, unknown][] = [];
          r.forEachEdgeRefBetween(a, b, (ref) =>
            between.push([ref.edge, ref.source, ref.target, ref.type, ref.attribute('amount')]),
          );
          const pair: [string, string, string, string, unknown][] = [];
          g.forEachEdge(a, b, (edge, at, s, t) => pair.push([edge, s, t, at.type, at.amount]));
          expect(between).toEqual(pair);
          expect(r.hasEdge(a, b)).toBe(g.hasEdge(a, b));
        }
      }
    }
  });

  it('lists a node’s edges of one type in the graph’s edge order, and follows additions and drops', () => {
    const { g, r, keys } = twins(4, 30, 400);
    const expected = (node: string, type: string, out: boolean) =>
      g
        .edges()
        .filter((e) => g.getEdgeAttribute(e, 'type') === type && (out ? g.source(e) : g.target(e)) === node);
    for (const node of keys) {
      for (const type of TYPES) {
        expect(outOf(r, node, type).map((ref) => ref.edge)).toEqual(expected(node, type, true));
        expect(intoOf(r, node, type).map((ref) => ref.edge)).toEqual(expected(node, type, false));
      }
    }
    const before = graphIndex(r);
    const first = outOf(r, keys[0]!, 'PAID')[0]!;
    r.dropEdge(first.edge);
    g.dropEdge(first.edge);
    r.addDirectedEdgeWithKey('late', keys[0]!, keys[1]!, { type: 'PAID' });
    g.addDirectedEdgeWithKey('late', keys[0]!, keys[1]!, { type: 'PAID' });
    // Same order and size as before the drop and the addition: the index must still be rebuilt.
    expect(graphIndex(r)).not.toBe(before);
    expect(outOf(r, keys[0]!, 'PAID').map((ref) => ref.edge)).toEqual(expected(keys[0]!, 'PAID', true));
    expect(collect((cb) => r.forEachEdge(keys[0]!, cb))).toEqual(
      collect((cb) => g.forEachEdge(keys[0]!, cb)),
    );
  });

  it('lists as many edges either side of the kept length, the same when asked again', () => {
    // Few nodes, many edges: (node, type) lists both shorter and longer than LIST_KEPT_FROM.
    const { g, r, keys } = twins(6, 8, 600);
    const expected = (node: string, type: string, out: boolean) =>
      g
        .edges()
        .filter((e) => g.getEdgeAttribute(e, 'type') === type && (out ? g.source(e) : g.target(e)) === node);
    const lengths = new Set<boolean>();
    for (let pass = 0; pass < 2; pass++) {
      for (const node of keys) {
        for (const type of [...TYPES, 'TOOK' as RelationshipType]) {
          const out = outOf(r, node, type);
          expect(out.map((ref) => ref.edge)).toEqual(expected(node, type, true));
          expect(intoOf(r, node, type).map((ref) => ref.edge)).toEqual(expected(node, type, false));
          lengths.add(out.length >= LIST_KEPT_FROM);
          // A long list is cut out once and kept; a short one is a fresh copy each time.
          if (out.length >= LIST_KEPT_FROM) expect(outOf(r, node, type)).toBe(out);
        }
      }
    }
    expect([...lengths].sort()).toEqual([false, true]);
  });

  it('merges, exports and imports as graphology does', () => {
    const { g, r } = twins(5, 20, 100);
    r.mergeNode('n:1', { label: 'Account', bank: 'X' });
    g.mergeNode('n:1', { label: 'Account', bank: 'X' });
    expect(r.getNodeAttributes('n:1')).toEqual(g.getNodeAttributes('n:1'));
    const copy = new RecordGraph().import(g.export() as never);
    expect(copy.edges()).toEqual(g.edges());
    expect(collect((cb) => copy.forEachEdge('n:1', cb))).toEqual(collect((cb) => g.forEachEdge('n:1', cb)));
    const back = new MultiDirectedGraph<HNodeAttributes, HEdgeAttributes>({ allowSelfLoops: true });
    back.import(r.export() as never);
    expect(back.edges()).toEqual(r.edges());
  });

  it('says which node or edge is missing', () => {
    const r = new RecordGraph();
    r.addNode('a', { label: 'Person' });
    expect(() => r.getNodeAttributes('b')).toThrow(/no node "b".*hasNode/);
    expect(() => r.addDirectedEdgeWithKey('e', 'a', 'b', { type: 'PAID' })).toThrow(/no node "b"/);
    expect(() => r.addNode('a', { label: 'Person' })).toThrow(/already exists; use mergeNode/);
  });
});

describe('record graph without its relationship-key map', () => {
  it('answers lookups by key as before once the map is released, rebuilding it', () => {
    const { g, r } = twins(5, 40, 300);
    r.releaseEdgeKeys();
    // Against graphology, which never released anything.
    for (const edge of ['e0', 'e17', 'e299']) {
      expect(r.hasEdge(edge)).toBe(true);
      expect(r.source(edge)).toBe(g.source(edge));
      expect(r.target(edge)).toBe(g.target(edge));
      expect(r.getEdgeAttributes(edge)).toEqual(g.getEdgeAttributes(edge));
    }
    expect(r.hasEdge('e300')).toBe(false);
    // Released again: a duplicate key is still refused, a new one still added, a drop still finds it.
    r.releaseEdgeKeys();
    expect(r.addEdgeIfNew('e3', 'n:0', 'n:1', () => ({ type: 'PAID' }))).toBe(false);
    expect(() => r.addDirectedEdgeWithKey('e4', 'n:0', 'n:1', { type: 'PAID' })).toThrow(/already exists/);
    expect(r.addEdgeIfNew('e300', 'n:0', 'n:1', () => ({ type: 'PAID' }))).toBe(true);
    r.releaseEdgeKeys();
    r.dropEdge('e17');
    g.dropEdge('e17');
    expect(r.hasEdge('e17')).toBe(false);
    expect(r.getEdgeAttributes('e18')).toEqual(g.getEdgeAttributes('e18'));
    expect(r.size).toBe(g.size + 1);
  });
});

describe('record graph keys kept compact', () => {
  it('gives back every key as it came: natural keys, fact keys, fact keys with a suffix, others', () => {
    const r = new RecordGraph();
    const g = new MultiDirectedGraph<HNodeAttributes, HEdgeAttributes>({ allowSelfLoops: true });
    for (const node of ['p:1', 'a|b', 'acc:2', 'x']) {
      r.addNode(node, { label: 'Person' });
      g.addNode(node, { label: 'Person' });
    }
    const keys: Array<[string, string, string, HEdgeAttributes]> = [
      ['n:0123456789abcdef0123456789abcdef', 'p:1', 'acc:2', { type: 'PAID' }],
      // Leading zeros and the largest value the 32 digits write.
      ['n:00000000000000000000000000000001', 'p:1', 'acc:2', { type: 'PAID' }],
      ['n:ffffffffffffffffffffffffffffffff', 'acc:2', 'p:1', { type: 'CALLED' }],
      // Not natural keys: upper case, too short, too long.
      ['n:0123456789ABCDEF0123456789abcdef', 'p:1', 'x', { type: 'PAID' }],
      ['n:0123', 'p:1', 'x', { type: 'PAID' }],
      ['n:0123456789abcdef0123456789abcdef0', 'p:1', 'x', { type: 'PAID' }],
      // Facts: the ends and type, with a fact key after them, an end with a bar in it, another type.
      ['p:1|HOLDS|acc:2', 'p:1', 'acc:2', { type: 'HOLDS' }],
      ['p:1|HOLDS|acc:2|2020', 'p:1', 'acc:2', { type: 'HOLDS' }],
      ['a|b|HOLDS|x', 'a|b', 'x', { type: 'HOLDS' }],
      ['p:1|HOLDS|x', 'p:1', 'x', { type: 'OWNS' }],
      ['5:db:17', 'x', 'p:1', { type: 'RELATED_TO' }],
    ];
    for (const [key, source, target, attributes] of keys) {
      r.addDirectedEdgeWithKey(key, source, target, { ...attributes });
      g.addDirectedEdgeWithKey(key, source, target, { ...attributes });
    }
    r.releaseEdgeKeys();
    expect(r.edges()).toEqual(keys.map(([key]) => key));
    expect(r.edgeRefs().map((ref) => ref.edge)).toEqual(keys.map(([key]) => key));
    expect(collect((cb) => r.forEachEdge('p:1', cb))).toEqual(collect((cb) => g.forEachEdge('p:1', cb)));
    expect(r.export().edges.map((e) => e.key)).toEqual(keys.map(([key]) => key));
    for (const [key] of keys) expect(r.hasEdge(key)).toBe(true);
    expect(r.hasEdge('p:1|PAID|acc:2')).toBe(false);
  });

  it('keeps a fact key when its type changes', () => {
    const r = new RecordGraph();
    for (const node of ['p', 'a', 'b']) r.addNode(node, { label: 'Person' });
    r.addDirectedEdgeWithKey('p|HOLDS|a', 'p', 'a', { type: 'HOLDS' });
    r.addDirectedEdgeWithKey('p|HOLDS|b', 'p', 'b', { type: 'HOLDS' });
    r.addDirectedEdgeWithKey('a|HOLDS|b', 'a', 'b', { type: 'HOLDS' });
    r.setEdgeAttribute('p|HOLDS|a', 'type', 'OWNS');
    r.removeEdgeAttribute('p|HOLDS|b', 'type');
    r.updateEachEdgeAttributes((_edge, attributes) => ({ ...attributes, type: 'RELATED_TO' }));
    expect(r.edges()).toEqual(['p|HOLDS|a', 'p|HOLDS|b', 'a|HOLDS|b']);
    expect(r.getEdgeAttribute('a|HOLDS|b', 'type')).toBe('RELATED_TO');
  });
});
