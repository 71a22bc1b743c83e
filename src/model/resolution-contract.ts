/**
 * The contract for entity resolution's stored answers: what a resolution run writes, what an
 * investigator's judgement writes, and what every reader (identities, search, detection, the page,
 * exports) may rely on. Declared once here in model/, because every layer may import model/.
 *
 * Records are Person or Organisation nodes, keyed per source by the loader; resolution joins them.
 *
 * Match relationships, always directed from the record with the smaller `id` to the larger (one
 * pair, one direction, so MERGE never makes two):
 *   (a)-[:SAME_AS]->(b)           one entity: a certain rule (`by: 'rule:<name>'`) or a confirmed
 *                                 judgement (`by: 'judgement'`)
 *   (a)-[:POSSIBLY_SAME_AS]->(b)  a scored candidate at or above the run's threshold (`by: 'score'`)
 *   (a)-[:NOT_SAME_AS]->(b)       a rejected judgement (`by: 'judgement'`)
 * Several relationships of one type may join a pair, one per `scopeKey` (the jurisdictions whose
 * data established it): a GB run's proposal and a GB+IE run's proposal are different answers.
 *
 * Need-to-know: a match relationship is read only by a viewer who sees both records (VISIBLE) AND
 * whose scope covers the relationship's `jurisdictions` (store/read/record-scope.ts coveredBy), as
 * analysis runs are. A run of scope [GB, IE] compares what GB and IE extracts hold, so its answers
 * are for GB+IE viewers only; a GB viewer reads the answers of GB runs.
 *
 * A judgement is a :Judgement node (the audit of the decision, kept after a withdrawal) AND, while
 * active, the SAME_AS / NOT_SAME_AS relationship it made. Its `jurisdictions` are the scope of the
 * match it judged (or, for a pair nobody proposed, the judge's jurisdictions whose extracts mention
 * either record); it binds runs whose scope covers them.
 *
 * Identity: a connected component of the SAME_AS relationships a viewer may read (rules and
 * confirmed judgements; POSSIBLY_SAME_AS only where an option asks for it). Its id is
 * `identity:<smallest record id of the component>` — computed at read time, per viewer, so a viewer
 * never sees a join made through a record or a match they may not read.
 */

export const MATCH_TYPES = ['SAME_AS', 'POSSIBLY_SAME_AS', 'NOT_SAME_AS'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

/** The labels resolution compares and joins. */
export const RESOLVABLE_LABELS = ['Person', 'Organisation'] as const;
export type ResolvableLabel = (typeof RESOLVABLE_LABELS)[number];

/** How a match relationship came to be: a named rule, a score, or a person's judgement. */
export type MatchOrigin = `rule:${string}` | 'score' | 'judgement';

/** One feature's share of a score, as stored and served (log2 Bayes factor; + for, - against). */
export interface MatchReason {
  feature: string;
  level: string;
  weight: number;
  /** What was compared, readable: `"Dumitru Munteanu" ~ "Dumitru Mnuteanu" (one-letter typo)`. */
  detail?: string;
}

/** The properties of a stored SAME_AS / POSSIBLY_SAME_AS / NOT_SAME_AS relationship. */
export interface StoredMatchProperties {
  /** `<TYPE>:<a>|<b>|<scopeKey>`: the MERGE key, unique over the database. */
  key: string;
  by: MatchOrigin;
  /** The resolution run that wrote it; null for a judgement's relationship. */
  runId: string | null;
  /** The judgement that made it; null for a run's relationship. */
  judgementId: string | null;
  /** Sorted ISO-2 codes, or ['*'] (record-scope.ts recordJurisdictions): who may read it. */
  jurisdictions: string[];
  /** `jurisdictions` joined with ','. */
  scopeKey: string;
  /** Probability the two records are one entity (0..1); 1 for a rule, null for a judgement. */
  score: number | null;
  /** Prior log-odds plus every reason's weight; null for rules and judgements. */
  matchWeight: number | null;
  /** JSON of MatchReason[] (Neo4j holds no maps in lists). */
  reasonsJson: string;
  /**
   * A digest of the compared values of both records (names, dates, identifiers as the scope read
   * them). A rejected pair is proposed again only when this changes: new evidence.
   */
  evidenceKey: string;
  /** ISO date-time of writing. */
  createdAt: string;
}

export const JUDGEMENT_DECISIONS = ['confirmed', 'rejected'] as const;
export type JudgementDecision = (typeof JUDGEMENT_DECISIONS)[number];

/** A :Judgement node: who decided what about which pair, when and why; withdrawn ones stay. */
export interface StoredJudgement {
  /** `judgement-<time>-<random>`. */
  id: string;
  decision: JudgementDecision;
  /** The two records, a < b. */
  a: string;
  b: string;
  author: string;
  authorJurisdictions: string[];
  jurisdictions: string[];
  scopeKey: string;
  reason: string;
  at: string;
  /** The evidenceKey of the match judged ('' when no run had proposed the pair). */
  evidenceKey: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
}

/** The two ends of a pair in stored order. */
export function orderedPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

/** The MERGE key of a match relationship. */
export function matchKey(type: MatchType, x: string, y: string, jurisdictions: readonly string[]): string {
  const [a, b] = orderedPair(x, y);
  return `${type}:${a}|${b}|${jurisdictions.join(',')}`;
}

/** The id of the identity whose smallest record id is `firstRecordId`. */
export function identityId(firstRecordId: string): string {
  return `identity:${firstRecordId}`;
}
