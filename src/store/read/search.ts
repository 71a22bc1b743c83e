/**
 * Full-text search over names and identifiers (index entity_search_v2: name, id, search). User text
 * never reaches the Lucene parser raw: every term is escaped, so `(`, `"`, `AND`, `*` or a lone
 * backslash are searched for, not interpreted.
 */
import type { EntityLabel } from '../../model/labels.ts';
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
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

const SEARCH_IDS = `
CALL db.index.fulltext.queryNodes('entity_search_v2', $query, {limit: $max}) YIELD node, score
WHERE ($labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)) AND VISIBLE(node)
RETURN node.id AS id, score ORDER BY score DESC, id`;

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
  // Ranking and the page's entities in one transaction: one round trip fewer per search.
  const { total, page, entities } = await readTx(async (tx) => {
    const order = new Map<string, number>();
    for (const [label, ids] of groupByLabel(options.exactIds)) {
      if (options.labels !== null && !options.labels.includes(label)) continue;
      for (const row of await tx.run(cypher(EXACT, { label }), { ids, scope: options.scope })) {
        order.set(String(row.id), Number.POSITIVE_INFINITY);
      }
    }
    if (query !== undefined) {
      const rows = await tx.run(cypher(SEARCH_IDS), {
        query,
        labels: options.labels,
        scope: options.scope,
        max: int(MAX_SEARCH_MATCHES),
      });
      for (const row of rows) if (!order.has(String(row.id))) order.set(String(row.id), Number(row.score));
    }
    const ranked = [...order.entries()];
    const page = ranked.slice(options.skip, options.skip + options.limit);
    const ids = page.map(([id]) => id);
    return { total: ranked.length, page, entities: await loadEntitiesIn(tx, ids, options.scope) };
  });
  return {
    total,
    hits: page.flatMap(([id, score]) => {
      const entity = entities.get(id);
      return entity ? [{ entity, score }] : [];
    }),
  };
}
