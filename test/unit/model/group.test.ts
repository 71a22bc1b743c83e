import { describe, expect, it } from 'vitest';
import { groupBy, pushTo } from '../../../src/model/group.ts';
import { type MemberRow, membersByLabel } from '../../../src/store/write-analysis.ts';

function member(i: number, label: string): MemberRow {
  return {
    network: `n${i % 10}`,
    node: `e${i}`,
    label,
    role: 'member',
    recordedRoles: [],
    centrality: 0,
    pagerank: 0,
    betweenness: 0,
    offenderScore: 0,
    controlScore: 0,
    controlJson: '{}',
    offenderRank: null,
    identity: null,
  };
}

describe('grouping into a map of arrays (issue 17 defect 5)', () => {
  it('appends to the group in place instead of copying it per value', () => {
    const map = new Map<string, number[]>();
    const first = pushTo(map, 'a', 1);
    const second = pushTo(map, 'a', 2, 3);
    // The same array grows: a copy per value made grouping n values quadratic.
    expect(second).toBe(first);
    expect(map.get('a')).toEqual([1, 2, 3]);
  });

  it('keeps order within groups and the order of first keys', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'a2', 'c1'], (s) => s[0]);
    expect([...groups.keys()]).toEqual(['b', 'a', 'c']);
    expect(groups.get('b')).toEqual(['b1', 'b2']);
  });

  it('groups 100,000 members of one label into one array holding every row once', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => member(i, i % 1000 === 0 ? 'Address' : 'Person'));
    const byLabel = membersByLabel(rows);
    expect(byLabel.get('Person')).toHaveLength(99_900);
    expect(byLabel.get('Address')).toHaveLength(100);
    expect(byLabel.get('Person')![0]).toBe(rows[1]);
    expect(byLabel.get('Person')!.at(-1)).toBe(rows[99_999]);
  });

  it('refuses a member whose label is not an entity label (it is written into the MATCH)', () => {
    expect(() => membersByLabel([member(1, 'Person) DETACH DELETE m //')])).toThrow(/not an entity label/);
  });
});
