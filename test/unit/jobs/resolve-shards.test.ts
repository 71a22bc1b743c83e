import { describe, expect, it } from 'vitest';
import { type ResolutionResult, resolveRecords } from '../../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../../src/generate/resolution/records.ts';
import { resolveSharded } from '../../../src/jobs/resolve-shards.ts';
import { resolveInWorker } from '../../../src/jobs/resolve-thread.ts';

/** What a run writes and reports. */
const answer = (result: ResolutionResult) => ({
  certain: result.certain,
  proposed: result.proposed,
  stats: result.stats,
});

describe('resolution on several threads', () => {
  const world = generateResolutionWorld({ persons: 500, companies: 50, seed: 4 });
  const now = new Date('2026-12-06T00:00:00Z');
  const options = { seed: 42, threshold: 0.6, randomPairs: 40_000 };

  it('gives the one-thread answer with one or two shard workers, and in the job worker with two threads', async () => {
    const main = resolveRecords(world.records, options, now);
    expect(main.proposed.length).toBeGreaterThan(50);
    expect(main.stats.collective).toBeGreaterThan(0);
    const two = await resolveSharded(world.records, options, now, { shards: 2, chunk: 333 });
    expect(answer(two)).toEqual(answer(main));
    // Three threads: two workers each sweep a part of the collective pass and sample a part of the weights.
    const three = await resolveSharded(world.records, options, now, { shards: 3, chunk: 500 });
    expect(answer(three)).toEqual(answer(main));
    // The job's worker thread, sharding from any size, pages of 97 records: the same again.
    const inWorker = await resolveInWorker(world.records, options, now, {
      chunk: 97,
      threads: 2,
      minShardedRecords: 0,
    });
    expect(answer(inWorker)).toEqual(answer(main));
    // Worker starts compile the sources with tsx on a machine that may be busy.
  }, 300_000);

  it('refuses a number of shards that is not a whole number from 1, naming the module', () => {
    expect(() => resolveSharded(world.records, options, now, { shards: 0 })).toThrow(
      /jobs\/resolve-shards: shards must be a whole number from 1, got 0/,
    );
  });
});
