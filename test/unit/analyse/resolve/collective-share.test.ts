import { describe, expect, it } from 'vitest';
import {
  partnerColumns,
  partnersFromColumns,
  partnersOf,
} from '../../../../src/analyse/resolve/collective.ts';
import {
  collectiveShare,
  collectiveWork,
  EvidenceTable,
  firstPass,
  mergeFirstPasses,
  prepareResolution,
  samplePatterns,
  weighResolution,
} from '../../../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';

/** A Map's entries in key order, lists as plain arrays: what every reader of partners sees. */
const entries = (partners: ReadonlyMap<number, readonly number[]>) =>
  [...partners].sort((x, y) => x[0] - y[0]).map(([x, list]) => [x, [...list]]);

describe('analyse/resolve: the collective pass set up once and handed to other threads', () => {
  it('gives back the partners of random links, each list in its order, no entry for a record without', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const n = 2_000;
    const links: [number, number, number][] = [];
    for (let k = 0; k < 5_000; k++) {
      const a = Math.floor(random() * n);
      const b = Math.floor(random() * n);
      if (a !== b) links.push([a, b, 0.9 + random() / 10]);
    }
    const partners = partnersOf(links, 8);
    expect(partners.size).toBeGreaterThan(1_000);
    expect(partners.size).toBeLessThan(n);
    expect([...partners.values()].some((list) => list.length === 8)).toBe(true);
    const back = partnersFromColumns(partnerColumns(partners, n));
    expect(entries(back)).toStrictEqual(entries(partners));
    expect(back.size).toBe(partners.size);
  });

  it('reads the same work from the share as from setting it up again', () => {
    const world = generateResolutionWorld({ persons: 500, companies: 50, seed: 4 });
    const prepared = prepareResolution(
      world.records,
      { seed: 42, threshold: 0.6, randomPairs: 40_000 },
      new Date('2026-12-06T00:00:00Z'),
    );
    const merged = mergeFirstPasses([firstPass(prepared)]);
    const scoring = weighResolution(prepared, merged, [samplePatterns(prepared)]);
    const work = collectiveWork(prepared, merged, scoring);
    expect(work.below.length).toBeGreaterThan(100);
    expect(work.partners.size).toBeGreaterThan(100);
    const shared = collectiveWork(
      prepared,
      merged,
      scoring,
      EvidenceTable.of(merged.evidences.list),
      collectiveShare(work),
    );
    expect(entries(shared.partners)).toStrictEqual(entries(work.partners));
    expect(Array.from(shared.below)).toStrictEqual(Array.from(work.below));
    expect(shared.count).toBe(work.count);
  });
});
