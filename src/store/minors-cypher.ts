/**
 * Minors in Cypher: the facts that decide whether a person is a minor (model/minor.ts), as a
 * viewer may see them, for the need-to-know macros of store/cypher.ts. Need-to-know is a hard rule
 * here too: birth dates come from the mentions of extracts the viewer may see, event dates from
 * links and nodes the viewer may see (a structural link's date only when its first recorder is
 * visible, as REL_PROPS gives it; a node's date as a visible extract recorded it), so a GB-only
 * viewer's flag never depends on what only IE holds. The facts are stored on the person with the
 * extracts each needs (store/minor-facts.ts), so the rule here filters lists of properties: it
 * used to walk every dated link in every read, and the first run of each query spent seconds
 * planning that.
 *
 * Every variable is prefixed `mnr` and numbered by nesting depth so a fragment can sit inside
 * another (a document's holders) or inside any template without capturing its variables.
 */

/**
 * The properties store/minor-facts.ts writes on a Person: the rule's evidence with the extracts
 * each piece needs (read/facts.ts keeps them out of every answer).
 */
export const MINOR_FACT_KEYS = [
  'mnr_seenBy',
  'mnr_birth',
  'mnr_birthBy',
  'mnr_until',
  'mnr_evDate',
  'mnr_evKind',
  'mnr_evA',
  'mnr_evB',
  'mnr_ifBy',
  'mnr_ifA',
  'mnr_ifB',
  'mnr_hCount',
  'mnr_hOf',
  'mnr_hRec',
  'mnr_tOf',
  'mnr_tBy',
  'mnr_tA',
  'mnr_tB',
  'mnr_uOf',
  'mnr_uBy',
  'mnr_uUntil',
] as const;

export interface ScopeText {
  /** True: the full-scope form (no filtering, the stored values). */
  full: boolean;
}

/**
 * [{kind, date}] — person `v`'s dated facts as the viewer may see them: the evidence stored on the
 * person (store/minor-facts.ts), each entry counting when the viewer sees both its extracts. A list
 * expression over the person's own properties: nothing to plan. For the flag's explanation only:
 * the decision reads minorRecord.
 */
export function minorEvents(v: string, s: ScopeText, depth = 0): string {
  const i = `mnri${depth}`;
  const counts = s.full
    ? 'true'
    : `${v}.mnr_evA[${i}] IN $scope.extracts AND ${v}.mnr_evB[${i}] IN $scope.extracts`;
  return (
    `[${i} IN range(0, size(coalesce(${v}.mnr_evDate, [])) - 1) WHERE ${counts} | ` +
    `{kind: ${v}.mnr_evKind[${i}], date: ${v}.mnr_evDate[${i}]}]`
  );
}

/** Person `v`'s birth dates as the viewer's extracts recorded them (every one: they may disagree). */
export function minorBirthDates(v: string, s: ScopeText, depth = 0): string {
  if (s.full) return `coalesce(${v}.mnr_birth, [])`;
  const i = `mnrb${depth}`;
  return (
    `[${i} IN range(0, size(coalesce(${v}.mnr_birth, [])) - 1) ` +
    `WHERE ${v}.mnr_birthBy[${i}] IN $scope.extracts | ${v}.mnr_birth[${i}]]`
  );
}

/**
 * True when record `v` alone is possibly a minor by the facts the viewer may see: a birth date they
 * see makes the person under 18 today (before its stored `mnr_until`), or one of the stored terms
 * holds — a birth date and a dated fact that together make them under 18 then, whose extracts the
 * viewer sees (store/minor-facts.ts). Possible at some visible fact ⇔ possible at the earliest.
 */
export function minorRecord(v: string, s: ScopeText, depth = 0): string {
  const i = `mnru${depth}`;
  const t = `mnrt${depth}`;
  const today = 'toString(date())';
  if (s.full) {
    return `(size(coalesce(${v}.mnr_ifA, [])) > 0 OR any(${i} IN coalesce(${v}.mnr_until, []) WHERE ${i} > ${today}))`;
  }
  return (
    `(any(${i} IN range(0, size(coalesce(${v}.mnr_until, [])) - 1) WHERE ${v}.mnr_until[${i}] > ${today} ` +
    `AND ${v}.mnr_birthBy[${i}] IN $scope.extracts) OR any(${t} IN range(0, size(coalesce(${v}.mnr_ifA, [])) - 1) ` +
    `WHERE ${v}.mnr_ifBy[${t}] IN $scope.extracts AND ${v}.mnr_ifA[${t}] IN $scope.extracts ` +
    `AND ${v}.mnr_ifB[${t}] IN $scope.extracts))`
  );
}

/**
 * How far a person's identity is followed for the flag: SAME_AS links, as read/identities.ts joins
 * records. A bound keeps the pattern's paths few in a large cluster (a group of more than a handful
 * of records is a resolution error to review, not one child).
 */
export const MINOR_IDENTITY_HOPS = 3;

/**
 * Person `v` and the other records of its identity the viewer may know: reached over SAME_AS links
 * whose every record the viewer sees (an extract of theirs mentions it) and whose `jurisdictions`
 * the viewer holds (read/identities.ts, record-scope.ts coveredBy). The minors rule reads all their
 * facts as one person's: a birth date on one record dates the events of every other.
 */
function identityRecords(v: string, s: ScopeText, depth: number): string {
  const d = String(depth);
  const path = `mnrpath${d}`;
  const others = `(${v})-[:SAME_AS*1..${MINOR_IDENTITY_HOPS}]-(mnro${d}:Person)`;
  if (s.full) return `[${v}] + [${path} = ${others} | mnro${d}]`;
  const covered =
    `(coalesce($scope.everyJurisdiction, false) OR (size(coalesce(mnrs${d}.jurisdictions, [])) > 0 ` +
    `AND NOT '*' IN mnrs${d}.jurisdictions AND all(mnrj${d} IN mnrs${d}.jurisdictions WHERE mnrj${d} IN $scope.jurisdictions)))`;
  // The record's mentioning extracts as stored with its facts (store/minor-facts.ts): no subquery.
  const seen = `any(mnrsx${d} IN coalesce(mnrq${d}.mnr_seenBy, []) WHERE mnrsx${d} IN $scope.extracts)`;
  return (
    `[${v}] + [${path} = ${others} WHERE all(mnrs${d} IN relationships(${path}) WHERE ${covered}) ` +
    `AND all(mnrq${d} IN nodes(${path})[1..] WHERE ${seen}) | mnro${d}]`
  );
}

/**
 * The facts plainProps (read/facts.ts) decides on, for a Person: each record of its identity the
 * viewer may know that is possibly a minor, with its birth dates and dated facts (the
 * explanation), and whether the viewer holds the `minors` role.
 */
export function minorFacts(v: string, s: ScopeText): string {
  return (
    `CASE WHEN ${v}:Person THEN {entitled: coalesce($scope.minors, false), records: ` +
    `[mnrr IN ${identityRecords(v, s, 0)} WHERE ${minorRecord('mnrr', s, 0)} | ` +
    `{birthDates: ${minorBirthDates('mnrr', s, 0)}, events: ${minorEvents('mnrr', s, 0)}}]} END`
  );
}

/**
 * True when person `v` is possibly a minor by the facts the viewer may see of some record of its
 * identity.
 */
export function possibleMinor(v: string, s: ScopeText, depth = 0): string {
  return `any(mnrr${depth} IN ${identityRecords(v, s, depth)} WHERE ${minorRecord(`mnrr${depth}`, s, depth)})`;
}

/**
 * A minor's details are withheld from this viewer (who does not hold the `minors` role): `v` is a
 * Person, possibly a minor, or an identifier only a minor holds.
 */
export function withheldMinor(v: string, s: ScopeText): string {
  return (
    `((NOT coalesce($scope.minors, false) AND ${v}:Person AND ${possibleMinor(v, s, 1)}) ` +
    `OR ${hiddenMinorIdentifier(v, s)})`
  );
}

/** Labels whose nodes identify their holder: withheld when they are a minor's (hiddenMinorIdentifier). */
export const MINOR_IDENTIFIER_LABELS = ['IdentityDocument', 'Phone', 'Email', 'Account'] as const;

/**
 * An identifier that would say who a child is, hidden from a viewer without the role (as the child's
 * name is): an identity document one of whose holders the viewer sees is possibly a minor (its
 * number is its id; should records give it an adult holder too, protecting the child wins), and a
 * phone, e-mail address or account whose every holder the viewer sees is possibly a minor — the
 * child's own. One an adult or an organisation holds too (a parent's phone, the account that pays
 * the child's travel) stays: that is where the child touches the network, what a referral needs.
 * Decided from the holders' facts stored on the identifier (store/minor-facts.ts): a holder is
 * seen when the viewer sees a recorder of its holding link, and a minor by its own records' terms.
 */
export function hiddenMinorIdentifier(v: string, s: ScopeText): string {
  const j = 'mnrj';
  const inScope = (list: string, i: string) => (s.full ? 'true' : `${v}.${list}[${i}] IN $scope.extracts`);
  const seen = s.full
    ? 'true'
    : `any(mnrx IN range(0, size(${v}.mnr_hOf) - 1) WHERE ${v}.mnr_hOf[mnrx] = ${j} AND ${inScope('mnr_hRec', 'mnrx')})`;
  const minor =
    `(any(mnrt IN range(0, size(coalesce(${v}.mnr_tOf, [])) - 1) WHERE ${v}.mnr_tOf[mnrt] = ${j} ` +
    `AND ${inScope('mnr_tBy', 'mnrt')} AND ${inScope('mnr_tA', 'mnrt')} AND ${inScope('mnr_tB', 'mnrt')}) ` +
    `OR any(mnru IN range(0, size(coalesce(${v}.mnr_uOf, [])) - 1) WHERE ${v}.mnr_uOf[mnru] = ${j} ` +
    `AND ${inScope('mnr_uBy', 'mnru')} AND ${v}.mnr_uUntil[mnru] > toString(date())))`;
  const holders = `range(0, coalesce(${v}.mnr_hCount, 0) - 1)`;
  return (
    `(${v}.mnr_hCount IS NOT NULL AND NOT coalesce($scope.minors, false) AND CASE WHEN ${v}:IdentityDocument ` +
    `THEN any(${j} IN ${holders} WHERE ${seen} AND ${minor}) ` +
    `ELSE any(${j} IN ${holders} WHERE ${seen}) AND all(${j} IN ${holders} WHERE NOT (${seen}) OR ${minor}) END)`
  );
}
