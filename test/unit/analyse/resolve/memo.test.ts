import doubleMetaphoneImport from 'talisman/phonetics/double-metaphone.js';
import { describe, expect, it } from 'vitest';
import { cjsDefault } from '../../../../src/analyse/cjs.ts';
import { nameLevel, nameVariant, TYPO_SIMILARITY } from '../../../../src/analyse/resolve/compare.ts';
import { jaroWinkler } from '../../../../src/analyse/resolve/jaro-winkler.ts';
import { nameForms, nameIdOf } from '../../../../src/analyse/resolve/names.ts';
import { PairCache } from '../../../../src/analyse/resolve/pair-cache.ts';
import { prepareRecords } from '../../../../src/analyse/resolve/prepare.ts';
import { seededRng } from '../../../../src/analyse/rng.ts';
import { generateResolutionWorld } from '../../../../src/generate/resolution/records.ts';

const doubleMetaphone = cjsDefault(doubleMetaphoneImport) as (word: string) => [string, string];
const now = new Date('2026-12-06T00:00:00Z');

describe('analyse/resolve: PairCache', () => {
  it('answers as a Map of pairs does, through growing and emptying', () => {
    // Small enough to grow twice and then be emptied many times over.
    const cache = new PairCache(1 << 10, 1 << 8);
    const reference = new Map<string, number>();
    const rng = seededRng(3);
    let emptied = 0;
    for (let k = 0; k < 50_000; k++) {
      // Ids over the whole 32-bit range the cache accepts, and a few small ones that repeat often.
      const x = rng() < 0.5 ? Math.floor(rng() * 40) : Math.floor(rng() * 0xffff_fffe);
      const y = rng() < 0.5 ? Math.floor(rng() * 40) : Math.floor(rng() * 0xffff_fffe);
      const found = cache.get(x, y);
      const known = reference.get(`${x},${y}`);
      if (found >= 0) expect(found).toBe(known);
      else {
        const answer = Math.floor(rng() * 256);
        const before = cache.size;
        cache.set(x, y, answer);
        if (cache.size <= before) {
          emptied++;
          reference.clear();
        }
        reference.set(`${x},${y}`, answer);
      }
    }
    expect(emptied).toBeGreaterThan(10);
    expect(cache.size).toBeLessThanOrEqual(1 << 9);
  });

  it('keeps (x, y) and (y, x) apart', () => {
    const cache = new PairCache();
    cache.set(1, 2, 7);
    expect(cache.get(2, 1)).toBe(-1);
    expect(cache.get(1, 2)).toBe(7);
  });

  it('refuses slot counts that are not powers of two, naming the module', () => {
    expect(() => new PairCache(1000)).toThrow(/analyse\/resolve\/pair-cache/);
  });
});

describe('analyse/resolve: memoised name comparisons give the computed answer', () => {
  const world = generateResolutionWorld({ persons: 300, companies: 30, seed: 21 });
  const { records } = prepareRecords(world.records, now);

  it('gives prepared name forms an id that copies do not carry', () => {
    const ids = new Set(records.map((record) => nameIdOf(record.forms)));
    expect([...ids].every((id) => id >= 0)).toBe(true);
    // One id per shared forms object.
    expect(ids.size).toBe(new Set(records.map((record) => record.forms)).size);
    expect(nameIdOf(structuredClone(records[0]!.forms))).toBe(-1);
    expect(nameIdOf({ ...records[0]!.forms })).toBe(-1);
  });

  it('prepares each record’s name forms as nameForms of its names, one object per list of names', () => {
    const byId = new Map(world.records.map((record) => [record.id, record]));
    const byNames = new Map<string, unknown>();
    let repeated = 0;
    for (const record of records) {
      const raw = byId.get(record.id)!;
      const names = raw.names.filter((name) => /\p{L}/u.test(name));
      if (record.kind === 'Organisation') continue;
      expect(record.forms).toEqual(nameForms(names));
      expect(record.spellings).toEqual(record.forms.keys.map((key) => key.split(' ')));
      const key = JSON.stringify(names);
      if (byNames.has(key)) {
        repeated++;
        expect(record.forms).toBe(byNames.get(key));
      } else byNames.set(key, record.forms);
    }
    expect(repeated).toBeGreaterThan(50);
  });

  it('name levels of prepared records equal those of copies, which are not memoised', () => {
    const rng = seededRng(5);
    const copy = (i: number) => ({
      ...records[i]!,
      forms: structuredClone(records[i]!.forms),
      spellings: structuredClone(records[i]!.spellings),
    });
    const levels = new Set<number>();
    for (let k = 0; k < 20_000; k++) {
      // Neighbours in the world are often one person's records: every level occurs.
      const i = Math.floor(rng() * records.length);
      const j = rng() < 0.5 ? Math.min(records.length - 1, i + 1) : Math.floor(rng() * records.length);
      const twice = [nameLevel(records[i]!, records[j]!), nameLevel(records[i]!, records[j]!)];
      const computed = nameLevel(copy(i), copy(j));
      expect(twice).toEqual([computed, computed]);
      levels.add(computed);
    }
    expect(levels.size).toBeGreaterThanOrEqual(4);
  });

  it('nameVariant asked again answers as Jaro-Winkler and Double Metaphone do', () => {
    const tokens = [...new Set(records.flatMap((record) => record.forms.skeletons))];
    const expected = (a: string, b: string) => {
      if (a.length < 3 || b.length < 3) return false;
      if (jaroWinkler(a, b) >= TYPO_SIMILARITY) return true;
      if (!(a.charCodeAt(0) === b.charCodeAt(0) || (a.length >= 5 && b.length >= 5))) return false;
      const code = doubleMetaphone(a)[0] ?? '';
      return code !== '' && code === (doubleMetaphone(b)[0] ?? '');
    };
    const rng = seededRng(11);
    let variants = 0;
    for (let k = 0; k < 20_000; k++) {
      const a = tokens[Math.floor(rng() * tokens.length)]!;
      // Half the time a one-letter typo of a: variants occur.
      const b = rng() < 0.5 ? a.slice(0, 1) + a.slice(2) : tokens[Math.floor(rng() * tokens.length)]!;
      const want = expected(a, b);
      expect([nameVariant(a, b), nameVariant(a, b)]).toEqual([want, want]);
      if (want) variants++;
    }
    expect(variants).toBeGreaterThan(1000);
  });
});
