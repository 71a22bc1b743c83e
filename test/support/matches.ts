/**
 * Match relationships exactly as model/resolution-contract.ts says a resolution run or a judgement
 * writes them (directed a.id < b.id, MERGE on `key`, every property), for tests of what reads and
 * judges them (the run itself is tested on its own). The one test writer of matches: every
 * property has a default and may be set, so suites that assert stored values set their own.
 */
import {
  type MatchOrigin,
  type MatchReason,
  type MatchType,
  matchKey,
  orderedPair,
  type StoredMatchProperties,
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
  /** The run that wrote it; null for a judgement's relationship. */
  runId?: string | null;
  /** The judgement that made it; default null. */
  judgementId?: string | null;
  score?: number | null;
  matchWeight?: number | null;
  reasons?: MatchReason[];
  evidenceKey?: string;
  createdAt?: string;
}

const WRITE = `
UNWIND $matches AS m
MATCH (a:Person|Organisation {id: m.a}), (b:Person|Organisation {id: m.b})
CALL (a, b, m) {
  WITH a, b, m WHERE m.type = 'SAME_AS' MERGE (a)-[r:SAME_AS {key: m.props.key}]->(b) SET r = m.props
  UNION
  WITH a, b, m WHERE m.type = 'POSSIBLY_SAME_AS' MERGE (a)-[r:POSSIBLY_SAME_AS {key: m.props.key}]->(b) SET r = m.props
  UNION
  WITH a, b, m WHERE m.type = 'NOT_SAME_AS' MERGE (a)-[r:NOT_SAME_AS {key: m.props.key}]->(b) SET r = m.props
}
RETURN count(*) AS n`;

/** The stored properties of a test match: the contract's, with a default for each one not given. */
export function matchProperties(m: TestMatch): StoredMatchProperties {
  const type = m.type ?? 'POSSIBLY_SAME_AS';
  const [a, b] = orderedPair(m.x, m.y);
  const jurisdictions = recordJurisdictions(m.jurisdictions);
  const score = m.score === undefined ? (type === 'SAME_AS' ? 1 : 0.93) : m.score;
  const reasons = m.reasons ?? [
    { feature: 'name', level: 'typo', weight: 6.2, detail: `"${a}" ~ "${b}" (one-letter typo)` },
    { feature: 'birthDate', level: 'partial', weight: 2.1 },
    { feature: 'nationality', level: 'conflict', weight: -1.4 },
  ];
  return {
    key: matchKey(type, a, b, jurisdictions),
    by: m.by ?? (type === 'SAME_AS' ? 'rule:document' : 'score'),
    runId: m.runId === undefined ? 'resolution-test-run' : m.runId,
    judgementId: m.judgementId ?? null,
    jurisdictions,
    scopeKey: jurisdictions.join(','),
    score,
    matchWeight: m.matchWeight === undefined ? (type === 'SAME_AS' ? null : 3.8) : m.matchWeight,
    reasonsJson: JSON.stringify(reasons),
    evidenceKey: m.evidenceKey ?? `evidence:${a}|${b}`,
    createdAt: m.createdAt ?? '2026-01-01T00:00:00.000Z',
  };
}

/** Writes the matches in one transaction (MERGE on each key); throws if a record is missing. */
export async function writeMatches(matches: readonly TestMatch[]): Promise<string[]> {
  const rows = matches.map((m) => {
    const [a, b] = orderedPair(m.x, m.y);
    return { type: m.type ?? 'POSSIBLY_SAME_AS', a, b, props: matchProperties(m) };
  });
  const [row] = await executeWrite(WRITE, { matches: rows });
  if (Number(row?.n ?? 0) !== rows.length) {
    throw new Error(
      `test/support/matches: wrote ${row?.n ?? 0} of ${rows.length} matches: a record is missing (${rows.map((r) => `${r.a}~${r.b}`).join(', ')})`,
    );
  }
  return rows.map((r) => r.props.key);
}

/** Writes one match (MERGE on its key) and returns that key; throws if a record is missing. */
export async function writeMatch(m: TestMatch): Promise<string> {
  const [key] = await writeMatches([m]);
  return key!;
}
