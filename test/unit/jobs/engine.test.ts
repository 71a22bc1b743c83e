import { describe, expect, it } from 'vitest';
import {
  defaultMaxHeapMb,
  ENGINE_DEFAULTS,
  EngineError,
  estimateHeapMb,
  planEngine,
} from '../../../src/jobs/engine.ts';

// The investigation: 584k nodes, 3.25M relationships.
const big = { nodes: 584_000, relationships: 3_250_000 };
const small = { nodes: 2_000, relationships: 10_000 };

describe('jobs/engine', () => {
  it('estimates the heap from the counts (independent arithmetic)', () => {
    const expected = 128 + (584_000 * 375 + 3_250_000 * 370) / 1_048_576;
    expect(estimateHeapMb(big)).toBe(Math.ceil(expected));
    expect(estimateHeapMb({ ...big, matches: 0 })).toBe(Math.ceil(expected));
    expect(estimateHeapMb({ nodes: 0, relationships: 0 })).toBe(128);
  });

  it('adds the graph of identities when the run may read match relationships', () => {
    const records = 128 + (584_000 * 375 + 3_250_000 * 370) / 1_048_576;
    const identities = (584_000 * 150 + 3_250_000 * 200) / 1_048_576;
    expect(estimateHeapMb({ ...big, matches: 1 })).toBe(Math.ceil(records + identities));
  });

  it('covers the live heap measured on the 120,000-person world (issue 16), and the limit leaves room', () => {
    // detect-phase-heap.ts: 998 MB of heap and 146 MB of typed arrays live at the largest for
    // 511,207 nodes and 2,952,117 relationships (attributes as columns, 2026-12-07-detect-columns.md).
    const estimate = estimateHeapMb({ nodes: 511_207, relationships: 2_952_117, matches: 0 });
    expect(estimate).toBeGreaterThan((998 + 146) * 1.15);
    // And 193 + 26 MB for the synthetic 30,000-person world (117,639 nodes, 389,529 relationships).
    expect(estimateHeapMb({ nodes: 117_639, relationships: 389_529 })).toBeGreaterThan((193 + 26) * 1.15);
    const plan = planEngine({
      engine: 'in-process',
      size: { nodes: 511_207, relationships: 2_952_117 },
      gds: null,
      maxHeapMb: null,
    });
    expect(plan.heapMb).toBe(Math.min(defaultMaxHeapMb(), Math.ceil(estimate * 1.15)));
  });

  it('defaults the ceiling to half the machine, at most 16 GB', () => {
    expect(defaultMaxHeapMb(8 * 1024 ** 3)).toBe(4096);
    expect(defaultMaxHeapMb(64 * 1024 ** 3)).toBe(16_384);
  });

  it('refuses a run over the ceiling, naming the options', () => {
    const plan = () => planEngine({ engine: 'in-process', size: big, gds: null, maxHeapMb: 1024 });
    expect(plan).toThrow(EngineError);
    expect(plan).toThrow(
      new RegExp(
        `estimated ${estimateHeapMb(big)} MB .* at most 1024 MB.*SKEIN_ANALYSIS_MAX_HEAP_MB.*--max-heap-mb`,
      ),
    );
  });

  it('gives the worker an explicit limit as it is: the way out when an estimate proves low', () => {
    const plan = planEngine({ engine: 'in-process', size: big, gds: null, maxHeapMb: 8192 });
    expect(plan).toMatchObject({ engine: 'in-process', heapMb: 8192, estimateMb: estimateHeapMb(big) });
  });

  it('sizes the worker heap from the estimate when no limit is given (1.15x, at least 512 MB)', () => {
    const machine = defaultMaxHeapMb();
    const bigPlan = planEngine({ engine: 'in-process', size: big, gds: null, maxHeapMb: null });
    expect(bigPlan.heapMb).toBe(Math.min(machine, Math.ceil(estimateHeapMb(big) * 1.15)));
    expect(bigPlan.maxHeapMb).toBe(machine);
    const smallPlan = planEngine({ engine: 'in-process', size: small, gds: null });
    expect(smallPlan.heapMb).toBe(Math.min(machine, Math.max(512, Math.ceil(estimateHeapMb(small) * 1.15))));
  });

  it('auto: GDS from the threshold when installed, in-process otherwise', () => {
    const at = { nodes: 1, relationships: ENGINE_DEFAULTS.autoGdsFromRelationships };
    expect(planEngine({ engine: 'auto', size: at, gds: '2.13.9', maxHeapMb: 8192 }).engine).toBe('gds');
    expect(planEngine({ engine: 'auto', size: small, gds: '2.13.9', maxHeapMb: 8192 }).engine).toBe(
      'in-process',
    );
    expect(planEngine({ engine: 'auto', size: at, gds: null, maxHeapMb: 8192 })).toMatchObject({
      engine: 'in-process',
      reason: 'no GDS on the server',
    });
    expect(
      planEngine({ engine: 'auto', algorithm: 'leiden', size: small, gds: '2.13.9', maxHeapMb: 8192 }).engine,
    ).toBe('gds');
  });

  it('refuses gds without GDS and Leiden in process, saying what to do', () => {
    expect(() => planEngine({ engine: 'gds', size: small, gds: null, maxHeapMb: 8192 })).toThrow(
      /SKEIN_NEO4J_GDS=true/,
    );
    expect(() =>
      planEngine({ engine: 'in-process', algorithm: 'leiden', size: small, gds: '2.13.9', maxHeapMb: 8192 }),
    ).toThrow(/--engine gds/);
    expect(() =>
      planEngine({ engine: 'auto', algorithm: 'leiden', size: small, gds: null, maxHeapMb: 8192 }),
    ).toThrow(/--algorithm louvain/);
  });
});
