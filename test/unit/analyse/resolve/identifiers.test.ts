/**
 * A prepared record's identifiers as one flat array (identifiers.ts) must read as the Map of Sets it
 * replaced: the same kinds and values in the same order, and the same identifier level for every
 * pair (the Map-of-Sets comparison is kept here as the reference).
 */
import { describe, expect, it } from 'vitest';
import { identifierLevel } from '../../../../src/analyse/resolve/compare.ts';
import {
  addIdentifier,
  hasIdentifier,
  hasKind,
  kindsOf,
  shareIdentifier,
  valuesOf,
} from '../../../../src/analyse/resolve/identifiers.ts';
import type { PreparedRecord } from '../../../../src/analyse/resolve/prepare.ts';
import { UNIQUE_IDENTIFIER_KINDS } from '../../../../src/analyse/resolve/types.ts';
import { seededRng } from '../../../../src/analyse/rng.ts';

const KINDS = ['document', 'tax', 'phone', 'account', 'address', 'registration', 'email'];
const VALUES = ['a|GB|1', 'a|GB|2', 'a|FR|1', 'x', 'y', 'z', 'b|GB|9'];

type Draw = [string, string][];
function draws(random: () => number): Draw {
  const n = Math.floor(random() * 7);
  return Array.from({ length: n }, () => [
    KINDS[Math.floor(random() * KINDS.length)]!,
    VALUES[Math.floor(random() * VALUES.length)]!,
  ]);
}
function asMap(draw: Draw): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const [kind, value] of draw) {
    const set = map.get(kind) ?? new Set<string>();
    map.set(kind, set.add(value));
  }
  return map;
}
function asList(draw: Draw): string[] {
  const list: string[] = [];
  for (const [kind, value] of draw) addIdentifier(list, kind, value);
  return list;
}

/** The comparison as written for Maps of Sets before the flat lists (compare.ts at main 2735c46). */
function referenceLevel(
  a: Map<string, Set<string>>,
  b: Map<string, Set<string>>,
  organisation: boolean,
): number {
  const prefixOf = (value: string) => {
    const cut = value.lastIndexOf('|');
    return cut < 0 ? '' : value.slice(0, cut);
  };
  let unique = false;
  let conflict = false;
  let shared = 0;
  let comparable = false;
  for (const [kind, values] of a) {
    if (kind === 'address') continue;
    const other = b.get(kind);
    if (!other) continue;
    comparable = true;
    let common = false;
    for (const value of values) if (other.has(value)) common = true;
    const isUnique = (UNIQUE_IDENTIFIER_KINDS as readonly string[]).includes(kind);
    if (common) {
      if (isUnique) unique = true;
      else shared++;
    } else if (isUnique) {
      const prefixes = new Set([...values].map(prefixOf));
      for (const value of other) if (prefixes.has(prefixOf(value))) conflict = true;
    } else if (kind === 'account' && organisation) conflict = true;
  }
  if (unique) return 0;
  if (conflict) return 3;
  if (shared >= 2) return 1;
  if (shared === 1) return 2;
  return comparable ? 4 : -1;
}

describe('identifier lists', () => {
  it('hold the kinds and values of a Map of Sets, in its order, and answer its questions', () => {
    const random = seededRng(13);
    for (let round = 0; round < 1500; round++) {
      const draw = draws(random);
      const map = asMap(draw);
      const list = asList(draw);
      expect(list).toEqual(
        [...map].flatMap(([kind, values]) => [...values].flatMap((value) => [kind, value])),
      );
      expect(kindsOf(list)).toEqual([...map.keys()]);
      for (const kind of KINDS) {
        expect(hasKind(list, kind)).toBe(map.has(kind));
        expect(valuesOf(list, kind)).toEqual([...(map.get(kind) ?? [])]);
        for (const value of VALUES)
          expect(hasIdentifier(list, kind, value)).toBe(map.get(kind)?.has(value) ?? false);
      }
    }
  });

  it('give the identifier level the Maps of Sets gave, for every pair drawn', () => {
    const random = seededRng(17);
    const levels = new Set<number>();
    for (let round = 0; round < 6000; round++) {
      const [x, y] = [draws(random), draws(random)];
      const organisation = random() < 0.3;
      const a = {
        kind: organisation ? 'Organisation' : 'Person',
        identifiers: asList(x),
      } as unknown as PreparedRecord;
      const b = { kind: 'Person', identifiers: asList(y) } as unknown as PreparedRecord;
      const level = identifierLevel(a, b);
      expect(level).toBe(referenceLevel(asMap(x), asMap(y), organisation));
      levels.add(level);
      for (const kind of KINDS) {
        const [mx, my] = [asMap(x).get(kind), asMap(y).get(kind)];
        expect(shareIdentifier(a.identifiers, b.identifiers, kind)).toBe(
          [...(mx ?? [])].some((value) => my?.has(value) ?? false),
        );
      }
    }
    // Every level (and null) was met, so the comparison above could fail on any of them.
    expect([...levels].sort()).toEqual([-1, 0, 1, 2, 3, 4]);
  });
});
