/**
 * The review queue (issue #13 item 5): the undecided proposals a viewer may read, highest impact
 * first, so an investigator's first judgements are the ones that change what detection says.
 *
 * A proposal is a POSSIBLY_SAME_AS the viewer may read (read/match-links.ts: both records visible,
 * made for jurisdictions the viewer holds); it is undecided while no SAME_AS or NOT_SAME_AS the
 * viewer may read joins the same pair. Several proposals of one pair (one per scope) are one item,
 * at the highest score. Impact is measured against the newest completed detection run the viewer
 * may read (read/analysis.ts latestCompletedRun), in tiers:
 *   3 `merges-networks`             each record is a member of a network and they share none;
 *   2 `joins-victim-to-controller`  one record is a recorded victim (or possibly exploited) and the
 *                                   other an offender, a key actor or a recorded suspect;
 *   1 `joins-network`               one record is a network member, the other is not;
 *   0 `score`                       neither: the score alone orders them.
 * Within a tier, by score (highest first), then by key. Ranking happens in Cypher with a LIMIT, so
 * a queue of a million proposals returns its top without reading them all into Node.
 */
import { type MatchReason, orderedPair } from '../../model/resolution-contract.ts';
import type { Plain } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { executeRead } from '../run.ts';
import { latestCompletedRun } from './analysis.ts';
import { matchReadable, matchScopeParameter } from './match-links.ts';
import { coveredBy } from './record-scope.ts';
import type { ReadScope } from './scope.ts';

export const REVIEW_IMPACTS = [
  'merges-networks',
  'joins-victim-to-controller',
  'joins-network',
  'score',
] as const;
export type ReviewImpact = (typeof REVIEW_IMPACTS)[number];

export const REVIEW_QUEUE_DEFAULTS = { first: 20, max: 200 };

interface NetworkSide {
  id: string;
  stableId: string;
  rank: number;
  risk: number;
  role: string;
  key: boolean;
}

export interface ReviewItemRecord {
  /** The key of the proposal shown (the highest-scoring one the viewer may read). */
  id: string;
  a: string;
  b: string;
  score: number;
  matchWeight: number | null;
  impact: ReviewImpact;
  /** Why it ranks where it does, readable. */
  reasons: string[];
  /** The networks (of `runId`) the pair touches. */
  networks: string[];
  /** The detection run impact was measured against; null when the viewer may read none. */
  runId: string | null;
  /** The proposal's reasons, as the resolution run stored them. */
  evidence: MatchReason[];
}

const QUEUE = `
MATCH (a)-[r:POSSIBLY_SAME_AS]->(b)
WHERE r.score >= $minScore AND ${matchReadable('r', 'a', 'b')}
  AND NOT EXISTS { MATCH (a)-[d:SAME_AS|NOT_SAME_AS]-(b) WHERE ${coveredBy('d', 'matchScope')} }
WITH a, b, r ORDER BY r.score DESC, r.key
WITH a, b, collect(r)[0] AS r
WITH a, b, r,
  COLLECT { MATCH (n:Network {runId: $runId})-[h:HAS_MEMBER]->(a)
    RETURN {id: n.id, stableId: n.stableId, rank: n.rank, risk: n.risk, role: h.role,
      key: h.offenderRank IS NOT NULL OR a.id IN n.keyActors OR a.id IN n.offenders
        OR any(k IN n.keyActors WHERE 'identity:' + k = h.identity)} } AS na,
  COLLECT { MATCH (n:Network {runId: $runId})-[h:HAS_MEMBER]->(b)
    RETURN {id: n.id, stableId: n.stableId, rank: n.rank, risk: n.risk, role: h.role,
      key: h.offenderRank IS NOT NULL OR b.id IN n.keyActors OR b.id IN n.offenders
        OR any(k IN n.keyActors WHERE 'identity:' + k = h.identity)} } AS nb,
  COLLECT { MATCH (a)-[v:INVOLVED_IN]->() WHERE REL_VISIBLE(v) RETURN toLower(trim(v.role)) } AS ra,
  COLLECT { MATCH (b)-[v:INVOLVED_IN]->() WHERE REL_VISIBLE(v) RETURN toLower(trim(v.role)) } AS rb
WITH a, b, r, na, nb,
  'victim' IN ra OR any(x IN na WHERE x.role IN ['victim', 'exposed']) AS victimA,
  'victim' IN rb OR any(x IN nb WHERE x.role IN ['victim', 'exposed']) AS victimB,
  'suspect' IN ra OR any(x IN na WHERE x.key OR x.role = 'suspect') AS controlA,
  'suspect' IN rb OR any(x IN nb WHERE x.key OR x.role = 'suspect') AS controlB
WITH a, b, r, na, nb, victimA, victimB, controlA, controlB,
  CASE
    WHEN size(na) > 0 AND size(nb) > 0 AND none(x IN na WHERE any(y IN nb WHERE y.id = x.id)) THEN 3
    WHEN (victimA AND controlB) OR (victimB AND controlA) THEN 2
    WHEN (size(na) > 0) <> (size(nb) > 0) THEN 1
    ELSE 0 END AS tier
RETURN r.key AS key, a.id AS a, b.id AS b, r.score AS score, r.matchWeight AS matchWeight,
  r.reasonsJson AS reasonsJson, tier, na, nb, victimA, victimB, controlA, controlB
ORDER BY tier DESC, score DESC, key
LIMIT toInteger($first)`;

const TIERS: Record<number, ReviewImpact> = {
  3: 'merges-networks',
  2: 'joins-victim-to-controller',
  1: 'joins-network',
  0: 'score',
};

function sides(value: Plain): NetworkSide[] {
  return (Array.isArray(value) ? value : []).map((x) => {
    const s = x as Record<string, Plain>;
    return {
      id: String(s.id),
      stableId: String(s.stableId),
      rank: Number(s.rank),
      risk: Number(s.risk),
      role: String(s.role),
      key: s.key === true,
    };
  });
}

function evidence(json: Plain, key: string): MatchReason[] {
  if (typeof json !== 'string' || json === '') return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (Array.isArray(parsed)) return parsed as MatchReason[];
  } catch {
    // said below
  }
  throw new Error(
    `store/read/review-queue: proposal ${key} has reasonsJson that is not a JSON list: ${json}`,
  );
}

const network = (n: NetworkSide) => `network ${n.stableId} (rank ${n.rank}, risk ${n.risk.toFixed(2)})`;

function reasonsOf(
  row: Record<string, Plain>,
  impact: ReviewImpact,
  na: NetworkSide[],
  nb: NetworkSide[],
): string[] {
  const a = String(row.a);
  const b = String(row.b);
  const reasons: string[] = [];
  if (impact === 'merges-networks') {
    // The lowest-level network of each side (the most specific) names what would merge.
    const top = (list: NetworkSide[]) => [...list].sort((x, y) => x.rank - y.rank)[0]!;
    reasons.push(`would merge ${network(top(na))} with ${network(top(nb))}`);
  }
  const victim = (side: boolean) => (side ? 'a recorded or possibly exploited victim' : '');
  if (row.victimA === true && row.controlB === true)
    reasons.push(`would join ${a}, ${victim(true)}, to ${b}, an offender, key actor or suspect`);
  if (row.victimB === true && row.controlA === true)
    reasons.push(`would join ${b}, ${victim(true)}, to ${a}, an offender, key actor or suspect`);
  if (impact === 'joins-network') {
    const [inside, outside, list] = na.length > 0 ? [a, b, na] : [b, a, nb];
    reasons.push(`would bring ${outside} into ${network(list[0]!)} through ${inside}`);
  }
  reasons.push(`score ${Number(row.score).toFixed(3)}`);
  return reasons;
}

/** The viewer's review queue: `first` items (default 20, at most 200), highest impact first. */
export async function reviewQueue(
  scope: ReadScope,
  first = REVIEW_QUEUE_DEFAULTS.first,
  /**
   * The review band's floor (config `resolution.reviewScore`): proposals scoring below it stay
   * stored and readable on the person, but are not queued (docs/resolution.md, "Review queue").
   */
  minScore = 0,
): Promise<ReviewItemRecord[]> {
  if (!(Number.isInteger(first) && first >= 1 && first <= REVIEW_QUEUE_DEFAULTS.max)) {
    throw new RangeError(
      `store/read/review-queue: first must be an integer from 1 to ${REVIEW_QUEUE_DEFAULTS.max}, got ${first}`,
    );
  }
  const run = await latestCompletedRun(scope);
  const rows = await executeRead(
    cypher(QUEUE),
    { scope, matchScope: matchScopeParameter(scope), runId: run?.id ?? null, first, minScore },
    { metadata: { purpose: 'review-queue' } },
  );
  return rows.map((row) => {
    const na = sides(row.na as Plain);
    const nb = sides(row.nb as Plain);
    const impact = TIERS[Number(row.tier)] ?? 'score';
    const [a, b] = orderedPair(String(row.a), String(row.b));
    return {
      id: String(row.key),
      a,
      b,
      score: Number(row.score),
      matchWeight: typeof row.matchWeight === 'number' ? row.matchWeight : null,
      impact,
      reasons: reasonsOf(row as Record<string, Plain>, impact, na, nb),
      networks: [...new Set([...na, ...nb].map((n) => n.id))].sort(),
      runId: run?.id ?? null,
      evidence: evidence(row.reasonsJson as Plain, String(row.key)),
    };
  });
}
