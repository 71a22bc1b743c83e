import { describe, expect, it } from 'vitest';
import { type ResolutionResult, resolveRecords } from '../../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../../src/generate/resolution/records.ts';
import { resolveInWorker } from '../../../src/jobs/resolve-thread.ts';

/** What a run writes: every rule match and proposal with its score, in order. */
const matches = (result: ResolutionResult) => [
  ...result.certain.map((m) => `${m.rule} ${m.a}|${m.b}`),
  ...result.proposed.map((m) => `${m.a}|${m.b} ${m.score.matchWeight} ${m.blockedBy}`),
];

describe('resolution worker thread', () => {
  it('returns the same matches as the main thread and as a re-run, whatever the chunk size', async () => {
    const world = generateResolutionWorld({ persons: 500, companies: 50, seed: 4 });
    const now = new Date('2026-12-06T00:00:00Z');
    const options = { seed: 42, threshold: 0.8 };
    const main = resolveRecords(world.records, options, now);
    expect(main.proposed.length).toBeGreaterThan(50);
    const inWorker = await resolveInWorker(world.records, options, now, { chunk: 500 });
    const again = await resolveInWorker(world.records, options, now, { chunk: 97 });
    expect(matches(inWorker)).toEqual(matches(main));
    expect(matches(again)).toEqual(matches(main));
    expect(inWorker.stats.blocking).toEqual(main.stats.blocking);
    // Two worker starts (tsx compiles the sources in each) on a machine that may be busy.
  }, 180_000);
});
