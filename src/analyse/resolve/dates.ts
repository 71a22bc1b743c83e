/**
 * Birth dates as records give them: complete ("1969-12-03"), partial (a company register publishes
 * "1969-12", some sources only "1969"), mistyped (day and month swapped). Compared by what both
 * records actually say, so a partial date is evidence only as far as it goes.
 */

export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

const ISO_PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * Parses an ISO date or partial date; undefined for anything else or an impossible date (month 13,
 * 30 February, year before 1880 or in the future), which the caller counts and skips.
 */
export function parsePartialDate(text: string, now = new Date()): PartialDate | undefined {
  const match = ISO_PARTIAL.exec(text.trim().slice(0, 10));
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1880 || year > now.getUTCFullYear()) return undefined;
  const result: PartialDate = { year };
  if (match[2] === undefined) return result;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  result.month = month;
  if (match[3] === undefined) return result;
  const day = Number(match[3]);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return undefined;
  result.day = day;
  return result;
}

/** Comparison levels of two birth dates, from strongest agreement to conflict. */
export const DATE_LEVELS = ['exact', 'partial', 'swapped', 'typo', 'year', 'conflict'] as const;
export type DateLevel = (typeof DATE_LEVELS)[number];

/** Digits differing between two numbers written with two digits: "1969" vs "1996" is not one typo. */
function oneDigitApart(a: number, b: number): boolean {
  const x = String(a).padStart(2, '0');
  const y = String(b).padStart(2, '0');
  let differences = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differences++;
  return x.length === y.length && differences === 1;
}

/**
 * undefined when either date is missing: a missing date says nothing either way (as Splink's null
 * level). `partial`: one date is a prefix of the other ("1969-12" and "1969-12-03"). `year`: only the
 * years agree and one date gives no month. `typo`: one digit of day, month or year differs.
 */
export function compareDates(a: PartialDate | undefined, b: PartialDate | undefined): DateLevel | undefined {
  if (a === undefined || b === undefined) return undefined;
  const complete = a.day !== undefined && b.day !== undefined;
  if (a.year === b.year) {
    if (a.month === undefined || b.month === undefined) return 'year';
    if (a.month === b.month) {
      if (a.day === undefined || b.day === undefined) return 'partial';
      if (a.day === b.day) return 'exact';
      return oneDigitApart(a.day, b.day) ? 'typo' : 'conflict';
    }
    if (complete && a.month === b.day && a.day === b.month) return 'swapped';
    if (a.day === b.day && oneDigitApart(a.month, b.month)) return 'typo';
    return 'conflict';
  }
  if (complete && a.month === b.month && a.day === b.day && oneDigitApart(a.year % 100, b.year % 100)) {
    return 'typo';
  }
  return 'conflict';
}
