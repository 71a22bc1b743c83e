import { describe, expect, it } from 'vitest';
import {
  compileDateFormat,
  normaliseDate,
  normaliseDateTime,
} from '../../../../src/ingest/normalise/date.ts';

describe('normaliseDate without a format', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    ['2024-03-01T10:15:30Z', '2024-03-01'],
    ['2024/03/01', '2024-03-01'],
    ['2024.3.1', '2024-03-01'],
    ['20240301', '2024-03-01'],
    ['01/03/2024', '2024-03-01'],
    ['1/3/2024', '2024-03-01'],
    ['01.03.2024', '2024-03-01'],
    ['01-03-2024', '2024-03-01'],
    ['25/12/2024', '2024-12-25'],
    ['29.02.2024', '2024-02-29'],
    ['01.03.2024 23:59', '2024-03-01'],
    [' 2000-02-29 ', '2000-02-29'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['31/02/2024', /day 31/],
    ['29.02.2023', /day 29/],
    ['1900-02-29', /day 29/],
    ['2024-13-01', /month 13/],
    ['2024-00-10', /month 0/],
    ['00/01/2024', /day 0/],
    ['12/25/2024', /month-first.*MM\/DD\/YYYY/],
    ['01/03/24', /two-digit year/],
    ['0001-01-01', /year 1/],
    ['tomorrow', /not a recognised date/],
    ['2024-3-1', /not a recognised date/],
    ['', /empty/],
  ])('rejects %j', (input, reason) => {
    const result = normaliseDate(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('normaliseDateTime', () => {
  it.each([
    ['2024-03-01T10:15:30Z', '2024-03-01T10:15:30Z'],
    ['2024-03-01 10:15', '2024-03-01T10:15:00'],
    ['2024-03-01T10:15:30.500+0200', '2024-03-01T10:15:30.5+02:00'],
    ['2024-03-01T10:15:30.000-05', '2024-03-01T10:15:30-05:00'],
    ['2024-03-01T10:15:30+00:00', '2024-03-01T10:15:30Z'],
    ['01.03.2024 08:05:09', '2024-03-01T08:05:09'],
    ['01/03/2024 8:05', '2024-03-01T08:05:00'],
    ['20240301101530', '2024-03-01T10:15:30'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseDateTime(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2024-03-01', /no time of day/],
    ['2024-03-01 24:00', /impossible time/],
    ['2024-03-01 10:60', /impossible time/],
    ['2024-03-01T10:00+15:00', /offset/],
  ])('rejects %j', (input, reason) => {
    const result = normaliseDateTime(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('an explicit format', () => {
  it('reads month-first when told', () => {
    expect(normaliseDate('12/25/2024', { format: 'MM/DD/YYYY' })).toEqual({ ok: true, value: '2024-12-25' });
    expect(normaliseDate('03/04/2024', { format: 'MM/DD/YYYY' })).toEqual({ ok: true, value: '2024-03-04' });
  });

  it.each([
    ['DD/MM/YYYY', '01/03/2024', '2024-03-01'],
    ['DD.MM.YYYY', '01.03.2024', '2024-03-01'],
    ['D.M.YYYY', '1.3.2024', '2024-03-01'],
    ['YYYYMMDD', '20240301', '2024-03-01'],
    ['DDMMYYYY', '01032024', '2024-03-01'],
    ['YYYY-MM-DD HH:mm:ss', '2024-03-01 10:15:30', '2024-03-01'],
  ])('%s reads %j', (format, input, expected) => {
    expect(normaliseDate(input, { format })).toEqual({ ok: true, value: expected });
  });

  it('is honoured strictly', () => {
    expect(normaliseDate('2024-03-01', { format: 'DD/MM/YYYY' }).ok).toBe(false);
    expect(normaliseDate('1/3/2024', { format: 'DD/MM/YYYY' }).ok).toBe(false);
    expect(normaliseDate('01/03/2024 10:00', { format: 'DD/MM/YYYY' }).ok).toBe(false);
    expect(normaliseDate('31/02/2024', { format: 'DD/MM/YYYY' }).ok).toBe(false);
  });

  it('gives date-times with time tokens', () => {
    expect(normaliseDateTime('01.03.2024 10:15:30.250', { format: 'DD.MM.YYYY HH:mm:ss.SSS' })).toEqual({
      ok: true,
      value: '2024-03-01T10:15:30.25',
    });
    expect(normaliseDateTime('2024-03-01T10:15:30+0100', { format: 'YYYY-MM-DDTHH:mm:ssZ' })).toEqual({
      ok: true,
      value: '2024-03-01T10:15:30+01:00',
    });
  });

  it('throws on an unusable format (a mapping mistake)', () => {
    expect(() => compileDateFormat('DD/MM/YY')).toThrow(/unknown token "Y"/);
    expect(() => compileDateFormat('MM/YYYY')).toThrow(/day/);
    expect(() => compileDateFormat('DD/MM/YYYY hh:mm')).toThrow(/unknown token "h"/);
    expect(() => compileDateFormat('DD/MM/YYYY/DD')).toThrow(/repeats/);
  });

  it('applies the plausible-year bounds', () => {
    expect(normaliseDate('1750-01-01').ok).toBe(false);
    expect(normaliseDate('1750-01-01', { minYear: 1700 }).ok).toBe(true);
  });
});
