/**
 * Jaro-Winkler similarity without allocating: talisman's `metrics/jaro-winkler` (boost threshold 0.7,
 * scaling 0.1, common prefix up to 4) computed with the same arithmetic in the same order, so every
 * result is the same double. Talisman builds four arrays and one-letter strings per call, and the
 * resolver calls it tens of millions of times at a million records (garbage collection was 16 % of a
 * run's CPU); here the flags live in two scratch buffers that grow to the longest name seen.
 * Characters are UTF-16 code units, as `a[i] === b[i]` compares them in talisman.
 */

let minMatched = new Int32Array(64);
let maxFlags = new Uint8Array(64);

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const dj = jaro(a, b);
  if (dj < 0.7) return dj;
  const prefixLimit = Math.min(a.length, b.length, 4);
  let l = 0;
  for (let i = 0; i < prefixLimit; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) l++;
    else break;
  }
  return dj + l * 0.1 * (1 - dj);
}

function jaro(a: string, b: string): number {
  const longer = a.length > b.length;
  const max = longer ? a : b;
  const min = longer ? b : a;
  if (min.length > minMatched.length || max.length > maxFlags.length) {
    const size = Math.max(max.length, min.length) * 2;
    minMatched = new Int32Array(size);
    maxFlags = new Uint8Array(size);
  }
  const range = Math.max(((max.length / 2) | 0) - 1, 0);
  maxFlags.fill(0, 0, max.length);
  let matches = 0;
  for (let i = 0; i < min.length; i++) {
    minMatched[i] = -1;
    const character = min.charCodeAt(i);
    const to = Math.min(i + range + 1, max.length);
    for (let j = Math.max(i - range, 0); j < to; j++) {
      if (maxFlags[j] === 0 && character === max.charCodeAt(j)) {
        minMatched[i] = j;
        maxFlags[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  // The matched characters of each string in order, compared pairwise (talisman's ms1 and ms2).
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < min.length; i++) {
    if (minMatched[i] === -1) continue;
    while (maxFlags[j] === 0) j++;
    if (min.charCodeAt(i) !== max.charCodeAt(j)) transpositions++;
    j++;
  }
  const t = (transpositions / 2) | 0;
  const m = matches;
  return (m / a.length + m / b.length + (m - t) / m) / 3;
}
