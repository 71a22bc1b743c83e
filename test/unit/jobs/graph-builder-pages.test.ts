/**
 * jobs/graph-builder.ts: a page of relationships as columns (store/read/projection.ts
 * RelationshipPage) builds the very graph that the same relationships give one row at a time —
 * edge order, attribute values, attribute key order, skipped repeats and missing ends included.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/analyse/rng.ts';
import { graphBuilder } from '../../../src/jobs/graph-builder.ts';
import type { Plain } from '../../../src/store/convert.ts';
import type { RelationshipPage, StreamedRelationship } from '../../../src/store/read/projection.ts';

// Asked keys in the store's order: analysis attributes, one the graph drops (`extract`), and
// `type`, which a relationship's own type overrides in place.
const KEYS = ['amount', 'at', 'type', 'extract', 'kind', 'count', 'currency'];

function rows(seed: number, count: number): StreamedRelationship[] {
  const rng = seededRng(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(rng() * values.length)]!;
  const out: StreamedRelationship[] = [];
  for (let i = 0; i < count; i++) {
    const props: Record<string, Plain> = {};
    // Present keys keep the asked order, as the store's [key, value] pairs do.
    for (const key of KEYS) {
      if (rng() < 0.5) continue;
      props[key] =
        key === 'amount'
          ? Math.round(rng() * 1e6) / 100
          : key === 'count'
            ? Math.floor(rng() * 9)
            : pick(['2024-01-02', 'cash', 'EUR', 'x'.repeat(20), `v${i}`]);
    }
    out.push({
      // Repeated ids (skipped the second time) and an end that was never streamed (n9).
      id: rng() < 0.1 && i > 0 ? out[i - 1]!.id : `r${i}`,
      type: pick(['PAID', 'CALLED', 'HOLDS'] as const),
      from: pick(['n0', 'n1', 'n2', 'n3', 'n9']),
      to: pick(['n0', 'n1', 'n2', 'n3']),
      props,
    });
  }
  return out;
}

function asPage(relationships: StreamedRelationship[]): RelationshipPage {
  return {
    ids: relationships.map((r) => r.id),
    types: relationships.map((r) => r.type),
    from: relationships.map((r) => r.from),
    to: relationships.map((r) => r.to),
    keys: KEYS,
    columns: KEYS.map((key) => relationships.map((r) => r.props[key] ?? null)),
  };
}

function built(feed: (builder: ReturnType<typeof graphBuilder>) => void) {
  const builder = graphBuilder();
  for (const node of ['n0', 'n1', 'n2', 'n3'])
    builder.node({ id: node, label: 'Person', props: { name: node } });
  feed(builder);
  return { json: JSON.stringify(builder.finish().export()), dangling: builder.dangling() };
}

describe('graph builder: relationship pages as columns', () => {
  for (const seed of [1, 2, 3]) {
    it(`builds the graph of the same rows one by one (seed ${seed})`, () => {
      const relationships = rows(seed, 400);
      const byRow = built((b) => {
        for (const r of relationships) b.relationship(r);
      });
      // Several pages, as the store sends them.
      const byPage = built((b) => {
        for (let at = 0; at < relationships.length; at += 97)
          b.relationships(asPage(relationships.slice(at, at + 97)));
      });
      expect(byRow.dangling).toBeGreaterThan(0);
      expect(byPage.dangling).toBe(byRow.dangling);
      expect(byPage.json).toBe(byRow.json);
    });
  }

  it('keeps a relationship whose type overrides its own `type` property at that key', () => {
    const { json } = built((b) =>
      b.relationships({
        ids: ['r1'],
        types: ['PAID'],
        from: ['n0'],
        to: ['n1'],
        keys: ['amount', 'type', 'extract'],
        columns: [[5], ['wire'], ['x1']],
      }),
    );
    const edge = JSON.parse(json).edges[0];
    expect(Object.entries(edge.attributes)).toEqual([
      ['amount', 5],
      ['type', 'PAID'],
    ]);
  });
});
