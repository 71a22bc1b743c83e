/**
 * Bijective scrambling of an index into a numeric space, so identifiers derived from entity indexes
 * are unique (no collisions to track) yet do not look sequential.
 */

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
}

interface AffineMap {
  a: number;
  c: number;
  /** a's inverse mod space, computed on the first unscramble. */
  inverse?: number;
}

/**
 * The map's constants by space, then salt. They depend on nothing else, and ids are scrambled (and
 * director links unscrambled) for every person, so they are derived once rather than per call.
 */
const maps = new Map<number, Map<number, AffineMap>>();

function affineMap(space: number, salt: number): AffineMap {
  let bySalt = maps.get(space);
  if (bySalt === undefined) {
    bySalt = new Map();
    maps.set(space, bySalt);
  }
  let map = bySalt.get(salt);
  if (map === undefined) {
    let a = 48271 + (salt % 1000) * 2;
    while (gcd(a, space) !== 1) a++;
    map = { a, c: (salt * 7919 + 12345) % space };
    bySalt.set(salt, map);
  }
  return map;
}

/** (a * index + c) mod space, with a coprime to space: a permutation of [0, space). */
export function scramble(index: number, space: number, salt = 0): number {
  if (index < 0 || index >= space) {
    throw new Error(
      `generate/scramble: index ${index} is outside [0, ${space}); raise the id space or lower --people`,
    );
  }
  const { a, c } = affineMap(space, salt);
  // a < 2^17 and index < 2^33 keep the product exact in a double.
  return (((a * index) % space) + c) % space;
}

/** Below this space, value * inverse < 2^52 stays exact in a double and BigInt is not needed. */
const EXACT_SPACE = 2 ** 26;

/** Modular inverse of the affine map above: which index produced `value`. */
export function unscramble(value: number, space: number, salt = 0): number {
  const map = affineMap(space, salt);
  map.inverse ??= modInverse(map.a, space);
  const shifted = (((value - map.c) % space) + space) % space;
  if (space <= EXACT_SPACE) return (shifted * map.inverse) % space;
  return Number((BigInt(shifted) * BigInt(map.inverse)) % BigInt(space));
}

function modInverse(a: number, m: number): number {
  let [oldR, r] = [BigInt(a), BigInt(m)];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  const mm = BigInt(m);
  return Number(((oldS % mm) + mm) % mm);
}

/** Zero runs by length, so padding is one concatenation (ids are padded on every row). */
const ZEROS = Array.from({ length: 17 }, (_, n) => '0'.repeat(n));

/** `value` left-padded with zeros to `width` characters (as `padStart`, without its per-call work). */
export function pad(value: number, width: number): string {
  const digits = `${value}`;
  const missing = width - digits.length;
  if (missing <= 0) return digits;
  return missing < ZEROS.length ? ZEROS[missing]! + digits : digits.padStart(width, '0');
}
