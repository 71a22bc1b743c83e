import { describe, expect, it } from 'vitest';
import { jaccard, matchNetworks, networkIdFor } from '../../../src/analyse/stability.ts';

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('stable network ids across runs', () => {
  it('keeps ids when membership barely changes and names what changed', () => {
    const previous = [
      { id: 'net-a', members: range('a', 10) },
      { id: 'net-b', members: range('b', 10) },
      { id: 'net-c', members: range('c', 6) },
      { id: 'net-d', members: range('d', 4) },
      { id: 'net-e', members: range('e', 4) },
      { id: 'net-gone', members: range('g', 5) },
    ];
    const current = [
      { key: 'c1', members: [...range('a', 10), 'new1'] }, // same, one more
      { key: 'c2', members: [...range('b', 10), ...range('x', 4)] }, // grown
      { key: 'c3', members: range('c', 4) }, // shrunk
      { key: 'c4', members: [...range('d', 4), ...range('e', 4)] }, // merged
      { key: 'c5', members: range('z', 5) }, // new
    ];
    const { ids, changes } = matchNetworks(previous, current);
    expect(ids.get('c1')).toBe('net-a');
    expect(ids.get('c2')).toBe('net-b');
    expect(ids.get('c3')).toBe('net-c');
    expect(ids.get('c5')).toBe(networkIdFor(range('z', 5)));
    expect(changes.stable).toEqual(['net-a']);
    expect(changes.grown).toEqual(['net-b']);
    expect(changes.shrunk).toEqual(['net-c']);
    expect(changes.merged).toEqual([{ id: ids.get('c4'), from: ['net-d', 'net-e'] }]);
    expect(changes.new).toEqual([ids.get('c5')]);
    expect(changes.dissolved).toEqual(['net-gone']);
  });

  it('reports splits and does not reuse an id for two networks', () => {
    const previous = [{ id: 'net-p', members: range('p', 10) }];
    const current = [
      { key: 'c1', members: range('p', 6) },
      { key: 'c2', members: range('p', 10).slice(6) },
    ];
    const { ids, changes } = matchNetworks(previous, current);
    expect(ids.get('c1')).toBe('net-p');
    expect(ids.get('c2')).not.toBe('net-p');
    expect(changes.split).toEqual([{ from: 'net-p', into: [ids.get('c1'), ids.get('c2')].sort() }]);
  });

  it('derives new ids from members, so a first run is reproducible', () => {
    const current = [{ key: 'c1', members: ['b', 'a'] }];
    expect(matchNetworks([], current).ids.get('c1')).toBe(networkIdFor(['a', 'b']));
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
  });
});

describe('matching at scale (issue 16)', () => {
  // The definition the matcher must keep: a split is every current network holding at least
  // splitShare of a previous one, found here by scanning all of them, as the matcher once did.
  const splitsByScan = (
    previous: Array<{ id: string; members: string[] }>,
    current: Array<{ key: string; members: string[] }>,
    ids: Map<string, string>,
  ) =>
    previous.flatMap((p) => {
      const into = current
        .filter((c) => c.members.filter((m) => p.members.includes(m)).length >= 0.3 * p.members.length)
        .map((c) => ids.get(c.key)!)
        .sort();
      return into.length >= 2 ? [{ from: p.id, into }] : [];
    });

  it('finds the splits and kept ids a full scan finds, on random reshuffles', () => {
    let state = 7;
    const rng = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let round = 0; round < 20; round++) {
      const people = range('p', 120);
      const group = (n: number, prefix: string) => {
        const out = new Map<string, string[]>();
        for (const person of people) {
          if (rng() < 0.1) continue;
          const g = `${prefix}${Math.floor(rng() * n)}`;
          out.set(g, [...(out.get(g) ?? []), person]);
        }
        return out;
      };
      const previous = [...group(8, 'net-')].map(([id, members]) => ({ id, members }));
      const current = [...group(10, 'c')].map(([key, members]) => ({ key, members }));
      const { ids, changes } = matchNetworks(previous, current);
      expect(changes.split).toEqual(splitsByScan(previous, current, ids));
      const kept = [...changes.stable, ...changes.grown, ...changes.shrunk];
      for (const id of kept) expect(previous.some((p) => p.id === id)).toBe(true);
    }
  });
});
