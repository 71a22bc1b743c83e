/**
 * The minors rule's facts, stored when they are written (issue #18 item 3): what decides whether a
 * person is a minor (model/minor.ts) used to be recomputed inside every read of a person — over
 * every dated link, payment and call, as the viewer may see them — and Neo4j spent seconds planning
 * that the first time each query ran. Now each person with a recorded birth date carries, as lists
 * of properties, every piece of evidence with the extracts a viewer must see for it to count, and
 * the read rule (store/minors-cypher.ts) only filters those lists by the viewer's extracts.
 *
 * Stored on the Person (parallel lists, MINOR_FACT_KEYS; never returned as properties:
 * read/facts.ts drops them):
 * - `mnr_birth[i]` a birth date as extract `mnr_birthBy[i]` recorded it (its mention's
 *   `p_birthDate`); `''` for the node's own value, which only a viewer of everything reads.
 * - `mnr_evDate[i]`, `mnr_evKind[i]`: the earliest dated fact of one kind that counts for a viewer
 *   who sees extract `mnr_evA[i]` AND extract `mnr_evB[i]` and NOT extract `mnr_evUnless[i]`
 *   (`''`: no such condition). The conditions are those of the read rule before this change:
 *   - a link's own date (`REGISTERED_AT.from`, …): its first recorder (A) and an extract that
 *     mentions the other end (B);
 *   - the other end's date (a journey's, a claim's start, a document's issue) as extract A
 *     recorded it, when the viewer sees the link through recorder B; when the link has a date of
 *     its own, only for a viewer who does not see the link's first recorder (`unless`), who reads
 *     the link's date instead;
 *   - a payment or call of an account or phone the person holds: a recorder of the HOLDS/HAS_PHONE
 *     (A) and the payment's extract (B).
 *   Per (kind, A, B, unless) only the earliest date is kept: only the earliest fact matters.
 *
 * Kept exact by recomputing, never by patching (as store/flow-summary.ts does for money):
 * - an online load refreshes, before its extract is complete, every person the extract mentions or
 *   that is one link from a node it mentions (a journey, an address, an account it paid from):
 *   `refreshMinorFactsOfExtract`, called by ingest/load.ts;
 * - anything else that writes or deletes such facts (the bulk loader's import: migration 013; a
 *   deleted extract; hand-built test graphs): `refreshMinorFacts()` for every person, or some.
 * Until an extract is complete no read sees its data, and the read rule drops the evidence of
 * extracts the viewer may not read, so a refresh that runs while another load is part-way is safe.
 */
import { executeAutoCommit } from './run.ts';

export { MINOR_FACT_KEYS } from './minors-cypher.ts';

/**
 * The kind model/minor.ts reports for each dated link of a person (TOOK|CLAIMS|REGISTERED_AT|
 * EMPLOYS|INVOLVED_IN|HAS_DOCUMENT, written out in each statement: no type is spliced into Cypher)
 * and for the payments and calls of what they hold.
 */
const KIND =
  "CASE t WHEN 'TOOK' THEN 'journey' WHEN 'CLAIMS' THEN 'benefitClaim' WHEN 'REGISTERED_AT' THEN 'address' " +
  "WHEN 'EMPLOYS' THEN 'employment' WHEN 'INVOLVED_IN' THEN 'offence' WHEN 'HAS_DOCUMENT' THEN 'document' " +
  "WHEN 'PAID' THEN 'payment' ELSE 'call' END";

/**
 * The first day on which a person born on `b.d` (a day, a month or a year, as recorded) is no
 * longer even possibly under 18 (model/minor.ts minorAt): born 2009-05-14 → 2027-05-14; born in
 * May 2009 → 2027-06-01; born in 2009 → 2028-01-01. Under 18 at a day e ⇔ e < until, as text.
 */
const YEAR = (plus: number) => `right('000' + toString(toInteger(left(b.d, 4)) + ${plus}), 4)`;
export const UNTIL =
  `CASE size(b.d) WHEN 10 THEN ${YEAR(18)} + substring(b.d, 4) ` +
  `WHEN 7 THEN CASE WHEN toInteger(substring(b.d, 5, 2)) >= 12 THEN ${YEAR(19)} + '-01-01' ` +
  `ELSE ${YEAR(18)} + '-' + right('0' + toString(toInteger(substring(b.d, 5, 2)) + 1), 2) + '-01' END ` +
  `ELSE ${YEAR(19)} + '-01-01' END`;

/**
 * One person's facts, recomputed: the body of a `CALL (v) { … }`. Written once here and, word for word, in
 * cypher/schema/013_minor_facts.cypher (test/unit/store/minor-facts.test.ts checks they agree).
 */
export const REFRESH_PERSON = `
  WITH v, [b IN COLLECT { MATCH (x:Extract)-[m:MENTIONS]->(v) WHERE m.p_birthDate IS NOT NULL
        RETURN {d: left(toString(m.p_birthDate), 10), by: x.id} AS b ORDER BY x.id }
      + CASE WHEN v.birthDate IS NULL THEN [] ELSE [{d: left(toString(v.birthDate), 10), by: ''}] END
      WHERE b.d =~ '\\d{4}(-\\d{2}(-\\d{2})?)?'] AS found
  WITH v, [b IN found | b {.*, until: ${UNTIL}}] AS births,
    COLLECT { MATCH (x:Extract)-[:MENTIONS]->(v) RETURN DISTINCT x.id ORDER BY x.id } AS seenBy
  WITH v, births, seenBy, CASE WHEN size(births) = 0 THEN [] ELSE COLLECT {
    CALL (v) {
      MATCH (v)-[r:TOOK|CLAIMS|REGISTERED_AT|EMPLOYS|INVOLVED_IN|HAS_DOCUMENT]-(n)<-[:MENTIONS]-(x:Extract)
      WHERE coalesce(r.at, r.from) IS NOT NULL AND r.extract IS NOT NULL
      RETURN type(r) AS t, left(toString(coalesce(r.at, r.from)), 10) AS d, r.extract AS a, x.id AS b
      UNION ALL
      MATCH (v)-[r:TOOK|CLAIMS|REGISTERED_AT|EMPLOYS|INVOLVED_IN|HAS_DOCUMENT]-(n)<-[m:MENTIONS]-(x:Extract)
      WHERE coalesce(m.p_date, m.p_start, m.p_issued) IS NOT NULL
      UNWIND [e IN [r.extract] + coalesce(r.extracts, []) WHERE e IS NOT NULL] AS e
      RETURN type(r) AS t, left(toString(coalesce(m.p_date, m.p_start, m.p_issued)), 10) AS d, x.id AS a, e AS b
      UNION ALL
      MATCH (v)-[h:HOLDS|HAS_PHONE]->()-[p:PAID|CALLED]-()
      WHERE p.at IS NOT NULL AND p.extract IS NOT NULL
      WITH type(p) AS t, h, p.extract AS b, min(left(toString(p.at), 10)) AS d
      UNWIND [e IN [h.extract] + coalesce(h.extracts, []) WHERE e IS NOT NULL] AS a
      RETURN t, d, a, b
    }
    WITH t, a, b, min(d) AS d WHERE d =~ '\\d{4}-\\d{2}-\\d{2}'
    RETURN {kind: ${KIND}, d: d, a: a, b: b} AS ev ORDER BY d, t, a, b
  } END AS events
  WITH v, births, seenBy, events, COLLECT {
    UNWIND births AS b UNWIND events AS e
    WITH b, e WHERE e.d < b.until
    RETURN DISTINCT {by: b.by, a: e.a, b: e.b} AS term ORDER BY term.by, term.a, term.b
  } AS terms
  SET v.mnr_seenBy = seenBy,
    v.mnr_birth = CASE WHEN size(births) = 0 THEN null ELSE [b IN births | b.d] END,
    v.mnr_birthBy = CASE WHEN size(births) = 0 THEN null ELSE [b IN births | b.by] END,
    v.mnr_until = CASE WHEN size(births) = 0 THEN null ELSE [b IN births | b.until] END,
    v.mnr_evDate = CASE WHEN size(births) = 0 THEN null ELSE [e IN events | e.d] END,
    v.mnr_evKind = CASE WHEN size(births) = 0 THEN null ELSE [e IN events | e.kind] END,
    v.mnr_evA = CASE WHEN size(births) = 0 THEN null ELSE [e IN events | e.a] END,
    v.mnr_evB = CASE WHEN size(births) = 0 THEN null ELSE [e IN events | e.b] END,
    v.mnr_ifBy = CASE WHEN size(terms) = 0 THEN null ELSE [t IN terms | t.by] END,
    v.mnr_ifA = CASE WHEN size(terms) = 0 THEN null ELSE [t IN terms | t.a] END,
    v.mnr_ifB = CASE WHEN size(terms) = 0 THEN null ELSE [t IN terms | t.b] END`;

/**
 * One identifier's facts (a document, phone, e-mail address or account: `k` bound), from its
 * holders' (refreshed first): per holder, the extracts that recorded the holding link and the
 * holder's terms, so the read rule decides whether the viewer sees only a minor holding it
 * without a pattern to plan. Stored only when some holder has a birth date (else nothing to hide).
 */
export const REFRESH_IDENTIFIER = `
  WITH k, COLLECT { MATCH (h)-[:HAS_DOCUMENT|HOLDS|HAS_PHONE|HAS_EMAIL]->(k) RETURN DISTINCT h ORDER BY h.id } AS found
  WITH k, CASE WHEN any(h IN found WHERE h:Person AND h.mnr_birth IS NOT NULL) THEN found ELSE [] END AS hs
  WITH k, hs,
    COLLECT { UNWIND range(0, size(hs) - 1) AS j WITH j, hs[j] AS h MATCH (h)-[r:HAS_DOCUMENT|HOLDS|HAS_PHONE|HAS_EMAIL]->(k)
      UNWIND [e IN [r.extract] + coalesce(r.extracts, []) WHERE e IS NOT NULL] AS e
      RETURN DISTINCT {of: j, rec: e} AS x ORDER BY x.of, x.rec } AS links,
    COLLECT { UNWIND range(0, size(hs) - 1) AS j WITH j, hs[j] AS h WHERE h:Person
      UNWIND range(0, size(coalesce(h.mnr_ifA, [])) - 1) AS t
      RETURN {of: j, by: h.mnr_ifBy[t], a: h.mnr_ifA[t], b: h.mnr_ifB[t]} AS x } AS terms,
    COLLECT { UNWIND range(0, size(hs) - 1) AS j WITH j, hs[j] AS h WHERE h:Person
      UNWIND range(0, size(coalesce(h.mnr_until, [])) - 1) AS u
      RETURN {of: j, by: h.mnr_birthBy[u], until: h.mnr_until[u]} AS x } AS untils
  SET k.mnr_hCount = CASE WHEN size(hs) = 0 THEN null ELSE size(hs) END,
    k.mnr_hOf = CASE WHEN size(hs) = 0 THEN null ELSE [x IN links | x.of] END,
    k.mnr_hRec = CASE WHEN size(hs) = 0 THEN null ELSE [x IN links | x.rec] END,
    k.mnr_tOf = CASE WHEN size(terms) = 0 THEN null ELSE [x IN terms | x.of] END,
    k.mnr_tBy = CASE WHEN size(terms) = 0 THEN null ELSE [x IN terms | x.by] END,
    k.mnr_tA = CASE WHEN size(terms) = 0 THEN null ELSE [x IN terms | x.a] END,
    k.mnr_tB = CASE WHEN size(terms) = 0 THEN null ELSE [x IN terms | x.b] END,
    k.mnr_uOf = CASE WHEN size(untils) = 0 THEN null ELSE [x IN untils | x.of] END,
    k.mnr_uBy = CASE WHEN size(untils) = 0 THEN null ELSE [x IN untils | x.by] END,
    k.mnr_uUntil = CASE WHEN size(untils) = 0 THEN null ELSE [x IN untils | x.until] END`;

const IDENTIFIER = '(k:IdentityDocument OR k:Phone OR k:Email OR k:Account)';

/**
 * Every person (or those of `$ids`), then every identifier (or those they hold), 200 per
 * transaction. Migration 013 is `refreshStatements(true)`.
 */
export function refreshStatements(all: boolean): string[] {
  const persons = all ? 'true' : '$ids IS NULL OR v.id IN $ids';
  const identifiers = all
    ? 'true'
    : `($ids IS NULL OR EXISTS { MATCH (v:Person)-[:HAS_DOCUMENT|HOLDS|HAS_PHONE|HAS_EMAIL]->(k) WHERE v.id IN $ids })`;
  return [
    `MATCH (v:Person) WHERE ${persons}\nCALL (v) { ${REFRESH_PERSON} } IN TRANSACTIONS OF 200 ROWS`,
    `MATCH (k) WHERE ${IDENTIFIER} AND ${identifiers}\nCALL (k) { ${REFRESH_IDENTIFIER} } IN TRANSACTIONS OF 200 ROWS`,
  ];
}

const REFRESH = refreshStatements(false);

/**
 * The persons an extract's facts may change: those it mentions, and those one link from a node it
 * mentions (the journey they took, the address they are registered at, the account they hold and
 * it recorded a payment of); then the identifiers it mentions or those persons hold.
 */
const REFRESH_OF_EXTRACT = [
  `MATCH (:Extract {id: $extract})-[:MENTIONS]->(n)
CALL (n) {
  WITH n AS v WHERE v:Person RETURN v
  UNION
  MATCH (n)-[:TOOK|CLAIMS|REGISTERED_AT|EMPLOYS|INVOLVED_IN|HAS_DOCUMENT|HOLDS|HAS_PHONE]-(v:Person) RETURN v
}
WITH DISTINCT v
CALL (v) { ${REFRESH_PERSON} } IN TRANSACTIONS OF 200 ROWS`,
  `MATCH (:Extract {id: $extract})-[:MENTIONS]->(n)
CALL (n) {
  WITH n AS k WHERE ${IDENTIFIER} RETURN k
  UNION
  MATCH (n)-[:TOOK|CLAIMS|REGISTERED_AT|EMPLOYS|INVOLVED_IN|HAS_DOCUMENT|HOLDS|HAS_PHONE]-(:Person)-[:HAS_DOCUMENT|HOLDS|HAS_PHONE|HAS_EMAIL]->(k) RETURN k
  UNION
  MATCH (n:Person)-[:HAS_DOCUMENT|HOLDS|HAS_PHONE|HAS_EMAIL]->(k) RETURN k
}
WITH DISTINCT k
// Only identifiers with something to write: a holder with a birth date, or facts stored before
// (mnr_hCount is set whenever any are). The rest would be set to null again — a million
// counterparty accounts of one bank statement took over 18 minutes of write transactions.
WHERE k.mnr_hCount IS NOT NULL
  OR EXISTS { MATCH (h:Person)-[:HAS_DOCUMENT|HOLDS|HAS_PHONE|HAS_EMAIL]->(k) WHERE h.mnr_birth IS NOT NULL }
CALL (k) { ${REFRESH_IDENTIFIER} } IN TRANSACTIONS OF 200 ROWS`,
] as const;

const OPTIONS = { timeoutMs: 3_600_000 };

/** Recomputes the facts of every person, or of these ids: for whatever writes outside a load. */
export async function refreshMinorFacts(options: { ids?: readonly string[] } = {}): Promise<void> {
  for (const statement of REFRESH) {
    await executeAutoCommit(
      statement,
      { ids: options.ids ?? null },
      { ...OPTIONS, metadata: { purpose: 'minor-facts:refresh' } },
    );
  }
}

/** Recomputes the facts of every person an extract's data touches: the online loader's step. */
export async function refreshMinorFactsOfExtract(extract: string): Promise<void> {
  for (const statement of REFRESH_OF_EXTRACT) {
    await executeAutoCommit(
      statement,
      { extract },
      { ...OPTIONS, metadata: { purpose: 'minor-facts:extract' } },
    );
  }
}
