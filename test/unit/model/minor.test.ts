/**
 * Age at an event from recorded birth dates (model/minor.ts): complete, partial and conflicting
 * dates, read conservatively — possibly a minor when some day the records allow makes the person
 * under 18, certainly when every day does. Checked against a day-by-day computation.
 */
import { describe, expect, it } from 'vitest';
import {
  assessMinor,
  mergeAssessments,
  minorAt,
  minorAtAll,
  usableBirthDates,
} from '../../../src/model/minor.ts';

/** Independent answer: enumerate every day the birth date allows and compute the age at `event`. */
function byEnumeration(birthDate: string, event: string): 'certain' | 'possible' | undefined {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number | undefined, number | undefined];
  const days: Date[] = [];
  for (let month = m ?? 1; month <= (m ?? 12); month++) {
    const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
    for (let day = d ?? 1; day <= (d ?? last); day++) days.push(new Date(Date.UTC(y, month - 1, day)));
  }
  const e = new Date(`${event}T00:00:00Z`);
  const under = days.map((b) => {
    let age = e.getUTCFullYear() - b.getUTCFullYear();
    if (
      e.getUTCMonth() < b.getUTCMonth() ||
      (e.getUTCMonth() === b.getUTCMonth() && e.getUTCDate() < b.getUTCDate())
    )
      age--;
    return age < 18;
  });
  if (under.every(Boolean)) return 'certain';
  return under.some(Boolean) ? 'possible' : undefined;
}

describe('minorAt', () => {
  it('a complete birth date: under 18 until the day before the 18th birthday', () => {
    expect(minorAt('2008-03-15', '2026-03-14')).toBe('certain');
    expect(minorAt('2008-03-15', '2026-03-15')).toBeUndefined();
    expect(minorAt('2008-03-15', '2030-01-01')).toBeUndefined();
  });

  it('a year and month: possible in the month of the 18th birthday, certain before it', () => {
    expect(minorAt('1969-12', '1987-11-30')).toBe('certain');
    expect(minorAt('1969-12', '1987-12-01')).toBe('possible');
    expect(minorAt('1969-12', '1987-12-31')).toBe('possible');
    expect(minorAt('1969-12', '1988-01-01')).toBeUndefined();
  });

  it('a year alone: possible throughout the year of the 18th birthday', () => {
    expect(minorAt('1990', '2007-12-31')).toBe('certain');
    expect(minorAt('1990', '2008-06-10')).toBe('possible');
    expect(minorAt('1990', '2009-01-01')).toBeUndefined();
  });

  it('agrees with enumerating every day, or errs only towards protection by one day', () => {
    const births = ['2001', '2001-02', '2000-02', '2004-02-29', '1999-12-31', '2005-07', '2010-01-01'];
    const events: string[] = [];
    for (let t = Date.UTC(2015, 0, 1); t <= Date.UTC(2029, 0, 1); t += 37 * 86_400_000) {
      events.push(new Date(t).toISOString().slice(0, 10));
    }
    events.push('2019-02-28', '2019-03-01', '2022-02-28', '2022-03-01', '2017-12-31', '2018-01-01');
    let compared = 0;
    for (const b of births) {
      for (const e of events) {
        const ours = minorAt(b, e);
        const truth = byEnumeration(b, e);
        compared++;
        if (ours === truth) continue;
        // The only allowed difference: the last day of a partial range, read as "possible" although
        // every day then makes the person 18 (conservative by one day), or a 29 February birthday.
        expect({ b, e, ours, truth }).toMatchObject({ ours: 'possible', truth: undefined });
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe('conflicting birth dates', () => {
  it('possible when any date makes the person under 18, certain only when all do', () => {
    expect(minorAtAll(['2010-01-01', '1980-01-01'], '2020-06-01')).toBe('possible');
    expect(minorAtAll(['2010-01-01', '2009-05-05'], '2020-06-01')).toBe('certain');
    expect(minorAtAll(['1980-01-01', '1981-01-01'], '2020-06-01')).toBeUndefined();
    expect(minorAtAll(['2010-01-01', '2002'], '2020-06-01')).toBe('possible');
  });
});

describe('assessMinor', () => {
  it('reports each kind at its earliest fact, oldest first, and today last without a date', () => {
    const minor = assessMinor(
      ['2005-06-01'],
      [
        { kind: 'journey', date: '2022-03-01T10:00:00Z' },
        { kind: 'journey', date: '2021-01-01T08:00:00Z' },
        { kind: 'payment', date: '2024-01-01' },
        { kind: 'address', date: '2019-05-05' },
      ],
      '2026-12-06',
    );
    expect(minor).toEqual({
      certainty: 'certain',
      conflictingBirthDates: false,
      atEvents: [
        { kind: 'address', date: '2019-05-05', certainty: 'certain' },
        { kind: 'journey', date: '2021-01-01', certainty: 'certain' },
      ],
    });
  });

  it('a child today is a minor even with no dated fact', () => {
    expect(assessMinor(['2015'], [], '2026-12-06')).toEqual({
      certainty: 'certain',
      conflictingBirthDates: false,
      atEvents: [{ kind: 'now', date: null, certainty: 'certain' }],
    });
  });

  it('no birth date, an unreadable one, or only adult facts: not flagged', () => {
    expect(assessMinor([], [{ kind: 'journey', date: '2020-01-01' }], '2026-12-06')).toBeUndefined();
    expect(assessMinor(['unknown', null], [], '2026-12-06')).toBeUndefined();
    expect(
      assessMinor(['1980-01-01'], [{ kind: 'payment', date: '2020-01-01' }], '2026-12-06'),
    ).toBeUndefined();
  });

  it('conflicting birth dates: possible, and says so', () => {
    const minor = assessMinor(
      ['1980-01-01', '2004-01-01'],
      [{ kind: 'offence', date: '2020-01-01' }],
      '2026-12-06',
    );
    expect(minor).toEqual({
      certainty: 'possible',
      conflictingBirthDates: true,
      atEvents: [{ kind: 'offence', date: '2020-01-01', certainty: 'possible' }],
    });
  });

  it('keeps only ISO dates and partial dates as birth dates', () => {
    expect(
      usableBirthDates(['2001-02-03', '2001-02', '2001', '03/02/2001', '', null, '2001-02-03T00:00:00Z']),
    ).toEqual(['2001-02-03', '2001-02', '2001']);
  });
});

describe('mergeAssessments (the records of one identity)', () => {
  it('keeps each kind earliest, certain when any record is, conflicting when the records differ', () => {
    const a = assessMinor(['2012-04-01'], [{ kind: 'address', date: '2020-01-01' }], '2026-12-07');
    const b = assessMinor(
      ['2012'],
      [
        { kind: 'address', date: '2019-06-01' },
        { kind: 'journey', date: '2021-01-01' },
      ],
      '2026-12-07',
    );
    const merged = mergeAssessments([a!, b!], ['2012-04-01', '2012']);
    expect(merged).toEqual({
      certainty: 'certain',
      atEvents: [
        { kind: 'address', date: '2019-06-01', certainty: 'certain' },
        { kind: 'journey', date: '2021-01-01', certainty: 'certain' },
        { kind: 'now', date: null, certainty: 'certain' },
      ],
      conflictingBirthDates: true,
    });
  });

  it('one record is its own assessment; none is none', () => {
    const a = assessMinor(['2012-04-01'], [], '2026-12-07')!;
    expect(mergeAssessments([a], ['2012-04-01'])).toBe(a);
    expect(mergeAssessments([])).toBeUndefined();
  });
});
