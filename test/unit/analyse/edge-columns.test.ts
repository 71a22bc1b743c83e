import { describe, expect, it } from 'vitest';
import { graphIndex } from '../../../src/analyse/hgraph.ts';
import { RecordGraph } from '../../../src/analyse/record-graph.ts';
import { seededRng } from '../../../src/analyse/rng.ts';
import type { HEdgeAttributes, PropValue } from '../../../src/analyse/types.ts';

// The record graph keeps relationship attributes as columns (edge-columns.ts): every value must
// read back as it was added — same keys in the same order, same values to the bit — or the
// analysis's answers change.
const ODD_VALUES: PropValue[] = [
  0,
  -0,
  1.5,
  -2943.17,
  Number.MAX_SAFE_INTEGER,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e-300,
  '',
  'card',
  'a string longer than sixteen characters',
  '2024-01-27',
  '2024-01-27T01:00:00Z',
  '2024-01-27T01:00:00',
  '2024-01-27T01:00:00.000Z',
  '2024-01-27T01:00:00.123+01:00',
  '2024-01-27T01:00:00+01:00[Europe/Amsterdam]',
  '0999-12-31T23:59:59Z',
  '9999-02-30T99:99:99Z',
  '2024-01-27T01:00:0Z',
  '2024-01-27 01:00:00Z',
  '2024-01-27T01:00:0xZ',
  '+2024-01-27T01:00:00Z',
  true,
  false,
  null,
  ['a', 'b'],
  [],
];

function attributesOf(seed: number, count: number): HEdgeAttributes[] {
  const rng = seededRng(seed);
  const names = ['amount', 'at', 'kind', 'currency', 'reference', '7', 'direction', 'count'];
  const types = ['PAID', 'CASH', 'HOLDS', 'CALLED'];
  const out: HEdgeAttributes[] = [];
  for (let i = 0; i < count; i++) {
    const attributes: Record<string, PropValue | undefined> = {};
    const typeFirst = rng() < 0.5;
    const type = types[Math.floor(rng() * types.length)]!;
    if (typeFirst) attributes.type = type;
    for (const name of names) {
      if (rng() < 0.4) continue;
      const pick = rng();
      attributes[name] =
        pick < 0.3
          ? Math.round(rng() * 1e6) / 100
          : pick < 0.5
            ? `2024-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 10)}T0${Math.floor(rng() * 10)}:1${Math.floor(rng() * 10)}:2${Math.floor(rng() * 10)}Z`
            : pick < 0.95
              ? ODD_VALUES[Math.floor(rng() * ODD_VALUES.length)]
              : undefined;
    }
    if (!typeFirst) attributes.type = type;
    out.push(attributes as HEdgeAttributes);
  }
  return out;
}

function graphOf(all: HEdgeAttributes[], release?: number): RecordGraph {
  const r = new RecordGraph();
  r.addNode('a', { label: 'Account' });
  r.addNode('b', { label: 'Account' });
  all.forEach((attributes, i) => {
    if (i === release) r.releaseEdgeKeys();
    r.addDirectedEdgeWithKey(`e${i}`, i % 2 ? 'a' : 'b', 'a', attributes);
  });
  return r;
}

describe('record graph attributes kept as columns', () => {
  it('reads every value back as it came, keys in their order', () => {
    const all = attributesOf(7, 3000);
    // Released half way: the interning table is built again for the second half.
    const r = graphOf(all, 1500);
    const refs = r.edgeRefs();
    expect(refs.length).toBe(all.length);
    for (let i = 0; i < all.length; i++) {
      const want = all[i]!;
      const got = refs[i]!.attributes;
      expect(got).not.toBe(want);
      expect(Object.keys(got)).toEqual(Object.keys(want));
      for (const key of Object.keys(want)) {
        expect(Object.is(got[key], want[key]) || JSON.stringify(got[key]) === JSON.stringify(want[key])).toBe(
          true,
        );
        expect(Object.is(refs[i]!.attribute(key), got[key])).toBe(true);
      }
      expect(refs[i]!.type).toBe(want.type);
      expect(refs[i]!.attribute('absent')).toBeUndefined();
      expect(r.getEdgeAttribute(`e${i}`, 'at')).toEqual(want.at);
    }
    expect(graphIndex(r).typeIndex.size).toBe(4);
  });

  it('keeps every odd value exactly (to the bit, or the same string)', () => {
    const all = ODD_VALUES.map((value) => ({ type: 'PAID', at: value, amount: value }) as HEdgeAttributes);
    const refs = graphOf(all).edgeRefs();
    ODD_VALUES.forEach((value, i) => {
      expect(refs[i]!.attributes).toEqual({ type: 'PAID', at: value, amount: value });
      if (typeof value !== 'object' || value === null) {
        expect(Object.is(refs[i]!.attribute('at'), value)).toBe(true);
        expect(Object.is(refs[i]!.attributes.amount, value)).toBe(true);
      }
    });
  });

  it('keeps an object without a type, or with a key it cannot hold, as it came', () => {
    const r = new RecordGraph();
    r.addNode('a', { label: 'Account' });
    const odd = { type: 7 } as unknown as HEdgeAttributes;
    r.addDirectedEdgeWithKey('x', 'a', 'a', odd);
    const nested = { type: 'PAID', details: { nested: true } } as unknown as HEdgeAttributes;
    r.addDirectedEdgeWithKey('y', 'a', 'a', nested);
    expect(r.edgeRefs()[0]!.attributes).toBe(odd);
    expect(r.edgeRefs()[1]!.attributes).toEqual(nested);
    expect(r.edgeRefs()[1]!.attribute('details')).toBe(nested.details);
  });

  it('changes stay: getEdgeAttributes gives the relationship’s own object from then on', () => {
    const r = graphOf([{ type: 'PAID', amount: 12.5, at: '2024-01-27T01:00:00Z' } as HEdgeAttributes]);
    const own = r.getEdgeAttributes('e0');
    expect(r.getEdgeAttributes('e0')).toBe(own);
    own.amount = 3;
    expect(r.edgeRefs()[0]!.attribute('amount')).toBe(3);
    r.setEdgeAttribute('e0', 'kind', 'wage');
    expect(r.edgeRefs()[0]!.attributes).toEqual({
      type: 'PAID',
      amount: 3,
      at: '2024-01-27T01:00:00Z',
      kind: 'wage',
    });
    r.removeEdgeAttribute('e0', 'at');
    expect(r.getEdgeAttribute('e0', 'at')).toBeUndefined();
    r.updateEachEdgeAttributes((_e, attributes) => {
      attributes.amount = 4;
      return attributes;
    });
    expect(r.edgeRefs()[0]!.attributes).toEqual({ type: 'PAID', amount: 4, kind: 'wage' });
  });
});
