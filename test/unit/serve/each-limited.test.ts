import { describe, expect, it } from 'vitest';
import { eachLimited } from '../../../src/serve/each-limited.ts';

describe('eachLimited', () => {
  it('runs every item, never more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const items = Array.from({ length: 54 }, (_, i) => i);
    await eachLimited(items, 4, async (item) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Yield a few times so that unbounded runs would overlap.
      for (let i = 0; i < 3; i++) await Promise.resolve();
      seen.push(item);
      inFlight--;
    });
    expect(most).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(items);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(eachLimited([1], 0, async () => undefined)).rejects.toThrow(/positive integer/);
  });
});
