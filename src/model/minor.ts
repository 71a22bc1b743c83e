/**
 * Who is a minor: a person under 18 at the time of an event the records link to them (a journey,
 * a benefit claim, an address registration, employment, a payment, a document issue, an offence, a
 * call) or today. Birth dates come as records give them — complete ("2009-05-14"), partial
 * ("2009-05", "2009") or several that disagree — and are read conservatively for protection:
 *  - possibly a minor when SOME birth date the records allow makes the person under 18 at an event;
 *  - certainly a minor when EVERY birth date they allow does.
 * Only the earliest event matters (anyone under 18 at a later event was under 18 at the earliest):
 * the store hands over the earliest of the person's own dated links and the earliest payment or
 * call of what they hold (store/minors-cypher.ts), and each is reported so an investigator sees why.
 *
 * The same rule is written in Cypher (store/minors-cypher.ts) for the reads that must decide inside
 * a query (a minor's documents, search); the tests check both against the same cases.
 */

export const MINOR_AGE = 18;

/** What a viewer without the `minors` role reads in place of a minor's name. */
export const MINOR_PLACEHOLDER = 'Minor (details withheld)';

/** Kinds of dated fact linked to a person, as the store reports them (and `now`). */
export const MINOR_EVENT_KINDS = [
  'journey',
  'benefitClaim',
  'address',
  'employment',
  'payment',
  'call',
  'document',
  'offence',
  'now',
] as const;
export type MinorEventKind = (typeof MINOR_EVENT_KINDS)[number];

export interface DatedFact {
  kind: MinorEventKind;
  /** ISO date (or the first 10 characters of a date-time). */
  date: string;
}

export type MinorCertainty = 'certain' | 'possible';

export interface MinorAtEvent {
  kind: MinorEventKind;
  /** The fact's date; null for `now` (today's date would make every answer change daily). */
  date: string | null;
  certainty: MinorCertainty;
}

export interface MinorAssessment {
  certainty: MinorCertainty;
  /** Each kind's earliest fact at which the person was (possibly) under 18, oldest first. */
  atEvents: MinorAtEvent[];
  /** More than one distinct birth date recorded: certainty reads every one of them. */
  conflictingBirthDates: boolean;
}

const BIRTH_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const EVENT_DATE = /^\d{4}-\d{2}-\d{2}/;

/** The birth dates worth reading: ISO dates or partial dates, trimmed to the date. */
export function usableBirthDates(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const text = String(value).trim().slice(0, 10);
    if (BIRTH_DATE.test(text) && !out.includes(text)) out.push(text);
  }
  return out;
}

/** The event date moved back 18 years, as text ("2026-03-01" → "2008-03-01"). */
function minus18(event: string): string {
  const year = Number(event.slice(0, 4)) - MINOR_AGE;
  return String(year).padStart(4, '0') + event.slice(4, 10);
}

/**
 * Under 18 at `event` for a birth date of this precision? `certain` when every day the birth date
 * allows makes the person under 18, `possible` when some day does, undefined when none.
 * Under 18 on day e ⇔ born after e − 18 years; a partial date compares on its own precision.
 */
export function minorAt(birthDate: string, event: string): MinorCertainty | undefined {
  const shifted = minus18(event).slice(0, birthDate.length);
  if (birthDate.length === 10) return shifted < birthDate ? 'certain' : undefined;
  if (shifted < birthDate) return 'certain';
  return shifted === birthDate ? 'possible' : undefined;
}

/** Several birth dates: possible when any allows it, certain only when all make it certain. */
export function minorAtAll(birthDates: readonly string[], event: string): MinorCertainty | undefined {
  const each = birthDates.map((b) => minorAt(b, event));
  if (!each.some((c) => c !== undefined)) return undefined;
  return each.every((c) => c === 'certain') ? 'certain' : 'possible';
}

/** Today as an ISO date (UTC). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The assessment, or undefined when no recorded birth date makes the person under 18 at any of
 * these facts or today. `events` may hold several of a kind: each kind's earliest counts.
 */
export function assessMinor(
  birthDatesIn: readonly unknown[],
  events: readonly DatedFact[],
  now: string = today(),
): MinorAssessment | undefined {
  const birthDates = usableBirthDates(birthDatesIn);
  if (birthDates.length === 0) return undefined;
  const earliest = new Map<MinorEventKind, string>();
  for (const event of [...events, { kind: 'now' as const, date: now }]) {
    if (!EVENT_DATE.test(event.date)) continue;
    const date = event.date.slice(0, 10);
    const known = earliest.get(event.kind);
    if (known === undefined || date < known) earliest.set(event.kind, date);
  }
  const atEvents: MinorAtEvent[] = [];
  for (const [kind, date] of earliest) {
    const certainty = minorAtAll(birthDates, date);
    if (certainty) atEvents.push({ kind, date: kind === 'now' ? null : date, certainty });
  }
  if (atEvents.length === 0) return undefined;
  // Oldest first, `now` last.
  atEvents.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.kind.localeCompare(b.kind));
  return {
    certainty: atEvents.some((e) => e.certainty === 'certain') ? 'certain' : 'possible',
    atEvents,
    conflictingBirthDates: birthDates.length > 1,
  };
}

/**
 * One assessment for a person from those of the records of their identity (each a minor by its own
 * facts): certain when any is, each kind's earliest fact (certain over possible on the same day),
 * conflicting when any record's dates conflict or the records' dates differ.
 */
export function mergeAssessments(
  assessments: readonly MinorAssessment[],
  birthDates: readonly string[] = [],
): MinorAssessment | undefined {
  if (assessments.length === 0) return undefined;
  if (assessments.length === 1 && birthDates.length <= 1) return assessments[0];
  const byKind = new Map<MinorEventKind, MinorAtEvent>();
  for (const event of assessments.flatMap((a) => a.atEvents)) {
    const known = byKind.get(event.kind);
    const earlier = known === undefined || (event.date ?? '9999') < (known.date ?? '9999');
    const sameButCertain = known !== undefined && event.date === known.date && event.certainty === 'certain';
    if (earlier || sameButCertain) byKind.set(event.kind, event);
  }
  const atEvents = [...byKind.values()].sort(
    (a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.kind.localeCompare(b.kind),
  );
  return {
    certainty: assessments.some((a) => a.certainty === 'certain') ? 'certain' : 'possible',
    atEvents,
    conflictingBirthDates:
      assessments.some((a) => a.conflictingBirthDates) || usableBirthDates(birthDates).length > 1,
  };
}
