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

/** (a * index + c) mod space, with a coprime to space: a permutation of [0, space). */
export function scramble(index: number, space: number, salt = 0): number {
  if (index < 0 || index >= space) {
    throw new Error(
      `generate/scramble: index ${index} is outside [0, ${space}); raise the id space or lower --people`,
    );
  }
  let a = 48271 + (salt % 1000) * 2;
  while (gcd(a, space) !== 1) a++;
  const c = (salt * 7919 + 12345) % space;
  // a < 2^17 and index < 2^33 keep the product exact in a double.
  return (((a * index) % space) + c) % space;
}

/** Modular inverse of the affine map above: which index produced `value`. */
export function unscramble(value: number, space: number, salt = 0): number {
  let a = 48271 + (salt % 1000) * 2;
  while (gcd(a, space) !== 1) a++;
  const c = (salt * 7919 + 12345) % space;
  const inv = modInverse(a, space);
  const shifted = (((value - c) % space) + space) % space;
  return Number((BigInt(shifted) * BigInt(inv)) % BigInt(space));
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

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
