import { describe, expect, it } from 'vitest';
import { adoptContext, contextColumns } from '../../../../src/analyse/resolve/context.ts';
import { RecordPreparer } from '../../../../src/analyse/resolve/prepare.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';

describe('analyse/resolve: the ranked context handed between threads as columns', () => {
  const world = generateResolutionWorld({ persons: 600, companies: 60, seed: 11 });
  const now = new Date('2026-12-06T00:00:00Z');

  it('gives records prepared without their raw context the context another preparer ranked', () => {
    const ranked = new RecordPreparer(now);
    ranked.add(world.records);
    const { records } = ranked.finish({ maxRareDegree: 3 });
    expect(records.filter((r) => r.contextRare.length > 0).length).toBeGreaterThan(20);
    expect(records.filter((r) => r.contextCommon.length > 0).length).toBeGreaterThan(20);
    const bare = new RecordPreparer(now, false);
    bare.add(world.records);
    const other = bare.finish({ maxRareDegree: 3 }).records;
    // Not ranked: no context until adopted.
    expect(other.every((r) => r.contextRare.length === 0 && r.contextKinds === 0)).toBe(true);
    adoptContext(other, structuredClone(contextColumns(records)));
    expect(other.length).toBe(records.length);
    for (let r = 0; r < records.length; r++) {
      expect(Array.from(other[r]!.contextRare)).toEqual(Array.from(records[r]!.contextRare));
      expect(Array.from(other[r]!.contextCommon)).toEqual(Array.from(records[r]!.contextCommon));
      expect(other[r]!.contextKinds).toBe(records[r]!.contextKinds);
    }
  });

  it('refuses the context of another number of records', () => {
    const preparer = new RecordPreparer(now);
    preparer.add(world.records);
    const { records } = preparer.finish();
    expect(() => adoptContext(records.slice(1), contextColumns(records))).toThrow(/handed to/);
  });
});
