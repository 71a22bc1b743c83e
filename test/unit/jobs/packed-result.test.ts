/**
 * The worker's packed result (jobs/packed-result.ts) must decode to exactly the networks the
 * analysis returned — the structured clone a plain postMessage would have made — with networks
 * spread over several buffers, one larger than a buffer, and values JSON would lose (undefined,
 * NaN, -0, a Map).
 */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { packedNetworks, packResult } from '../../../src/jobs/packed-result.ts';
import { world } from '../analyse/world.ts';

describe('packed analysis result', () => {
  it('decodes every network as a structured clone of it, over several buffers', () => {
    const result = analyse(world().graph, { communities: { seed: 7 } });
    expect(result.networks.length).toBeGreaterThan(2);
    // Odd values a structured clone keeps and JSON would not.
    const odd = result.networks[1] as unknown as Record<string, unknown>;
    odd.extra = { none: undefined, nan: Number.NaN, negativeZero: -0, map: new Map([['a', 1]]) };
    const expected = deserialize(serialize(result.networks)) as typeof result.networks;
    const { networks: _n, ...restExpected } = deserialize(serialize(result)) as typeof result;
    // Buffers of 2 KB: small networks share one, a bigger network gets one of its own.
    const sizes = result.networks.map((n) => serialize(n).length);
    expect(Math.max(...sizes)).toBeGreaterThan(2048);
    const { packed, transfer } = packResult(result, { slabBytes: 2048 });
    expect(packed.slabs.length).toBeGreaterThan(1);
    expect(transfer).toEqual(expect.arrayContaining(packed.slabs));
    // The worker's copy is let go of as it is packed.
    expect(result.networks).toEqual([]);
    const list = packedNetworks(packed);
    expect(list.length).toBe(expected.length);
    const decoded = Array.from({ length: list.length }, (_, i) => list.at(i));
    expect(decoded).toEqual(expected);
    expect(
      Object.is((decoded[1] as unknown as { extra: { negativeZero: number } }).extra.negativeZero, -0),
    ).toBe(true);
    expect(list.at(list.length)).toBeUndefined();
    expect(packed.rest).toEqual(restExpected);
  });
});
