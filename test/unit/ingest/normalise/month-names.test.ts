import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../../src/ingest/mapping/apply.ts';
import { parseMapping } from '../../../../src/ingest/mapping/parse.ts';
import { checkMonthLocale, monthNamed } from '../../../../src/ingest/normalise/month-names.ts';

describe('month names', () => {
  it('reads March as statements print it, in many languages and both grammatical forms', () => {
    // Written out here from the languages' own spellings, not from the platform's tables.
    for (const name of [
      'MAR',
      'Mar.',
      'March',
      'März',
      'Marz',
      'mars',
      'marzo',
      'maart',
      'martie',
      'marca',
      'marzec',
      'března',
      'brezna',
      'március',
      'ožujka',
      'марта',
      'март',
      'березня',
      'Μαρτίου',
      'Mart',
      'kovo',
      'maaliskuuta',
    ])
      expect(monthNamed(name), name).toEqual({ month: 3 });
    expect(monthNamed('Sept.')).toEqual({ month: 9 });
    expect(monthNamed('juil.')).toEqual({ month: 7 });
    expect(monthNamed('декабря')).toEqual({ month: 12 });
    expect(monthNamed('Haziran')).toEqual({ month: 6 });
  });

  it('never reads a name that means different months in two languages unless the language is given', () => {
    // Croatian listopad is October; Czech and Polish listopad November.
    expect(monthNamed('listopad')).toEqual({ ambiguous: true });
    expect(monthNamed('listopad', 'hr')).toEqual({ month: 10 });
    expect(monthNamed('listopad', 'cs')).toEqual({ month: 11 });
    expect(monthNamed('Smith')).toBeUndefined();
    expect(monthNamed('03')).toBeUndefined();
    expect(() => checkMonthLocale('xx-QQ')).toThrow(/locale "xx-QQ"/);
  });
});

describe('a date format with MMM in a mapping', () => {
  const mapper = (transform: string) =>
    compileMapping(
      parseMapping(
        `
skein: 1
name: dates
input: { format: csv }
entities:
  journey:
    label: Journey
    key: [ref]
    properties: { date: { column: when, transform: ${transform}, required: true } }
relationships: []
`,
        'dates.yaml',
      ),
      { extractId: 'extract:d', source: 'agency', jurisdiction: 'BG' },
    );
  const dateOf = (transform: string, when: string) => {
    const result = mapper(transform).apply({ line: 2, raw: '', fields: { ref: 'R1', when } });
    return result.ok ? result.nodes[0]?.props.date : result.reason;
  };

  it('reads Oracle, Bulgarian, German and Greek statement dates', () => {
    expect(dateOf('{ type: date, format: DD-MMM-YYYY }', '05-MAR-2024')).toBe('2024-03-05');
    expect(dateOf('{ type: date, format: D MMM YYYY г. }', '7 марта 2024 г.')).toBe('2024-03-07');
    expect(dateOf('{ type: date, format: D. MMMM YYYY }', '7. März 2024')).toBe('2024-03-07');
    expect(dateOf('{ type: date, format: D MMMM YYYY }', '7 Μαρτίου 2024')).toBe('2024-03-07');
    expect(dateOf('{ type: datetime, format: DD MMM YYYY HH:mm }', '07 Sept 2024 14:05')).toBe(
      '2024-09-07T14:05:00',
    );
  });

  it('rejects an ambiguous or unknown name with the fix, and reads it with the locale', () => {
    expect(dateOf('{ type: date, format: D MMMM YYYY }', '3 listopad 2024')).toMatch(
      /give the date transform a locale/,
    );
    expect(dateOf('{ type: date, format: D MMMM YYYY, locale: hr }', '3 listopad 2024')).toBe('2024-10-03');
    expect(dateOf('{ type: date, format: D MMMM YYYY, locale: pl }', '3 listopad 2024')).toBe('2024-11-03');
    expect(dateOf('{ type: date, format: DD-MMM-YYYY }', '05-XYZ-2024')).toMatch(/has no month name/);
    expect(() => mapper('{ type: date, format: DD-MMM-YYYY, locale: xx-QQ }')).toThrow(/locale "xx-QQ"/);
  });
});
