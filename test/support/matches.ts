/**
 * Match relationships exactly as model/resolution-contract.ts says a resolution run writes them,
 * for tests of what reads and judges them (the run itself is tested on its own).
 */
import {
  type MatchOrigin,
  type MatchReason,
  type MatchType,
  matchKey,
  orderedPair,
} from '../../src/model/resolution-contract.ts';
import { recordJurisdictions } from '../../src/store/read/record-scope.ts';
import { executeWrite } from '../../src/store/run.ts';

export interface TestMatch {
  type?: MatchType;
  x: string;
  y: string;
  /** The scope of the run that found it, e.g. ['GB'] or ['GB', 'IE']; ['*'] for a run of all. */
  jurisdictions: readonly string[];
  by?: MatchOrigin;
  runId?: string;
  score?: number | null;
  matchWeight?: number | null;
  reasons?: MatchReason[];
  evidenceKey?: string;
  createdAt?: string;
}

const WRITE = `
MATCH (a:Person|Organisation {id: $a}), (b:Person|Organisation {id: $b})
CALL (a, b) {
  WITH a, b WHERE $type = 'SAME_AS' MERGE (a)-[r:SAME_AS {key: $props.key}]->(b) SET r += $props
  UNION
  WITH a, b WHERE $type = 'POSSIBLY_SAME_AS' MERGE (a)-[r:POSSIBLY_SAME_AS {key: $props.key}]->(b) SET r += $props
  UNION
  WITH a, b WHERE $type = 'NOT_SAME_AS' MERGE (a)-[r:NOT_SAME_AS {key: $props.key}]->(b) SET r += $props
}
RETURN count(*) AS n`;

/** Writes one match (MERGE on its key) and returns that key; throws if a record is missing. */
export async function writeMatch(m: TestMatch): Promise<string> {
  const type = m.type ?? 'POSSIBLY_SAME_AS';
  const [a, b] = orderedPair(m.x, m.y);
  const jurisdictions = recordJurisdictions(m.jurisdictions);
  const key = matchKey(type, a, b, jurisdictions);
  const score = m.score === undefined ? (type === 'SAME_AS' ? 1 : 0.93) : m.score;
  const reasons = m.reasons ?? [
    { feature: 'name', level: 'typo', weight: 6.2, detail: `"${a}" ~ "${b}" (one-letter typo)` },
    { feature: 'birthDate', level: 'partial', weight: 2.1 },
    { feature: 'nationality', level: 'conflict', weight: -1.4 },
  ];
  const props = {
    key,
    by: m.by ?? (type === 'SAME_AS' ? 'rule:document' : 'score'),
    runId: m.runId ?? 'resolution-test-run',
    judgementId: null,
    jurisdictions,
    scopeKey: jurisdictions.join(','),
    score,
    matchWeight: m.matchWeight === undefined ? (type === 'SAME_AS' ? null : 3.8) : m.matchWeight,
    reasonsJson: JSON.stringify(reasons),
    evidenceKey: m.evidenceKey ?? `evidence:${a}|${b}`,
    createdAt: m.createdAt ?? '2026-01-01T00:00:00.000Z',
  };
  const [row] = await executeWrite(WRITE, { a, b, type, props });
  if (!row || Number(row.n) === 0) throw new Error(`test/support/matches: ${a} or ${b} is not a record`);
  return key;
}
