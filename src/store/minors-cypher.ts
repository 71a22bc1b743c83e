/**
 * Minors in Cypher: the facts that decide whether a person is a minor (model/minor.ts), as a
 * viewer may see them, for the need-to-know macros of store/cypher.ts. Need-to-know is a hard rule
 * here too: birth dates come from the mentions of extracts the viewer may see, event dates from
 * links and nodes the viewer may see (a structural link's date only when its first recorder is
 * visible, as REL_PROPS gives it; a node's date as a visible extract recorded it), so a GB-only
 * viewer's flag never depends on what only IE holds.
 *
 * Every variable is prefixed `mnr` and numbered by nesting depth so a fragment can sit inside
 * another (a document's holders) or inside any template without capturing its variables.
 */

export interface ScopeText {
  /** True: the full-scope form (no filtering, the stored values). */
  full: boolean;
}

/** A structural link's values are its first recorder's: read only when that recorder is visible. */
function firstRecorderVisible(r: string, s: ScopeText): string {
  return s.full ? 'true' : `${r}.extract IN $scope.extracts`;
}

/** An event (PAID, CALLED) has one recorder. */
function eventVisible(r: string, s: ScopeText): string {
  return s.full ? 'true' : `${r}.extract IN $scope.extracts`;
}

/** A structural link is visible when any of its recorders is. */
function linkVisible(r: string, s: ScopeText): string {
  return s.full
    ? 'true'
    : `(${r}.extract IN $scope.extracts OR any(mnrxe IN coalesce(${r}.extracts, []) WHERE mnrxe IN $scope.extracts))`;
}

const day = (value: string) => `left(toString(${value}), 10)`;

/** The kind model/minor.ts reports for a direct link of type `t` (a relationship type). */
const KIND_OF_TYPE =
  "CASE mnrt WHEN 'TOOK' THEN 'journey' WHEN 'CLAIMS' THEN 'benefitClaim' WHEN 'REGISTERED_AT' THEN 'address' " +
  "WHEN 'EMPLOYS' THEN 'employment' WHEN 'INVOLVED_IN' THEN 'offence' WHEN 'HAS_DOCUMENT' THEN 'document' " +
  "WHEN 'PAID' THEN 'payment' ELSE 'call' END";

/** The earliest {t, d} of a list of them (d an ISO day), or null. */
function earliestOf(list: string, d: string): string {
  return (
    `reduce(mnrlo${d} = null, mnrx${d} IN ${list} | CASE WHEN mnrx${d}.d IS NOT NULL AND ` +
    `(mnrlo${d} IS NULL OR mnrx${d}.d < mnrlo${d}.d) THEN mnrx${d} ELSE mnrlo${d} END)`
  );
}

/**
 * [{kind, date}] — person `v`'s earliest dated fact among their own links (journeys, claims,
 * registrations, employment, offences, documents) and the earliest payment or call of an account
 * or phone they hold: at most two. Only the earliest fact matters for the flag (model/minor.ts),
 * and two pattern comprehensions keep the query cheap to plan wherever the macros put it (each
 * kind on its own made a neighbourhood query take seconds to plan).
 *
 * Need-to-know: a link the viewer sees; a node's date as a visible extract recorded it (its
 * mention's `p_date`/`p_start`/`p_issued`); a structural link's date only when its first
 * recorder is visible; a payment or call recorded by a visible extract.
 */
export function minorEvents(v: string, s: ScopeText, depth = 0): string {
  const d = String(depth);
  const r = `mnrr${d}`;
  const n = `mnrn${d}`;
  const h = `mnrh${d}`;
  const p = `mnrp${d}`;
  const direct = `(${v})-[${r}:TOOK|CLAIMS|REGISTERED_AT|EMPLOYS|INVOLVED_IN|HAS_DOCUMENT]-(${n})`;
  const relDay = `CASE WHEN ${firstRecorderVisible(r, s)} THEN coalesce(${r}.at, ${r}.from) END`;
  const own = s.full
    ? `[${direct} WHERE coalesce(${r}.at, ${r}.from, ${n}.date, ${n}.start, ${n}.issued) IS NOT NULL | ` +
      `{t: type(${r}), d: ${day(`coalesce(${r}.at, ${r}.from, ${n}.date, ${n}.start, ${n}.issued)`)}}]`
    : `[${direct}<-[mnrm${d}:MENTIONS]-(mnrx${d}:Extract) WHERE mnrx${d}.id IN $scope.extracts AND ${linkVisible(r, s)} ` +
      `AND coalesce(${relDay}, mnrm${d}.p_date, mnrm${d}.p_start, mnrm${d}.p_issued) IS NOT NULL | ` +
      `{t: type(${r}), d: ${day(`coalesce(${relDay}, mnrm${d}.p_date, mnrm${d}.p_start, mnrm${d}.p_issued)`)}}]`;
  const held =
    `[(${v})-[${h}:HOLDS|HAS_PHONE]->()-[${p}:PAID|CALLED]-() WHERE ${linkVisible(h, s)} AND ${eventVisible(p, s)} ` +
    `AND ${p}.at IS NOT NULL | {t: type(${p}), d: ${day(`${p}.at`)}}]`;
  return (
    `[mnrt${d} IN [${earliestOf(own, `a${d}`)}, ${earliestOf(held, `b${d}`)}] WHERE mnrt${d} IS NOT NULL | ` +
    `{kind: ${KIND_OF_TYPE.replaceAll('mnrt', `mnrt${d}.t`)}, date: mnrt${d}.d}]`
  );
}

/** Person `v`'s birth dates as the viewer's extracts recorded them (every one: they may disagree). */
export function minorBirthDates(v: string, s: ScopeText, depth = 0): string {
  const d = String(depth);
  const own = s.full ? ` + CASE WHEN ${v}.birthDate IS NULL THEN [] ELSE [${day(`${v}.birthDate`)}] END` : '';
  const where = s.full ? '' : ` AND mnrbx${d}.id IN $scope.extracts`;
  return (
    `[mnrb${d} IN [(mnrbx${d}:Extract)-[mnrbm${d}:MENTIONS]->(${v}) ` +
    `WHERE mnrbm${d}.p_birthDate IS NOT NULL${where} | ${day(`mnrbm${d}.p_birthDate`)}]${own} ` +
    // A day, a month or a year: the shapes model/minor.ts reads (the pattern is Cypher text, not a value).
    `WHERE mnrb${d} =~ '\\\\d{4}(-\\\\d{2}(-\\\\d{2})?)?']`
  );
}

/**
 * The facts plainProps (read/facts.ts) decides on, for a Person: the birth dates and each kind's
 * earliest event, and whether the viewer holds the `minors` role. The events are only read when
 * there is a birth date (no birth date, no flag).
 */
export function minorFacts(v: string, s: ScopeText): string {
  return (
    `CASE WHEN ${v}:Person THEN head([mnrbs IN [${minorBirthDates(v, s)}] | ` +
    `{entitled: coalesce($scope.minors, false), birthDates: mnrbs, ` +
    `events: CASE WHEN size(mnrbs) = 0 THEN [] ELSE ${minorEvents(v, s)} END}]) END`
  );
}

/** Under 18 at `e` for some day birth date `b` allows (model/minor.ts minorAt, possible or certain). */
function possibleAt(b: string, e: string): string {
  const shifted = `(toString(toInteger(left(${e}, 4)) - 18) + substring(${e}, 4, 6))`;
  return `(CASE WHEN size(${b}) = 10 THEN ${shifted} < ${b} ELSE left(${shifted}, size(${b})) <= ${b} END)`;
}

/**
 * True when person `v` is possibly a minor by the facts the viewer may see: some birth date makes
 * them under 18 at their earliest visible event or today.
 */
export function possibleMinor(v: string, s: ScopeText, depth = 0): string {
  const d = String(depth);
  const earliest =
    `reduce(mnrmin${d} = toString(date()), mnrev${d} IN ${minorEvents(v, s, depth)} | ` +
    `CASE WHEN mnrev${d}.date < mnrmin${d} THEN mnrev${d}.date ELSE mnrmin${d} END)`;
  return (
    `any(mnrbl${d} IN [${minorBirthDates(v, s, depth)}] WHERE size(mnrbl${d}) > 0 AND ` +
    `any(mnrat${d} IN [${earliest}] WHERE any(mnrbd${d} IN mnrbl${d} WHERE ${possibleAt(`mnrbd${d}`, `mnrat${d}`)})))`
  );
}

/**
 * A minor's details are withheld from this viewer (who does not hold the `minors` role): `v` is a
 * Person, possibly a minor, or a minor's identity document.
 */
export function withheldMinor(v: string, s: ScopeText): string {
  return (
    `((NOT coalesce($scope.minors, false) AND ${v}:Person AND ${possibleMinor(v, s, 1)}) ` +
    `OR ${hiddenMinorDocument(v, s)})`
  );
}

/**
 * An identity document is a minor's when a holder the viewer sees is possibly a minor: hidden from
 * a viewer without the role, because its number is its id. (A document has one holder; should
 * records give it an adult holder too, protecting the child wins.)
 */
export function hiddenMinorDocument(v: string, s: ScopeText): string {
  return (
    `(CASE WHEN ${v}:IdentityDocument AND NOT coalesce($scope.minors, false) ` +
    `THEN any(mnrdh IN [(mnrdp:Person)-[mnrdr:HAS_DOCUMENT]->(${v}) WHERE ${linkVisible('mnrdr', s)} | mnrdp] ` +
    `WHERE ${possibleMinor('mnrdh', s, 2)}) ELSE false END)`
  );
}
