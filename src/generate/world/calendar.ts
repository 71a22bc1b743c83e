/** Dates as day numbers (days since 1970-01-01, UTC) and the formats sources write them in. */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * ISO strings of the days 1900-01-01 .. 2099-12-31 (birth dates to period ends), built on first use
 * and indexed by day number: a row's dates are looked up, not formatted, and an array index is
 * cheaper than the Map this replaced. Days outside the window are formatted each time.
 */
const FIRST_CACHED_DAY = -25_567;
const CACHED_DAYS = 73_049;
const isoByDay: (string | undefined)[] = new Array(CACHED_DAYS).fill(undefined);

function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function dayToIso(day: number): string {
  const slot = day - FIRST_CACHED_DAY;
  if (slot < 0 || slot >= CACHED_DAYS || !Number.isInteger(day)) return formatDay(day);
  let cached = isoByDay[slot];
  if (cached === undefined) {
    cached = formatDay(day);
    isoByDay[slot] = cached;
  }
  return cached;
}

const dayCache = new Map<string, number>();

export function isoToDay(iso: string): number {
  const cached = dayCache.get(iso);
  if (cached !== undefined) return cached;
  const day = Math.floor(
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000,
  );
  if (dayCache.size < 100_000) dayCache.set(iso, day);
  return day;
}

export function addDays(iso: string, days: number): string {
  return dayToIso(isoToDay(iso) + days);
}

/** `05/03/2024` */
export function dmySlash(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** `05-03-2024` */
export function dmyDash(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** `20240305` */
export function ymdCompact(iso: string): string {
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}

/** `05-MAR-2024` */
export function dMonY(iso: string): string {
  return `${iso.slice(8, 10)}-${MONTHS[Number(iso.slice(5, 7)) - 1]}-${iso.slice(0, 4)}`;
}

/** `HH:MM:SS` from seconds since midnight. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.min(86_399, Math.floor(seconds)));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec < 10 ? '0' : ''}${sec}`;
}

/** Age in whole years on a date. */
export function ageOn(birthIso: string, onIso: string): number {
  const years = Number(onIso.slice(0, 4)) - Number(birthIso.slice(0, 4));
  return onIso.slice(5) < birthIso.slice(5) ? years - 1 : years;
}

export interface Period {
  start: string;
  months: number;
  /** First day of each month in the period, and the day after the period. */
  monthStarts: string[];
  /** `monthStarts` as day numbers (random days within a month are drawn on every row). */
  monthStartDays: number[];
  end: string;
  startDay: number;
  endDay: number;
}

export function makePeriod(start: string, months: number): Period {
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7)) - 1;
  const monthStarts: string[] = [];
  for (let m = 0; m <= months; m++) {
    monthStarts.push(new Date(Date.UTC(year, month + m, 1)).toISOString().slice(0, 10));
  }
  const end = monthStarts[months]!;
  return {
    start,
    months,
    monthStarts,
    monthStartDays: monthStarts.map(isoToDay),
    end,
    startDay: isoToDay(start),
    endDay: isoToDay(end),
  };
}
