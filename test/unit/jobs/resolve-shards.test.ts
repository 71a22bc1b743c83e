import { describe, expect, it } from 'vitest';
import { type ResolutionResult, resolveRecords } from '../../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../../src/generate/resolution/records.ts';
import { resolveSharded, startShardedResolution } from '../../../src/jobs/resolve-shards.ts';
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

  it('prepares each page as it comes when the run begins with its time, and gives the one-thread answer either way', async () => {
    const main = resolveRecords(world.records, options, now);
    // Begun with the time: every thread prepares each page on arrival (no raw records kept).
    const begun = startShardedResolution({ shards: 2, chunk: 251, now });
    for (let i = 0; i < world.records.length; i += 97) begun.add(world.records.slice(i, i + 97));
    expect(answer(await begun.resolve(options))).toEqual(answer(main));
    // Without it: the pages are kept raw and prepared when resolve gives the time.
    const late = startShardedResolution({ shards: 2, chunk: 251 });
    for (let i = 0; i < world.records.length; i += 97) late.add(world.records.slice(i, i + 97));
    expect(answer(await late.resolve(options, now))).toEqual(answer(main));
  }, 300_000);

  it('refuses to resolve at another time than the run began with, naming the module', async () => {
    const begun = startShardedResolution({ shards: 2, now });
    begun.add(world.records.slice(0, 20));
    await expect(begun.resolve(options, new Date('2027-01-02T00:00:00Z'))).rejects.toThrow(
      /jobs\/resolve-shards: resolve was given another time/,
    );
  }, 120_000);

  it('refuses a number of shards that is not a whole number from 1, naming the module', () => {
    expect(() => resolveSharded(world.records, options, now, { shards: 0 })).toThrow(
      /jobs\/resolve-shards: shards must be a whole number from 1, got 0/,
    );
  });
});
