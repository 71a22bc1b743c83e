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

const BIRTH_DATE_PATTERN = "'\\\\d{4}(-\\\\d{2}(-\\\\d{2})?)?'";

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

/**
 * The earliest day of `value` over the matches of `pattern`: a pattern comprehension folded with
 * reduce. Not a COLLECT subquery with min(): Cypher refuses an aggregation in a subquery inside a
 * list expression, and each subquery costs the planner far more than a comprehension.
 */
function earliest(pattern: string, where: string, value: string): string {
  return (
    `reduce(mnrlo = null, mnrd IN [${pattern} WHERE ${where} | ${day(value)}] | ` +
    'CASE WHEN mnrlo IS NULL OR mnrd < mnrlo THEN mnrd ELSE mnrlo END)'
  );
}

/** The earliest value of node property `key` of `n` (matched by `pattern`), as the viewer sees it. */
function nodeDate(pattern: string, n: string, r: string, key: string, s: ScopeText, d: string): string {
  if (s.full) {
    return earliest(pattern, `${n}.${key} IS NOT NULL`, `${n}.${key}`);
  }
  return earliest(
    `${pattern}<-[mnrm${d}:MENTIONS]-(mnrx${d}:Extract)`,
    `${linkVisible(r, s)} AND mnrx${d}.id IN $scope.extracts AND mnrm${d}.p_${key} IS NOT NULL`,
    `mnrm${d}.p_${key}`,
  );
}

/** The earliest value of relationship property `key` (a structural link's: first recorder visible). */
function relDate(pattern: string, r: string, key: string, visible: string): string {
  return earliest(pattern, `${visible} AND ${r}.${key} IS NOT NULL`, `${r}.${key}`);
}

/** [{kind, date}] — each kind's earliest dated fact linked to person `v` (kinds of model/minor.ts). */
export function minorEvents(v: string, s: ScopeText, depth = 0): string {
  const d = String(depth);
  const n = `mnrn${d}`;
  const r = `mnrr${d}`;
  const h = `mnrh${d}`;
  const p = `mnrp${d}`;
  const kinds: [string, string][] = [
    ['journey', nodeDate(`(${v})-[${r}:TOOK]->(${n}:Journey)`, n, r, 'date', s, d)],
    ['benefitClaim', nodeDate(`(${v})-[${r}:CLAIMS]->(${n}:BenefitClaim)`, n, r, 'start', s, d)],
    ['document', nodeDate(`(${v})-[${r}:HAS_DOCUMENT]->(${n}:IdentityDocument)`, n, r, 'issued', s, d)],
    ['offence', nodeDate(`(${v})-[${r}:INVOLVED_IN]->(${n}:Offence)`, n, r, 'date', s, d)],
    ['address', relDate(`(${v})-[${r}:REGISTERED_AT]->()`, r, 'from', firstRecorderVisible(r, s))],
    ['employment', relDate(`(${v})<-[${r}:EMPLOYS]-()`, r, 'from', firstRecorderVisible(r, s))],
    [
      'payment',
      relDate(
        `(${v})-[${h}:HOLDS]->(:Account)-[${p}:PAID]-()`,
        p,
        'at',
        `${linkVisible(h, s)} AND ${eventVisible(p, s)}`,
      ),
    ],
    [
      'call',
      relDate(
        `(${v})-[${h}:HAS_PHONE]->(:Phone)-[${p}:CALLED]-()`,
        p,
        'at',
        `${linkVisible(h, s)} AND ${eventVisible(p, s)}`,
      ),
    ],
  ];
  return `[mnre${d} IN [${kinds.map(([kind, date]) => `{kind: '${kind}', date: ${date}}`).join(', ')}] WHERE mnre${d}.date IS NOT NULL]`;
}

/** Person `v`'s birth dates as the viewer's extracts recorded them (every one: they may disagree). */
export function minorBirthDates(v: string, s: ScopeText, depth = 0): string {
  const d = String(depth);
  const own = s.full ? ` + CASE WHEN ${v}.birthDate IS NULL THEN [] ELSE [${day(`${v}.birthDate`)}] END` : '';
  const where = s.full ? '' : ` AND mnrbx${d}.id IN $scope.extracts`;
  return (
    `[mnrb${d} IN [(mnrbx${d}:Extract)-[mnrbm${d}:MENTIONS]->(${v}) ` +
    `WHERE mnrbm${d}.p_birthDate IS NOT NULL${where} | ${day(`mnrbm${d}.p_birthDate`)}]${own} ` +
    `WHERE mnrb${d} =~ ${BIRTH_DATE_PATTERN}]`
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
 * An identity document is a minor's when it has holders the viewer sees and every one is possibly
 * a minor: hidden from a viewer without the role, because its number is its id.
 */
export function hiddenMinorDocument(v: string, s: ScopeText): string {
  const holders = `(mnrdh:Person)-[mnrdr:HAS_DOCUMENT]->(${v})`;
  return (
    `(NOT coalesce($scope.minors, false) AND ${v}:IdentityDocument ` +
    `AND EXISTS { MATCH ${holders} WHERE ${linkVisible('mnrdr', s)} } ` +
    `AND NOT EXISTS { MATCH ${holders} WHERE ${linkVisible('mnrdr', s)} AND NOT ${possibleMinor('mnrdh', s, 2)} })`
  );
}
