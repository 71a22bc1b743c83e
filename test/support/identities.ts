/**
 * Match relationships for tests, written exactly as model/resolution-contract.ts says a resolution
 * run or a judgement writes them (directed a.id < b.id, MERGE on `key`, every property), so tests
 * of identities do not depend on the run that will make them. Also an independent reading of the
 * contract's identity rule, in plain TypeScript, to check the store's answer against.
 */
import {
  type MatchType,
  matchKey,
  orderedPair,
  type StoredMatchProperties,
} from '../../src/model/resolution-contract.ts';
import { executeWrite } from '../../src/store/run.ts';

export interface TestMatch {
  type: MatchType;
  a: string;
  b: string;
  /** Sorted ISO-2 codes, or ['*']. */
  jurisdictions: string[];
  by?: StoredMatchProperties['by'];
  score?: number | null;
}

const STORE = `
UNWIND $matches AS m
MATCH (a {id: m.a}) MATCH (b {id: m.b})
CALL (a, b, m) {
  WITH a, b, m WHERE m.type = 'SAME_AS' MERGE (a)-[r:SAME_AS {key: m.props.key}]->(b) SET r = m.props
  UNION
  WITH a, b, m WHERE m.type = 'POSSIBLY_SAME_AS' MERGE (a)-[r:POSSIBLY_SAME_AS {key: m.props.key}]->(b) SET r = m.props
  UNION
  WITH a, b, m WHERE m.type = 'NOT_SAME_AS' MERGE (a)-[r:NOT_SAME_AS {key: m.props.key}]->(b) SET r = m.props
}
RETURN count(*) AS written`;

export function matchProperties(m: TestMatch): StoredMatchProperties {
  const by =
    m.by ?? (m.type === 'POSSIBLY_SAME_AS' ? 'score' : m.type === 'SAME_AS' ? 'rule:document' : 'judgement');
  const score = m.score !== undefined ? m.score : by === 'score' ? 0.9 : by.startsWith('rule:') ? 1 : null;
  return {
    key: matchKey(m.type, m.a, m.b, m.jurisdictions),
    by,
    runId: by === 'judgement' ? null : 'resolve-test-run',
    judgementId: by === 'judgement' ? `judgement-test-${m.a}-${m.b}` : null,
    jurisdictions: m.jurisdictions,
    scopeKey: m.jurisdictions.join(','),
    score,
    matchWeight: by === 'score' ? 7.5 : null,
    reasonsJson: JSON.stringify(by === 'score' ? [{ feature: 'name', level: 'exact', weight: 7.5 }] : []),
    evidenceKey: `evidence-${m.a}-${m.b}`,
    createdAt: '2026-12-01T00:00:00.000Z',
  };
}

/** Writes the matches (each between two existing nodes), in stored direction. */
export async function storeMatches(matches: readonly TestMatch[]): Promise<void> {
  const rows = matches.map((m) => {
    const [a, b] = orderedPair(m.a, m.b);
    return { type: m.type, a, b, props: matchProperties(m) };
  });
  const [row] = await executeWrite(STORE, { matches: rows });
  if (Number(row?.written ?? 0) !== rows.length)
    throw new Error(
      `test/support/identities: wrote ${row?.written} of ${rows.length} matches (a record is missing)`,
    );
}

/**
 * The identities a viewer may know, computed from the test's own lists: components of the SAME_AS
 * matches whose two records the viewer sees and whose jurisdictions the viewer holds (or any, for
 * '*'). Record id → sorted records of its identity; records alone are absent.
 */
export function expectedIdentities(
  matches: readonly TestMatch[],
  visible: ReadonlySet<string>,
  jurisdictions: readonly string[] | '*',
): Map<string, string[]> {
  const readable = matches.filter(
    (m) =>
      m.type === 'SAME_AS' &&
      visible.has(m.a) &&
      visible.has(m.b) &&
      (jurisdictions === '*' ||
        (!m.jurisdictions.includes('*') && m.jurisdictions.every((j) => jurisdictions.includes(j)))),
  );
  const adjacency = new Map<string, string[]>();
  for (const m of readable) {
    adjacency.set(m.a, [...(adjacency.get(m.a) ?? []), m.b]);
    adjacency.set(m.b, [...(adjacency.get(m.b) ?? []), m.a]);
  }
  const out = new Map<string, string[]>();
  for (const start of adjacency.keys()) {
    if (out.has(start)) continue;
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const next of adjacency.get(queue.shift()!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    const members = [...seen].sort();
    for (const id of members) out.set(id, members);
  }
  return out;
}
