/**
 * Match lists for tests of identities, stored through test/support/matches.ts (the one test writer
 * of matches) with this suite's values, so tests of identities do not depend on the run that makes
 * them. Also an independent reading of the contract's identity rule, in plain TypeScript, to check
 * the store's answer against.
 */
import type { MatchType, StoredMatchProperties } from '../../src/model/resolution-contract.ts';
import { writeMatches } from './matches.ts';

export interface TestMatch {
  type: MatchType;
  a: string;
  b: string;
  /** Sorted ISO-2 codes, or ['*']. */
  jurisdictions: string[];
  by?: StoredMatchProperties['by'];
  score?: number | null;
}

/** Writes the matches (each between two existing records) through the one test writer. */
export async function storeMatches(matches: readonly TestMatch[]): Promise<void> {
  await writeMatches(
    matches.map((m) => {
      const by =
        m.by ??
        (m.type === 'POSSIBLY_SAME_AS' ? 'score' : m.type === 'SAME_AS' ? 'rule:document' : 'judgement');
      return {
        type: m.type,
        x: m.a,
        y: m.b,
        jurisdictions: m.jurisdictions,
        by,
        runId: by === 'judgement' ? null : 'resolve-test-run',
        judgementId: by === 'judgement' ? `judgement-test-${m.a}-${m.b}` : null,
        score: m.score !== undefined ? m.score : by === 'score' ? 0.9 : by.startsWith('rule:') ? 1 : null,
        matchWeight: by === 'score' ? 7.5 : null,
        reasons: by === 'score' ? [{ feature: 'name', level: 'exact', weight: 7.5 }] : [],
        evidenceKey: `evidence-${m.a}-${m.b}`,
        createdAt: '2026-12-01T00:00:00.000Z',
      };
    }),
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
