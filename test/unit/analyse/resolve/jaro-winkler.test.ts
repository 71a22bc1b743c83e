import talismanImport from 'talisman/metrics/jaro-winkler.js';
import { describe, expect, it } from 'vitest';
import { cjsDefault } from '../../../../src/analyse/cjs.ts';
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
