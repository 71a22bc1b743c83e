import talismanImport from 'talisman/metrics/jaro-winkler.js';
import { describe, expect, it } from 'vitest';
import { cjsDefault } from '../../../../src/analyse/cjs.ts';
import { mayBeTypo, TYPO_SIMILARITY } from '../../../../src/analyse/resolve/compare.ts';
import { jaroWinkler } from '../../../../src/analyse/resolve/jaro-winkler.ts';
import { seededRng } from '../../../../src/analyse/rng.ts';

const talisman = cjsDefault(talismanImport) as (a: string, b: string) => number;

describe('jaroWinkler', () => {
  it('gives talisman’s similarity, to the bit, on names and on random strings of a small alphabet', () => {
    const names = ['martha', 'marhta', 'dwayne', 'duane', 'dixon', 'dicksonx', 'ihor', 'igor', 'a', 'ab', ''];
    const pairs: [string, string][] = names.flatMap((x) => names.map((y): [string, string] => [x, y]));
    const rng = seededRng(7);
    // A small alphabet makes matches, transpositions and repeated letters common.
    const word = () =>
      Array.from({ length: Math.floor(rng() * 14) }, () => 'abcдé'[Math.floor(rng() * 5)]).join('');
    for (let k = 0; k < 20_000; k++) pairs.push([word(), word()]);
    // Long strings grow the scratch buffers; shorter ones afterwards must not read stale flags.
    pairs.push(['x'.repeat(300), `${'x'.repeat(150)}y`], ['xy', 'yx']);
    let differing = 0;
    for (const [a, b] of pairs) if (!Object.is(jaroWinkler(a, b), talisman(a, b))) differing++;
    expect(differing).toBe(0);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
  });
});

describe('mayBeTypo', () => {
  it('is true wherever talisman’s Jaro-Winkler reaches the typo similarity, and rules out most pairs of names', () => {
    const rng = seededRng(13);
    // Small alphabets (letters outside a–z included) make near misses of the bound common.
    const word = (alphabet: string) =>
      Array.from(
        { length: 1 + Math.floor(rng() * 12) },
        () => alphabet[Math.floor(rng() * alphabet.length)],
      ).join('');
    let ruledOut = 0;
    let reached = 0;
    for (let k = 0; k < 100_000; k++) {
      const alphabet = k % 3 === 0 ? 'abcdeé1' : k % 3 === 1 ? 'abcdefghijklmnopqrstuvwxyz' : 'aeinorst';
      const a = word(alphabet);
      // Half the pairs one edit apart: similarities near 0.88 on both sides.
      const cut = Math.floor(rng() * a.length);
      const b =
        rng() < 0.5 ? a.slice(0, cut) + word(alphabet).slice(0, 1) + a.slice(cut + 1) : word(alphabet);
      const similar = talisman(a, b) >= TYPO_SIMILARITY;
      if (similar) {
        reached++;
        expect(mayBeTypo(a, b), `${a} ~ ${b}`).toBe(true);
      } else if (!mayBeTypo(a, b)) ruledOut++;
    }
    expect(reached).toBeGreaterThan(10_000);
    expect(ruledOut).toBeGreaterThan(10_000);
  });
});
