/**
 * Full-text search over names and identifiers: names, spellings and search forms as each extract
 * recorded them (indexes mention_search and its accent-folded twin mention_search_folded, on the
 * extract's MENTIONS, so only what the viewer's extracts hold is found), identifiers on the nodes
 * (index entity_ids_v2). User text
 * never reaches the Lucene parser raw: every term is escaped, so `(`, `"`, `AND`, `*` or a lone
 * backslash are searched for, not interpreted.
 */
import { foldText } from '../../model/fold.ts';
import type { EntityLabel } from '../../model/labels.ts';
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { StoreError } from '../errors.ts';
import { SchemaNotReadyError } from '../migrate.ts';
import { readTx } from '../run.ts';
import { type EntityRecord, groupByLabel, loadEntitiesIn } from './entities.ts';
import type { ReadScope } from './scope.ts';

const LUCENE_SPECIAL = /[+\-!(){}[\]^"~*?:\\/&|]/g;

/** Escapes one term for Lucene's query parser; reserved words are lower-cased so they stay terms. */
export function escapeLuceneTerm(term: string): string {
  const escaped = term.replace(LUCENE_SPECIAL, (c) => `\\${c}`);
  return /^(AND|OR|NOT|TO)$/.test(escaped) ? escaped.toLowerCase() : escaped;
}

/**
 * User text → a Lucene query: each whitespace-separated term escaped; each term matched exactly or
 * fuzzily (typos in seized data are the norm), all terms optional, exact matches ranked higher.
 */
export function toLuceneQuery(text: string): string | undefined {
  const terms = text
    .normalize('NFC')
    .split(/\s+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .slice(0, 16);
  if (terms.length === 0) return undefined;
  return terms
    .map((t) => {
      const e = escapeLuceneTerm(t);
      return t.length >= 4 ? `(${e}^2 OR ${e}~1)` : e;
    })
    .join(' ');
}

export interface SearchHit {
  entity: EntityRecord;
  score: number;
}

/** Matches beyond this many are not ranked or counted: a search that broad needs more words. */
export const MAX_SEARCH_MATCHES = 10_000;

/**
 * The full-text matches' count and one page of them, ranked. Counted and paged here, not in Node:
 * a common surname matches thousands of entities, and sending them all back to keep ten cost more
 * than finding them.
 */
const SEARCH_PAGE = `
CALL () {
  CALL db.index.fulltext.queryRelationships('mention_search', $query, {limit: $max}) YIELD relationship, score
  WHERE $scope.all OR startNode(relationship).id IN $scope.extracts
  RETURN endNode(relationship) AS node, score
  UNION ALL
  CALL db.index.fulltext.queryRelationships('mention_search_folded', $folded, {limit: $max}) YIELD relationship, score
  WHERE $scope.all OR startNode(relationship).id IN $scope.extracts
  RETURN endNode(relationship) AS node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('entity_ids_v2', $query, {limit: $max}) YIELD node, score
  WHERE VISIBLE(node)
  RETURN node, score
}
WITH node, max(score) AS score
WHERE ($labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)) AND NOT node.id IN $exclude
WITH node.id AS id, score ORDER BY score DESC, id LIMIT $max
RETURN count(*) AS total, collect({id: id, score: score})[$from..$to] AS page`;

const EXACT = `
MATCH (n:__LABEL__) WHERE n.id IN $ids AND VISIBLE(n)
RETURN n.id AS id`;

export interface SearchOptions {
  text: string;
  /** Ids the caller derived from the text (a phone in E.164, an IBAN): ranked first when they exist. */
  exactIds: string[];
  labels: EntityLabel[] | null;
  skip: number;
  limit: number;
  scope: ReadScope;
}

/**
 * Hits in relevance order with the total count (at most MAX_SEARCH_MATCHES): exact identifier
 * matches first, then full-text matches by score. Only the requested page is loaded.
 */
export async function searchEntities(options: SearchOptions): Promise<{ total: number; hits: SearchHit[] }> {
  const query = toLuceneQuery(options.text);
  // The folded index's analyzer folds plain terms itself, but Lucene does not analyse fuzzy terms
  // ("société~1"): that index is asked with the text folded as the loader folds names (model/fold.ts).
  const folded = toLuceneQuery(foldText(options.text)) ?? query;
  // Ranking and the page's entities in one transaction: one round trip fewer per search.
  const { total, page, entities } = await readTx(async (tx) => {
    const exact: string[] = [];
    for (const [label, ids] of groupByLabel(options.exactIds)) {
      if (options.labels !== null && !options.labels.includes(label)) continue;
      for (const row of await tx.run(cypher(EXACT, { label }), { ids, scope: options.scope })) {
        if (!exact.includes(String(row.id))) exact.push(String(row.id));
      }
    }
    // Exact identifier matches rank first; the full-text ranking continues after them.
    const page: [string, number][] = exact
      .slice(options.skip, options.skip + options.limit)
      .map((id) => [id, Number.POSITIVE_INFINITY]);
    let total = exact.length;
    if (query !== undefined) {
      const from = Math.max(0, options.skip - exact.length);
      const [row] = await tx.run(cypher(SEARCH_PAGE), {
        query,
        folded,
        labels: options.labels,
        exclude: exact,
        scope: options.scope,
        max: int(MAX_SEARCH_MATCHES),
        from: int(from),
        to: int(from + options.limit - page.length),
      });
      total += Number(row?.total ?? 0);
      for (const hit of (row?.page ?? []) as { id: string; score: number }[])
        page.push([hit.id, Number(hit.score)]);
    }
    const ids = page.map(([id]) => id);
    return { total, page, entities: await loadEntitiesIn(tx, ids, options.scope) };
  }).catch((error: unknown) => {
    throw missingIndex(error) ?? error;
  });
  return {
    total,
    hits: page.flatMap(([id, score]) => {
      const entity = entities.get(id);
      return entity ? [{ entity, score }] : [];
    }),
  };
}

/**
 * The full-text indexes come from cypher/schema (migration 005): without them the procedure fails.
 * Said as what it is, with the command that fixes it, rather than an unexpected error.
 */
function missingIndex(error: unknown): SchemaNotReadyError | undefined {
  // Only the procedure's own failure: an unreachable database is another error (and its text may
  // quote the query, index names included).
  if (!(error instanceof StoreError) || error.code !== 'STORE_ERROR') return undefined;
  if (!/no such fulltext schema index/i.test(error.message)) return undefined;
  return new SchemaNotReadyError(
    'store/search: the full-text search indexes are missing (database migrations pending). ' +
      'Run `npm run migrate` (built: `node dist/scripts/migrate.js`), or restart the server, which applies them.',
    { cause: error },
  );
}
