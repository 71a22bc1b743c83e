import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { readGarbageCollector } from '../../../src/jobs/read-garbage.ts';

describe('jobs/read-garbage', () => {
  it('collects the heap once it is past the limit, without --expose-gc', () => {
    const used = () => getHeapStatistics().used_heap_size;
    // ~80 MB of old garbage: objects that survive while they are made, then are dropped.
    let kept: string[][] | undefined = Array.from({ length: 200 }, (_, i) =>
      Array.from({ length: 5_000 }, (_, j) => `${i}:${j}:garbage`),
    );
    expect(kept.length).toBe(200);
    kept = undefined;
    const before = used();
    readGarbageCollector(Number.MAX_SAFE_INTEGER)();
    expect(used()).toBeGreaterThan(before - 20 * 1_048_576);
    readGarbageCollector(0)();
    expect(used()).toBeLessThan(before - 40 * 1_048_576);
  });
});
