/**
 * Seeded random numbers (mulberry32): the same seed gives the same sequence on every platform,
 * which is what makes a detection run reproducible.
 */
export function seededRng(seed: number): () => number {
  if (!Number.isFinite(seed)) {
    throw new Error(`analyse/rng: seed must be a finite number, got ${seed}; pass e.g. { seed: 42 }`);
  }
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
