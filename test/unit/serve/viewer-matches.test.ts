/** The page's grouping of a record's matches: one row per other record, led by the run's answer. */
import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../../src/serve/viewer/matches.ts';
import type { JudgementSummary, MatchSummary } from '../../../src/serve/viewer/queries.ts';

const judgement = (id: string, active: boolean, at: string): JudgementSummary => ({
  id,
  decision: 'CONFIRMED',
  author: 'a',
  reason: 'r',
  at,
  active,
  withdrawnAt: active ? null : at,
  withdrawnBy: active ? null : 'b',
  withdrawReason: active ? null : 'w',
});

const match = (over: Partial<MatchSummary>): MatchSummary => ({
  id: 'k',
  kind: 'POSSIBLY_SAME_AS',
  by: 'score',
  score: 0.9,
  matchWeight: 3,
  status: 'UNDECIDED',
  jurisdictions: ['GB'],
  reasons: [],
  record: { entityId: 'person:b', label: 'Person', name: 'B' },
  judgement: null,
  judgements: [],
  ...over,
});

describe('candidatesOf', () => {
  it('groups by the other record, leads with the best-scored proposal, takes the judgement and withdrawn history', () => {
    const active = judgement('j2', true, '2026-01-02');
    const old = judgement('j1', false, '2026-01-01');
    const candidates = candidatesOf([
      match({
        kind: 'SAME_AS',
        by: 'judgement',
        score: null,
        status: 'CONFIRMED',
        judgement: active,
        judgements: [active],
      }),
      match({ id: 'k2', score: 0.7, status: 'CONFIRMED', judgement: active, judgements: [active, old] }),
      match({
        id: 'k3',
        score: 0.95,
        jurisdictions: ['GB', 'IE'],
        status: 'CONFIRMED',
        judgement: active,
        judgements: [active, old],
      }),
      match({ id: 'k4', record: { entityId: 'person:c', label: 'Person', name: 'C' } }),
    ]);
    expect(
      candidates.map((c) => [c.other.entityId, c.lead.id, c.status, c.kinds, c.withdrawn.map((j) => j.id)]),
    ).toEqual([
      ['person:b', 'k3', 'CONFIRMED', ['SAME_AS', 'POSSIBLY_SAME_AS'], ['j1']],
      ['person:c', 'k4', 'UNDECIDED', ['POSSIBLY_SAME_AS'], []],
    ]);
  });

  it('a pair only judged (no proposal) is led by the judgement’s link', () => {
    const active = judgement('j', true, '2026-01-01');
    const [only] = candidatesOf([
      match({
        kind: 'NOT_SAME_AS',
        by: 'judgement',
        score: null,
        judgement: { ...active, decision: 'REJECTED' },
      }),
    ]);
    expect([only?.lead.kind, only?.status]).toEqual(['NOT_SAME_AS', 'REJECTED']);
  });
});
