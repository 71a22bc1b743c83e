import { describe, expect, it } from 'vitest';
import { censusColumns, censusOf } from '../../../../src/analyse/resolve/census-columns.ts';
import { type NameCensus, prepareResolution } from '../../../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';

/** Entries as [key, fields in order, values]: order and shape must survive, not only the values. */
const flat = (census: ReadonlyMap<string, NameCensus>) =>
  [...census].map(([key, entry]) => [key, Object.keys(entry), Object.values(entry)]);

describe('analyse/resolve: the name census handed between threads as columns', () => {
  it('gives back a run census with its keys in order and every entry of the same shape and value', () => {
    const world = generateResolutionWorld({ persons: 400, companies: 300, seed: 8 });
    const { census } = prepareResolution(world.records, { namesakeRate: 0.25 }, new Date('2026-12-06'));
    const companies = [...census.values()].filter((entry) => entry.chosen);
    expect(companies.length).toBeGreaterThan(10);
    expect(census.size - companies.length).toBeGreaterThan(100);
    const back = censusOf(censusColumns(census));
    expect(flat(back)).toStrictEqual(flat(census));
  });

  it('keeps numbers to the bit and entries without a floor without one', () => {
    const census = new Map<string, NameCensus>([
      ['anna berg', { records: 3, people: 1, expected: 0.1 + 0.2 }],
      ['O:acme#LTD', { records: 5, people: 2, expected: 1e-300, floor: 2 / 3, chosen: true }],
      ['zero', { records: 1, people: 1, expected: -0 }],
    ]);
    const back = censusOf(censusColumns(census));
    expect(flat(back)).toStrictEqual(flat(census));
    expect(Object.is(back.get('zero')!.expected, -0)).toBe(true);
    expect('floor' in back.get('anna berg')!).toBe(false);
  });

  it('refuses an entry with a floor but not chosen (it would come back another shape)', () => {
    const census = new Map<string, NameCensus>([['x', { records: 2, people: 1, expected: 0, floor: 1 }]]);
    expect(() => censusColumns(census)).toThrow(/floor or chosen alone/);
  });
});
