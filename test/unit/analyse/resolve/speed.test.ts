/**
 * What makes resolution fast must not change its answer: the collective pass's reach bound (pairs
 * whose partners cannot lift them over the threshold are not compared again) and the first pass in
 * shards (record ranges, merged in order).
 */
import { describe, expect, it } from 'vitest';
import {
  finishResolution,
  firstPass,
  prepareResolution,
  type ResolutionResult,
  resolveRecords,
  shardRanges,
} from '../../../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';

const now = new Date('2026-12-06T00:00:00Z');
/** Fewer random pairs for u than a real run samples: the test is about equality, not weights. */
const options = { randomPairs: 40_000 };
/** Everything a run writes and reports, but counts of work done (pairs compared, patterns scored). */
const answer = (result: ResolutionResult) => {
  const { collectivePass: _, patterns: __, ...stats } = result.stats;
  return { certain: result.certain, proposed: result.proposed, stats };
};

describe('analyse/resolve: speed without another answer', () => {
  const world = generateResolutionWorld({ persons: 800, companies: 80, seed: 6 });

  it('the collective pass with the reach bound proposes exactly what the full pass proposes', () => {
    const full = resolveRecords(world.records, { ...options, collectiveReach: false }, now);
    const bounded = resolveRecords(world.records, { ...options, collectiveReach: true }, now);
    // The world exercises the pass: pairs proposed by collective evidence, pairs the bound skipped.
    expect(full.stats.collective).toBeGreaterThan(5);
    expect(full.stats.collectivePass.compared).toBe(full.stats.collectivePass.below);
    expect(bounded.stats.collectivePass.below).toBe(full.stats.collectivePass.below);
    expect(bounded.stats.collectivePass.compared).toBeLessThan(0.8 * full.stats.collectivePass.below);
    expect(answer(bounded)).toEqual(answer(full));
  }, 180_000);

  it('a first pass in shards gives the answer of one pass, whatever the split', () => {
    const whole = resolveRecords(world.records, options, now);
    const prepared = prepareResolution(world.records, options, now);
    const n = prepared.records.length;
    for (const ranges of [
      shardRanges(n, 2),
      shardRanges(n, 3),
      [
        [0, 1],
        [1, n],
      ] as [number, number][],
    ]) {
      const sharded = finishResolution(
        prepared,
        ranges.map((range) => firstPass(prepared, range)),
      );
      expect(answer(sharded)).toEqual(answer(whole));
      expect(sharded.stats.collectivePass).toEqual(whole.stats.collectivePass);
      expect(sharded.stats.patterns).toBe(whole.stats.patterns);
    }
  }, 180_000);

  it('shard ranges cover every record once, lower ranges shorter (they hold more pairs)', () => {
    expect(shardRanges(1000, 2)).toEqual([
      [0, 293],
      [293, 1000],
    ]);
    expect(shardRanges(10, 1)).toEqual([[0, 10]]);
    const three = shardRanges(999, 3);
    expect(three[0]![0]).toBe(0);
    expect(three.at(-1)![1]).toBe(999);
    for (let k = 1; k < three.length; k++) expect(three[k]![0]).toBe(three[k - 1]![1]);
  });
});
