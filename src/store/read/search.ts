/**
 * Full-text search over names and identifiers: names, spellings and search forms as each extract
 * recorded them (indexes mention_search and its accent-folded twin mention_search_folded, on the
 * extract's MENTIONS, so only what the viewer's extracts hold is found), identifiers on the nodes
 * (index entity_ids_v2). User text
 * never reaches the Lucene parser raw: every term is escaped, so `(`, `"`, `AND`, `*` or a lone
 * backslash are searched for, not interpreted.
 *
 * A minor whose details are withheld from the viewer (WITHHELD, store/minors-cypher.ts) is found by
 * nothing — not by a name, a spelling or an identifier — and not counted: a name that finds a
 * placeholder would tell who the child is.
 */
import { foldText } from '../../model/fold.ts';
import type { EntityLabel } from '../../model/labels.ts';
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { StoreError } from '../errors.ts';
import { SchemaNotReadyError } from '../migrate.ts';
import { readTx } from '../run.ts';
import { type EntityRecord, groupByLabel, loadEntitiesIn } from './entities.ts';
import { type IdentityComponent, identitiesIn } from './identities.ts';
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
  /** The hit's best-ranked record. */
  entity: EntityRecord;
  score: number;
  /** The identity the record belongs to, as the viewer may know it; undefined when alone. */
  identity?: IdentityComponent;
  /** The records of that identity that matched, best first (the entity alone when it has none). */
  records: EntityRecord[];
}

/** Matches beyond this many are not ranked or counted: a search that broad needs more words. */
export const MAX_SEARCH_MATCHES = 10_000;

/**
 * The full-text matches' count and one page of them, ranked. Counted and paged here, not in Node:
 * a common surname matches thousands of entities, and sending them all back to keep ten cost more
 * than finding them. Identities (read/identities.ts) fold several matches into one hit: the matches
 * with any SAME_AS (`linked`, usually few) are listed in rank order, and then the ranking is sent
 * from its start far enough to fill the page after folding (each fold drops one hit at most).
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
  AND NOT WITHHELD(node)
WITH node.id AS id, score, EXISTS { (node)-[:SAME_AS]-() } AS linked ORDER BY score DESC, id LIMIT $max
WITH collect({id: id, score: score, linked: linked}) AS ranked
WITH ranked, [h IN ranked WHERE h.linked | h.id] AS linked
RETURN size(ranked) AS total, linked,
       CASE WHEN size(linked) = 0 THEN ranked[$from..$to] ELSE ranked[0..$headTo + size(linked)] END AS page`;

const EXACT = `
MATCH (n:__LABEL__) WHERE n.id IN $ids AND VISIBLE(n) AND NOT WITHHELD(n)
RETURN n.id AS id`;

export interface SearchOptions {
  text: string;
  /** Ids the caller derived from the text (a phone in E.164, an IBAN): ranked first when they exist. */
  exactIds: string[];
  labels: EntityLabel[] | null;
  skip: number;
  limit: number;
  scope: ReadScope;
  /** Fold the records of one identity into one hit (default true). */
  identities?: boolean;
}

/**
 * Hits in relevance order with the total count (at most MAX_SEARCH_MATCHES): exact identifier
 * matches first, then full-text matches by score. Records of one identity (as the viewer may know
 * it) are one hit, placed where its best record ranks, listing every record of it that matched;
 * the total counts hits after folding. Only the requested page is loaded.
 */
export async function searchEntities(options: SearchOptions): Promise<{ total: number; hits: SearchHit[] }> {
  const query = toLuceneQuery(options.text);
  // The folded index's analyzer folds plain terms itself, but Lucene does not analyse fuzzy terms
  // ("société~1"): that index is asked with the text folded as the loader folds names (model/fold.ts).
  const folded = toLuceneQuery(foldText(options.text)) ?? query;
  const fold = options.identities !== false;
  // Ranking, identities and the page's entities in one read, statement after statement.
  const { total, groups, entities } = await readTx(async (tx) => {
    const exact: string[] = [];
    for (const [label, ids] of groupByLabel(options.exactIds)) {
      if (options.labels !== null && !options.labels.includes(label)) continue;
      for (const row of await tx.run(cypher(EXACT, { label }), { ids, scope: options.scope })) {
        if (!exact.includes(String(row.id))) exact.push(String(row.id));
      }
    }
    // Exact identifier matches rank first; the full-text ranking continues after them.
    const ranked: [string, number][] = exact.map((id) => [id, Number.POSITIVE_INFINITY]);
    let identities = fold
      ? await identitiesIn(tx, exact, options.scope)
      : new Map<string, IdentityComponent>();
    const exactGroups = foldHits(ranked, identities, exact);
    let total = exactGroups.length;
    let groups = exactGroups.slice(options.skip, options.skip + options.limit);
    if (query !== undefined) {
      const from = Math.max(0, options.skip - exactGroups.length);
      const [row] = await tx.run(cypher(SEARCH_PAGE), {
        query,
        folded,
        labels: options.labels,
        exclude: exact,
        scope: options.scope,
        max: int(MAX_SEARCH_MATCHES),
        from: int(from),
        to: int(from + options.limit - groups.length),
        headTo: int(options.skip + options.limit),
      });
      const found = Number(row?.total ?? 0);
      const linked = ((row?.linked ?? []) as string[]).map(String);
      const hits = ((row?.page ?? []) as { id: string; score: number }[]).map((h): [string, number] => [
        String(h.id),
        Number(h.score),
      ]);
      if (!fold || linked.length === 0) {
        // Nothing to fold among the full-text matches: the page came as a window, as before.
        total += found;
        groups.push(...hits.map(([id, score]) => ({ id, score, records: [id] })));
      } else {
        identities = await identitiesIn(tx, [...exact, ...linked], options.scope);
        const all = foldHits([...ranked, ...hits], identities, [...exact, ...linked]);
        total = exact.length + found - foldedAway(identities, [...exact, ...linked]);
        groups = all.slice(options.skip, options.skip + options.limit);
      }
    }
    const ids = groups.flatMap((g) => g.records);
    return { total, groups, entities: await loadEntitiesIn(tx, ids, options.scope) };
  }).catch((error: unknown) => {
    throw missingIndex(error) ?? error;
  });
  return {
    total,
    hits: groups.flatMap((group) => {
      const entity = entities.get(group.id);
      if (!entity) return [];
      const records = group.records.flatMap((id) => entities.get(id) ?? []);
      return [
        { entity, score: group.score, records, ...(group.identity ? { identity: group.identity } : {}) },
      ];
    }),
  };
}

interface HitGroup {
  id: string;
  score: number;
  identity?: IdentityComponent;
  records: string[];
}

/**
 * Ranked ids → one group per identity (or lone record), in rank order; each group lists the
 * records of its identity among `matched` (every match that has an identity, in rank order).
 */
function foldHits(
  ranked: readonly [string, number][],
  identities: ReadonlyMap<string, IdentityComponent>,
  matched: readonly string[],
): HitGroup[] {
  const membersOf = new Map<string, string[]>();
  for (const id of new Set(matched)) {
    const identity = identities.get(id);
    if (!identity) continue;
    const list = membersOf.get(identity.id) ?? [];
    list.push(id);
    membersOf.set(identity.id, list);
  }
  const groups = new Map<string, HitGroup>();
  for (const [id, score] of ranked) {
    const identity = identities.get(id);
    const key = identity?.id ?? id;
    if (groups.has(key)) continue;
    const members = identity ? (membersOf.get(identity.id) ?? [id]) : [id];
    groups.set(key, { id, score, records: members, ...(identity ? { identity } : {}) });
  }
  return [...groups.values()];
}

/** How many matches folding removes: for each identity, every matched record but one. */
function foldedAway(identities: ReadonlyMap<string, IdentityComponent>, matched: readonly string[]): number {
  const perIdentity = new Map<string, number>();
  for (const id of new Set(matched)) {
    const identity = identities.get(id);
    if (identity) perIdentity.set(identity.id, (perIdentity.get(identity.id) ?? 0) + 1);
  }
  let away = 0;
  for (const count of perIdentity.values()) away += count - 1;
  return away;
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
