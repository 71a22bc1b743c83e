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

  it('measures the limit from what survived the last collection, not from nothing', () => {
    const MB = 1_048_576;
    let heap = 300 * MB;
    let collections = 0;
    // A process that keeps 290 MB live, past a 256 MB limit: collected once, then only after
    // 256 MB more pile up (with a limit from nothing it would collect at every page).
    const check = readGarbageCollector(
      256,
      () => heap,
      () => {
        collections += 1;
        heap = 290 * MB;
      },
    );
    check();
    expect(collections).toBe(1);
    heap = 500 * MB;
    check();
    expect(collections).toBe(1);
    heap = 547 * MB;
    check();
    expect(collections).toBe(2);
  });
});
