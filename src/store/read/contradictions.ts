/**
 * Contradictions among judgements: a pair someone rejected (NOT_SAME_AS) whose two records are
 * nevertheless joined by a chain of SAME_AS (rules or confirmations). Resolution never settles one
 * silently (issue 13): they are listed for a human, with the chain, as the viewer may read it —
 * every record of the chain VISIBLE and every link's (and the rejection's) jurisdictions covered,
 * so a viewer who cannot read one link of a chain sees no contradiction through it.
 */
import { cypher } from '../cypher.ts';
import { readTx } from '../run.ts';
import { type MatchRecord, pairJudgements, pairKey, toMatch, withJudgements } from './matches.ts';
import { coveredBy, scopeParameter } from './record-scope.ts';
import type { ReadScope } from './scope.ts';

/** Longest chain looked for: identities of more records than this are split by a review anyway. */
export const MAX_CHAIN = 16;

export interface ContradictionRecord {
  /** The rejection (a NOT_SAME_AS) and the judgement that made it. */
  rejection: MatchRecord;
  /** The records from the rejection's `a` to its `b`, in chain order. */
  chain: string[];
  /** The SAME_AS links between consecutive records of the chain. */
  links: MatchRecord[];
}

const CONTRADICTIONS = `
MATCH (a)-[n:__TYPE__]->(b)
WHERE ${coveredBy('n', 'cover')} AND VISIBLE(a) AND VISIBLE(b)
MATCH p = shortestPath((a)-[:SAME_AS*..${MAX_CHAIN}]-(b))
WHERE all(r IN relationships(p) WHERE ${coveredBy('r', 'cover')})
  AND all(x IN nodes(p) WHERE VISIBLE(x))
WITH n, a, b, p ORDER BY n.createdAt DESC, n.key LIMIT toInteger($first)
RETURN a.id AS a, b.id AS b, properties(n) AS rejection, [x IN nodes(p) | x.id] AS chain,
       [r IN relationships(p) | {a: startNode(r).id, b: endNode(r).id, props: properties(r)}] AS links`;

/** The newest `first` readable contradictions, each with its shortest readable chain. */
export async function listContradictions(scope: ReadScope, first: number): Promise<ContradictionRecord[]> {
  return readTx(async (tx) => {
    const rows = await tx.run(cypher(CONTRADICTIONS, { type: 'NOT_SAME_AS' }), {
      scope,
      cover: scopeParameter(scope),
      first,
    });
    const found = rows.map((row) => ({
      rejection: toMatch(
        'NOT_SAME_AS',
        String(row.a),
        String(row.b),
        row.rejection as Record<string, unknown>,
      ),
      chain: (row.chain as string[]).map(String),
      links: (row.links as { a: string; b: string; props: Record<string, unknown> }[]).map((l) =>
        toMatch('SAME_AS', String(l.a), String(l.b), l.props),
      ),
    }));
    const pairs = new Map<string, [string, string]>();
    for (const c of found) {
      for (const m of [c.rejection, ...c.links]) pairs.set(pairKey(m.a, m.b), [m.a, m.b]);
    }
    const judgements = await pairJudgements([...pairs.values()], scope, (t, p) => tx.run(t, p));
    const withJudgement = (m: MatchRecord): MatchRecord =>
      withJudgements(m, judgements.get(pairKey(m.a, m.b)) ?? []);
    return found.map((c) => ({
      rejection: withJudgement(c.rejection),
      chain: c.chain,
      links: c.links.map(withJudgement),
    }));
  });
}
