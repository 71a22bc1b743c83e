/**
 * Dates and date-times to ISO 8601. normaliseDate gives "YYYY-MM-DD" (a time of day in the input is
 * dropped: the mapping asked for a date); normaliseDateTime gives "YYYY-MM-DDTHH:mm:ss[.fff][Z|±HH:mm]"
 * and rejects values without a time. A time without a zone stays without one (local time as written).
 *
 * Without a `format`, only forms that read one way are accepted: year-first (ISO, YYYY/MM/DD,
 * YYYYMMDD) and day-first with a four-digit year (DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY) — day-first
 * because that is how every jurisdiction Skein serves writes dates; a value that only makes sense
 * month-first ("12/25/2024") is rejected with a hint rather than read either way. Month-first files
 * and two-digit years need an explicit `format`, which is then honoured strictly.
 */
import { invalid, type Normalised, ok } from './result.ts';

export interface DateOptions {
  /**
   * Exact layout, e.g. 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD HH:mm:ss', 'DD.MM.YYYY HH:mm', 'YYYYMMDD'.
   * Tokens: YYYY, MM/M (month, two digits/one or two), DD/D (day), HH/H (hour 0-23), mm, ss, SSS (milliseconds),
   * Z (offset: Z, +02:00, +0200). Other characters are literal; letters other than T and the tokens are an error.
   */
  format?: string;
  /** Plausible years; outside them a value is a typo or a placeholder (0001-01-01). Defaults 1800 and 2199. */
  minYear?: number;
  maxYear?: number;
}

export const DATE_DEFAULTS = { minYear: 1800, maxYear: 2199 } as const;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  fraction?: string;
  zone?: string;
}

const TIME = String.raw`(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}$`, 'i');
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([/.])(\d{1,2})\2(\d{1,2})${TIME}$`, 'i');
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME}$`, 'i');
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$/i;
const TWO_DIGIT_YEAR = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?:\D|$)/;

/** Parses a date (see the module comment for the forms accepted without a `format`) to "YYYY-MM-DD". */
export function normaliseDate(input: string, options: DateOptions = {}): Normalised<string> {
  return normalise(input, options, 'date');
}

/** Parses a date with a time of day to "YYYY-MM-DDTHH:mm:ss[.fff][offset]"; a date alone is rejected. */
export function normaliseDateTime(input: string, options: DateOptions = {}): Normalised<string> {
  return normalise(input, options, 'datetime');
}

function normalise(input: string, options: DateOptions, output: 'date' | 'datetime'): Normalised<string> {
  const text = input.trim();
  if (text.length === 0) return invalid('date: empty');
  const parts =
    options.format !== undefined ? parseWithFormat(text, compileDateFormat(options.format)) : parseAuto(text);
  if (typeof parts === 'string') return invalid(parts);
  return formatParts(text, parts, options, output);
}

function toParts(m: RegExpExecArray, y: number, mo: number, d: number, timeAt: number): DateParts {
  const parts: DateParts = { year: Number(m[y]), month: Number(m[mo]), day: Number(m[d]) };
  if (m[timeAt] !== undefined) {
    parts.hour = Number(m[timeAt]);
    parts.minute = Number(m[timeAt + 1]);
    if (m[timeAt + 2] !== undefined) parts.second = Number(m[timeAt + 2]);
    if (m[timeAt + 3] !== undefined) parts.fraction = m[timeAt + 3];
    if (m[timeAt + 4] !== undefined) parts.zone = m[timeAt + 4];
  }
  return parts;
}

function parseAuto(text: string): DateParts | string {
  let m = ISO.exec(text);
  if (m !== null) return toParts(m, 1, 2, 3, 4);
  m = YEAR_FIRST.exec(text);
  if (m !== null) return toParts(m, 1, 3, 4, 5);
  m = COMPACT.exec(text);
  if (m !== null) {
    const parts: DateParts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    if (m[4] !== undefined) {
      parts.hour = Number(m[4]);
      parts.minute = Number(m[5]);
      if (m[6] !== undefined) parts.second = Number(m[6]);
    }
    return parts;
  }
  m = DAY_FIRST.exec(text);
  if (m !== null) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    if (first <= 12 && second > 12 && second <= 31) {
      return `date: "${text}" only makes sense month-first; if the file writes MM${m[2]}DD${m[2]}YYYY, pass format 'MM${m[2]}DD${m[2]}YYYY'`;
    }
    return toParts(m, 4, 3, 1, 5);
  }
  if (TWO_DIGIT_YEAR.test(text)) {
    return `date: "${text}" has a two-digit year (which century? which order?); pass an explicit format`;
  }
  return `date: "${text}" is not a recognised date (ISO, DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY, YYYYMMDD); pass an explicit format`;
}

export interface CompiledDateFormat {
  source: string;
  pattern: RegExp;
  fields: string[];
}

const TOKEN = /YYYY|SSS|MM|DD|HH|mm|ss|M|D|H|Z|[A-Za-z]|./gs;
const TOKEN_PATTERN: Record<string, string> = {
  YYYY: String.raw`(\d{4})`,
  MM: String.raw`(\d{2})`,
  M: String.raw`(\d{1,2})`,
  DD: String.raw`(\d{2})`,
  D: String.raw`(\d{1,2})`,
  HH: String.raw`(\d{2})`,
  H: String.raw`(\d{1,2})`,
  mm: String.raw`(\d{2})`,
  ss: String.raw`(\d{2})`,
  SSS: String.raw`(\d{3})`,
  Z: String.raw`(Z|[+-]\d{2}(?::?\d{2})?)`,
};
const compiled = new Map<string, CompiledDateFormat>();

/** Compiles a format once; an unusable format is a mapping mistake, so it throws instead of rejecting rows. */
export function compileDateFormat(format: string): CompiledDateFormat {
  const cached = compiled.get(format);
  if (cached !== undefined) return cached;
  let pattern = '^';
  const fields: string[] = [];
  for (const [token] of format.matchAll(TOKEN)) {
    const tokenPattern = TOKEN_PATTERN[token];
    if (tokenPattern !== undefined) {
      if (fields.includes(token)) throw new Error(`normalise/date: format "${format}" repeats ${token}`);
      pattern += tokenPattern;
      fields.push(token);
    } else if (/^[A-Za-z]$/.test(token) && token !== 'T') {
      throw new Error(
        `normalise/date: format "${format}" has unknown token "${token}"; use YYYY MM M DD D HH H mm ss SSS Z (two-digit years are not supported)`,
      );
    } else pattern += token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const has = (...tokens: string[]) => tokens.some((t) => fields.includes(t));
  if (!has('YYYY') || !has('MM', 'M') || !has('DD', 'D')) {
    throw new Error(
      `normalise/date: format "${format}" needs a year (YYYY), a month (MM or M) and a day (DD or D)`,
    );
  }
  if (has('mm') && !has('HH', 'H'))
    throw new Error(`normalise/date: format "${format}" has minutes but no hour`);
  if (has('HH', 'H') && !has('mm'))
    throw new Error(`normalise/date: format "${format}" has an hour but no minutes (mm)`);
  const result = { source: format, pattern: new RegExp(`${pattern}$`), fields };
  compiled.set(format, result);
  return result;
}

function parseWithFormat(text: string, format: CompiledDateFormat): DateParts | string {
  const m = format.pattern.exec(text);
  if (m === null) return `date: "${text}" does not match format "${format.source}"`;
  const value = (...tokens: string[]): string | undefined => {
    for (const token of tokens) {
      const at = format.fields.indexOf(token);
      if (at >= 0) return m[at + 1];
    }
    return undefined;
  };
  const parts: DateParts = {
    year: Number(value('YYYY')),
    month: Number(value('MM', 'M')),
    day: Number(value('DD', 'D')),
  };
  const hour = value('HH', 'H');
  if (hour !== undefined) {
    parts.hour = Number(hour);
    parts.minute = Number(value('mm'));
    const second = value('ss');
    if (second !== undefined) parts.second = Number(second);
    const fraction = value('SSS');
    if (fraction !== undefined) parts.fraction = fraction;
  }
  const zone = value('Z');
  if (zone !== undefined) parts.zone = zone;
  return parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function formatZone(zone: string): string | undefined {
  if (zone.toUpperCase() === 'Z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return undefined;
  if (hours === 0 && minutes === 0) return 'Z';
  return `${m[1]}${pad(hours)}:${pad(minutes)}`;
}

function formatParts(
  text: string,
  p: DateParts,
  options: DateOptions,
  output: 'date' | 'datetime',
): Normalised<string> {
  const minYear = options.minYear ?? DATE_DEFAULTS.minYear;
  const maxYear = options.maxYear ?? DATE_DEFAULTS.maxYear;
  if (p.year < minYear || p.year > maxYear) {
    return invalid(
      `date: "${text}" has year ${p.year}, outside ${minYear}-${maxYear} (a typo or a placeholder?)`,
    );
  }
  if (p.month < 1 || p.month > 12) return invalid(`date: "${text}" has month ${p.month}`);
  const lastDay = daysInMonth(p.year, p.month);
  if (p.day < 1 || p.day > lastDay) {
    return invalid(`date: "${text}" has day ${p.day}, but ${p.year}-${pad(p.month)} has ${lastDay} days`);
  }
  const date = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  if (output === 'date') return ok(date);
  if (p.hour === undefined) return invalid(`date: "${text}" has no time of day; map the column as a date`);
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  if (p.hour > 23 || minute > 59 || second > 59)
    return invalid(`date: "${text}" has an impossible time of day`);
  let iso = `${date}T${pad(p.hour)}:${pad(minute)}:${pad(second)}`;
  const fraction = p.fraction?.replace(/0+$/, '');
  if (fraction) iso += `.${fraction}`;
  if (p.zone !== undefined) {
    const zone = formatZone(p.zone);
    if (zone === undefined) return invalid(`date: "${text}" has an impossible time-zone offset "${p.zone}"`);
    iso += zone;
  }
  return ok(iso);
}
