/**
 * Month names as statements print them — "05-MAR-2024", "7 März 2024", "7 марта 2024 г.",
 * "7 Μαρτίου 2024" — to month numbers, for a date format's MMM token. The names come from the
 * platform's CLDR data (Intl), in the languages of the jurisdictions Skein serves, in every form a
 * date shows: long and short, standalone ("март") and inside a date ("марта", the genitive), with
 * or without the abbreviation's dot and the accents. A name that means different months in two of
 * these languages (Croatian "listopad" is October, Czech and Polish November) is read only when the
 * mapping names the language (`{type: date, format: D MMM YYYY, locale: hr}`); otherwise the row is
 * rejected with that advice, never read as either month.
 */
import { foldText } from './fold.ts';

/** Languages whose month names MMM reads without a `locale`. */
export const MONTH_LOCALES = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'nl',
  'ro',
  'pl',
  'cs',
  'sk',
  'hu',
  'hr',
  'sl',
  'sr',
  'sr-Latn',
  'bs',
  'sq',
  'mk',
  'bg',
  'ru',
  'uk',
  'be',
  'el',
  'tr',
  'lt',
  'lv',
  'et',
  'fi',
  'sv',
  'da',
  'nb',
  'ga',
  'mt',
] as const;

type Table = Map<string, number | 'ambiguous'>;

/** The month part of a date formatted in `locale` with these options. */
function monthPart(locale: string, month: number, options: Intl.DateTimeFormatOptions): string | undefined {
  const date = new Date(Date.UTC(2024, month - 1, 7));
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })
    .formatToParts(date)
    .find((part) => part.type === 'month')?.value;
}

/** Lower case without the abbreviation's dot; a name in digits ("03") is not a name. */
function keyOf(name: string): string | undefined {
  const key = name.toLocaleLowerCase('und').normalize('NFC').replace(/\.$/, '').trim();
  return key.length > 0 && /^\p{L}+$/u.test(key) ? key : undefined;
}

function namesOf(locale: string): Map<string, number> {
  const names = new Map<string, number>();
  for (let month = 1; month <= 12; month++) {
    for (const options of [
      { month: 'long' },
      { month: 'short' },
      { day: 'numeric', month: 'long' },
      { day: 'numeric', month: 'short' },
    ] as Intl.DateTimeFormatOptions[]) {
      const name = monthPart(locale, month, options);
      const key = name === undefined ? undefined : keyOf(name);
      if (key === undefined) continue;
      names.set(key, month);
      // Exports often drop the accents ("Marz", "fevrier", "brezna"): the folded form too.
      const folded = foldText(key);
      if (/^[a-z]+$/.test(folded)) names.set(folded, month);
    }
  }
  // English three-letter forms whatever CLDR's short form ("Sept" in en-GB).
  if (locale === 'en') {
    for (const [i, abbreviation] of [
      'jan',
      'feb',
      'mar',
      'apr',
      'may',
      'jun',
      'jul',
      'aug',
      'sep',
      'oct',
      'nov',
      'dec',
    ].entries())
      names.set(abbreviation, i + 1);
  }
  return names;
}

const tables = new Map<string, Table>();

/** Every language's names merged; a name two languages give different months is 'ambiguous'. */
function tableFor(locale: string | undefined): Table {
  const id = locale ?? '*';
  const cached = tables.get(id);
  if (cached !== undefined) return cached;
  const table: Table = new Map();
  for (const language of locale !== undefined ? [locale] : MONTH_LOCALES) {
    for (const [name, month] of namesOf(language)) {
      const known = table.get(name);
      table.set(name, known === undefined || known === month ? month : 'ambiguous');
    }
  }
  tables.set(id, table);
  return table;
}

/** Checks a mapping's `locale` for dates; throws naming the option. */
export function checkMonthLocale(locale: string): void {
  try {
    if (Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 0) throw new Error('unsupported');
  } catch {
    throw new Error(
      `normalise/month-names: locale "${locale}" is not a language this platform has month names for; use a code such as hr, cs, bg`,
    );
  }
}

export type MonthLookup = { month: number } | { ambiguous: true } | undefined;

/** The month a name means (in `locale` when given, else in any of MONTH_LOCALES). */
export function monthNamed(name: string, locale?: string): MonthLookup {
  const key = keyOf(name);
  if (key === undefined) return undefined;
  const table = tableFor(locale);
  const found = table.get(key) ?? table.get(foldText(key));
  if (found === undefined) return undefined;
  return found === 'ambiguous' ? { ambiguous: true } : { month: found };
}
