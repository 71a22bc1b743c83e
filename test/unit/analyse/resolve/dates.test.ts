import { describe, expect, it } from 'vitest';
import { compareDates, parsePartialDate } from '../../../../src/analyse/resolve/dates.ts';

const now = new Date('2026-12-06T00:00:00Z');
const d = (text: string) => parsePartialDate(text, now);

describe('analyse/resolve/dates', () => {
  it('reads full and partial ISO dates and refuses impossible ones', () => {
    expect(d('1969-12-03')).toEqual({ year: 1969, month: 12, day: 3 });
    expect(d('1969-12')).toEqual({ year: 1969, month: 12 });
    expect(d('1969')).toEqual({ year: 1969 });
    for (const bad of ['1969-13-01', '1970-02-30', '1850-01-01', '2030-01-01', '03/12/1969', '', 'n/a']) {
      expect(d(bad), bad).toBeUndefined();
    }
  });

  it('compares by what both dates say', () => {
    expect(compareDates(d('1969-12-03'), d('1969-12-03'))).toBe('exact');
    expect(compareDates(d('1969-12'), d('1969-12-03'))).toBe('partial');
    expect(compareDates(d('1969'), d('1969-12-03'))).toBe('year');
    expect(compareDates(d('1969-03-12'), d('1969-12-03'))).toBe('swapped');
    expect(compareDates(d('1969-12-03'), d('1969-12-08'))).toBe('typo');
    expect(compareDates(d('1968-12-03'), d('1969-12-03'))).toBe('typo');
    expect(compareDates(d('1950-12-03'), d('1975-12-03'))).toBe('conflict');
    expect(compareDates(d('1969-11'), d('1969-12-03'))).toBe('conflict');
    expect(compareDates(undefined, d('1969-12-03'))).toBeUndefined();
  });
});
