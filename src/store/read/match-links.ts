/**
 * The match relationships (SAME_AS, POSSIBLY_SAME_AS, NOT_SAME_AS) a scope may read, by the rule of
 * model/resolution-contract.ts: both records VISIBLE to the extracts of the scope AND the
 * relationship's `jurisdictions` covered by the scope's jurisdictions (record-scope.ts coveredBy),
 * as analysis runs are. A GB run therefore never reads the answer of a GB+IE resolution run, even
 * between two records it sees.
 *
 * Two parameters, on purpose: `$scope` is the extracts' scope (the executor narrows a viewer of all
 * to the complete extracts while a load is incomplete), `$matchScope` the jurisdictions the matches
 * must be made for (a viewer's, or a detection run's).
 */
import type { MatchType } from '../../model/resolution-contract.ts';
import { cypher } from '../cypher.ts';
import { executeRead } from '../run.ts';
import { ALL_JURISDICTIONS, coveredBy } from './record-scope.ts';
import type { ReadScope } from './scope.ts';

/** The readability of match `r` between records `a` and `b`, for a statement with both parameters. */
export function matchReadable(r: string, a: string, b: string): string {
  return `VISIBLE(${a}) AND VISIBLE(${b}) AND ${coveredBy(r, 'matchScope')}`;
}

/** The `$matchScope` of a scope, or of a run that reads these jurisdictions (['*'] = all). */
export function matchScopeParameter(
  scope: ReadScope,
  jurisdictions?: readonly string[],
): { all: boolean; jurisdictions: string[] } {
  if (jurisdictions === undefined) return { all: scope.all, jurisdictions: [...scope.jurisdictions] };
  // A run of all jurisdictions reads every match only when it also reads every extract.
  const all = jurisdictions.includes(ALL_JURISDICTIONS) && scope.all;
  return { all, jurisdictions: jurisdictions.filter((j) => j !== ALL_JURISDICTIONS) };
}

export interface MatchLink {
  key: string;
  type: MatchType;
  from: string;
  to: string;
  by: string;
  score: number | null;
  jurisdictions: string[];
}

/** One page of one match type, by the relationship's indexed `key` (migration 009). */
const MATCH_PAGE = `
MATCH (a)-[r:__TYPE__]->(b) WHERE r.key > $after
WITH a, r, b ORDER BY r.key LIMIT toInteger($limit)
RETURN r.key AS key, a.id AS from, b.id AS to, r.by AS by, r.score AS score, r.jurisdictions AS jurisdictions,
  (type(r) <> 'POSSIBLY_SAME_AS' OR r.score >= $minScore) AND ${matchReadable('r', 'a', 'b')} AS readable`;

/**
 * Every readable match of the given types, page by page in key order (POSSIBLY_SAME_AS only at or
 * above `minScore`). Pages are cut before the readability filter, so each costs the same.
 */
export async function forEachReadableMatch(
  options: {
    scope: ReadScope;
    /** The jurisdictions the matches must be made for; default the scope's own. */
    jurisdictions?: readonly string[];
    types: readonly MatchType[];
    minScore?: number;
    pageSize?: number;
  },
  visit: (link: MatchLink) => void,
): Promise<number> {
  const pageSize = options.pageSize ?? 5_000;
  const matchScope = matchScopeParameter(options.scope, options.jurisdictions);
  let read = 0;
  for (const type of options.types) {
    const statement = cypher(MATCH_PAGE, { type });
    let after = '';
    for (;;) {
      const rows = await executeRead(
        statement,
        { after, limit: pageSize, scope: options.scope, matchScope, minScore: options.minScore ?? 0 },
        { metadata: { purpose: 'match-links' } },
      );
      for (const row of rows) {
        if (row.readable !== true) continue;
        read++;
        visit({
          key: String(row.key),
          type,
          from: String(row.from),
          to: String(row.to),
          by: String(row.by ?? ''),
          score: typeof row.score === 'number' ? row.score : null,
          jurisdictions: Array.isArray(row.jurisdictions) ? row.jurisdictions.map(String) : [],
        });
      }
      if (rows.length < pageSize) break;
      after = String(rows[rows.length - 1]!.key);
    }
  }
  return read;
}
