/**
 * Seeded randomness. Everything the generator draws comes from here (never Math.random), so a seed
 * and a scale always give the same bytes. `Rng` is sfc32 (fast, 128-bit state, good statistics);
 * `rngFor(seed, ...keys)` derives an independent stream from a key path (counter-based), so any
 * entity's attributes can be recomputed from its index alone instead of being stored.
 */

/** 32-bit integer hash (murmur3 finaliser) used to derive stream seeds from keys. */
export function mix32(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash a string key into 32 bits (FNV-1a, then mixed). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export type Key = number | string;

function keyHash(seed: number, keys: readonly Key[]): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const key of keys) {
    const k = typeof key === 'number' ? mix32(key + 0x632be5ab) : hashString(key);
    h = mix32(h ^ k) + 0x7f4a7c15;
  }
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max] inclusive. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('generate/rng: pick() needs a non-empty array');
    return items[this.int(items.length)] as T;
  }

  /** Pick by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let u = this.next() * total;
    for (const [item, w] of items) {
      u -= w;
      if (u < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Pareto-distributed value >= min with tail index alpha: most small, a few very large. */
  pareto(min: number, alpha: number): number {
    return min / (1 - this.next()) ** (1 / alpha);
  }

  /** Poisson count (Knuth; fine for the small means used here). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Fisher-Yates sample of k distinct items. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }

  /** A child stream, independent of how much this one is used afterwards. */
  fork(...keys: Key[]): Rng {
    return new Rng(keyHash(this.nextUint32(), keys));
  }
}

/** An independent stream for a key path, e.g. `rngFor(seed, 'person', 42)`. */
export function rngFor(seed: number, ...keys: Key[]): Rng {
  return new Rng(keyHash(seed, keys));
}

/** A 32-bit value for a key path without building a stream (cheap per-entity draws). */
export function hashFor(seed: number, ...keys: Key[]): number {
  return keyHash(seed, keys);
}
