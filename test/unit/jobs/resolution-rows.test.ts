import { describe, expect, it } from 'vitest';
import { evidenceKey } from '../../../src/analyse/resolve/evidence.ts';
import type { CertainMatch, ProposedMatch } from '../../../src/analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../../../src/analyse/resolve/types.ts';
import { matchRows, reasonDetail } from '../../../src/jobs/resolution-rows.ts';
import { mixesScripts } from '../../../src/jobs/resolve.ts';
import type { BindingJudgement } from '../../../src/store/read/resolution-runs.ts';

const person = (id: string, name: string, birthDate?: string): ResolutionRecord => ({
  id,
  kind: 'Person',
  source: id.split(':')[0]!,
  names: [name],
  identifiers: [],
  ...(birthDate ? { birthDate } : {}),
});
const records = new Map(
  [
    person('p:1', 'Dumitru Munteanu', '1969-12-03'),
    person('p:2', 'Dumitru Mnuteanu', '1969-12'),
    person('p:3', 'Ana Popescu'),
    person('p:4', 'Ana Popescu', '1990-05-01'),
    person('p:5', 'Ion Rusu'),
    person('p:6', 'Ion Rusu'),
  ].map((r) => [r.id, r]),
);
const score = (probability: number): ProposedMatch['score'] => ({
  probability,
  matchWeight: Math.log2(probability / (1 - probability)),
  contributions: [{ feature: 'name', level: 'fuzzy', weight: 6.123456789 }],
});
// Given in the reverse order (b < a) on purpose: stored pairs are ordered.
const proposed: ProposedMatch[] = [
  { a: 'p:2', b: 'p:1', score: score(0.93), blockedBy: 'phonetic' },
  { a: 'p:4', b: 'p:3', score: score(0.85), blockedBy: 'nameKey' },
];
const certain: CertainMatch[] = [
  { a: 'p:6', b: 'p:5', rule: 'rule:same-document', identifier: 'document:x' },
];
const ev = (a: string, b: string) => evidenceKey(records.get(a)!, records.get(b)!);
const rows = (judgements: BindingJudgement[]) =>
  matchRows({ certain, proposed }, records, judgements, ['GB']);

describe('jobs/resolution-rows', () => {
  it('explains an address reason with the lines both records wrote', () => {
    const a = { ...person('p:1', 'Ana Pop'), addresses: [{ line: '14 Station Road, Leeds' }] };
    const b = { ...person('p:2', 'Ana Pop'), addresses: [{ line: '14 STATION RD, LS6 2QT' }] };
    expect(reasonDetail('address', a, b)).toBe('"14 Station Road, Leeds" ~ "14 STATION RD, LS6 2QT"');
  });

  it('writes rules as SAME_AS and scores as POSSIBLY_SAME_AS, ordered, keyed per scope, explained', () => {
    const { groups, effects } = rows([]);
    expect(effects).toEqual({ confirmed: 0, rejected: 0, newEvidence: 0 });
    const same = groups.find((g) => g.type === 'SAME_AS')!.rows;
    expect(same).toEqual([
      expect.objectContaining({
        a: 'p:5',
        b: 'p:6',
        key: 'SAME_AS:p:5|p:6|GB',
        by: 'rule:same-document',
        score: 1,
      }),
    ]);
    const possibly = groups.find((g) => g.type === 'POSSIBLY_SAME_AS')!.rows;
    expect(possibly.map((r) => [r.a, r.b, r.key])).toEqual([
      ['p:1', 'p:2', 'POSSIBLY_SAME_AS:p:1|p:2|GB'],
      ['p:3', 'p:4', 'POSSIBLY_SAME_AS:p:3|p:4|GB'],
    ]);
    expect(possibly[0]).toMatchObject({ by: 'score', score: 0.93, evidenceKey: ev('p:1', 'p:2') });
    expect(JSON.parse(possibly[0]!.reasonsJson)).toEqual([
      {
        feature: 'name',
        level: 'fuzzy',
        weight: 6.123457,
        detail: '"Dumitru Munteanu" ~ "Dumitru Mnuteanu"',
      },
    ]);
  });

  it('holds back confirmed pairs and pairs rejected on the same evidence; proposes new evidence for a human', () => {
    const { groups, effects } = rows([
      { a: 'p:1', b: 'p:2', decision: 'confirmed', evidenceKey: ev('p:1', 'p:2') },
      { a: 'p:3', b: 'p:4', decision: 'rejected', evidenceKey: ev('p:3', 'p:4') },
      { a: 'p:5', b: 'p:6', decision: 'rejected', evidenceKey: 'judged-before-the-document' },
    ]);
    expect(effects).toEqual({ confirmed: 1, rejected: 1, newEvidence: 1 });
    // The rule's pair was rejected before: it comes back for a human, never as SAME_AS by itself.
    expect(groups.map((g) => [g.type, g.rows.map((r) => `${r.a}-${r.b}`)])).toEqual([
      ['POSSIBLY_SAME_AS', ['p:5-p:6']],
    ]);
    expect(groups[0]!.rows[0]).toMatchObject({
      by: 'rule:same-document',
      key: 'POSSIBLY_SAME_AS:p:5|p:6|GB',
    });
  });

  it('tells names that mix alphabets within a word', () => {
    expect(mixesScripts('Drita Сela')).toBe(true);
    expect(mixesScripts('Мария Ivanova')).toBe(false);
    expect(mixesScripts('Zoë Müller-Weiß')).toBe(false);
  });
});
