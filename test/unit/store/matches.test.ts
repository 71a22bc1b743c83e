/**
 * The pure rules of reading matches: which judgement binds which match (a judgement binds a match
 * whose scope covers it), the status a match takes, and reasons read back from their stored JSON.
 */
import { describe, expect, it } from 'vitest';
import type { StoredJudgement } from '../../../src/model/resolution-contract.ts';
import { binds, judgementFor, judgementsFor, parseReasons } from '../../../src/store/read/matches.ts';

const judgement = (
  id: string,
  jurisdictions: string[],
  at: string,
  withdrawnAt: string | null = null,
): StoredJudgement => ({
  id,
  decision: 'confirmed',
  a: 'person:a',
  b: 'person:b',
  author: 'x',
  authorJurisdictions: jurisdictions,
  jurisdictions,
  scopeKey: jurisdictions.join(','),
  reason: 'r',
  at,
  evidenceKey: '',
  withdrawnAt,
  withdrawnBy: withdrawnAt ? 'y' : null,
  withdrawReason: withdrawnAt ? 'w' : null,
});

describe('binds', () => {
  it('a judgement binds a match whose scope covers its jurisdictions, never a narrower one', () => {
    expect(binds(['GB'], ['GB'])).toBe(true);
    expect(binds(['GB'], ['GB', 'IE'])).toBe(true);
    expect(binds(['GB', 'IE'], ['GB'])).toBe(false);
    expect(binds(['IE'], ['GB'])).toBe(false);
    expect(binds(['GB'], ['*'])).toBe(true);
    expect(binds(['*'], ['GB', 'IE'])).toBe(false);
    expect(binds([], ['GB'])).toBe(false);
  });
});

describe('judgementFor / judgementsFor', () => {
  const gbOld = judgement('j1', ['GB'], '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z');
  const gb = judgement('j2', ['GB'], '2026-01-02T00:00:00.000Z');
  const gbie = judgement('j3', ['GB', 'IE'], '2026-01-03T00:00:00.000Z');

  it('takes the newest active binding judgement; withdrawn ones only in the history', () => {
    const all = [gbOld, gbie, gb];
    expect(judgementFor({ judgementId: null, jurisdictions: ['GB'] }, all)?.id).toBe('j2');
    expect(judgementFor({ judgementId: null, jurisdictions: ['GB', 'IE'] }, all)?.id).toBe('j3');
    expect(judgementsFor({ judgementId: null, jurisdictions: ['GB'] }, all).map((j) => j.id)).toEqual([
      'j2',
      'j1',
    ]);
    expect(judgementFor({ judgementId: null, jurisdictions: ['GB'] }, [gbOld])).toBeNull();
  });

  it("a judgement's own relationship takes that judgement alone", () => {
    expect(judgementFor({ judgementId: 'j2', jurisdictions: ['GB'] }, [gbie, gb])?.id).toBe('j2');
    expect(
      judgementsFor({ judgementId: 'j2', jurisdictions: ['GB'] }, [gbie, gb, gbOld]).map((j) => j.id),
    ).toEqual(['j2']);
  });
});

describe('parseReasons', () => {
  it('reads stored reasons and drops what is not one, never throwing', () => {
    const stored = JSON.stringify([
      { feature: 'name', level: 'typo', weight: 6.5, detail: '"A" ~ "B"' },
      { feature: 'birthDate', level: 'year', weight: -2 },
      { feature: 'bad', level: 3, weight: 'x' },
      null,
    ]);
    expect(parseReasons(stored)).toEqual([
      { feature: 'name', level: 'typo', weight: 6.5, detail: '"A" ~ "B"' },
      { feature: 'birthDate', level: 'year', weight: -2 },
    ]);
    expect(parseReasons('not json')).toEqual([]);
    expect(parseReasons('{"a":1}')).toEqual([]);
    expect(parseReasons(null)).toEqual([]);
  });
});
