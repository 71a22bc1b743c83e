/**
 * The neighbourhood of an entity, hop by hop: at each hop every frontier node contributes at most
 * `limitPerNode` relationships (a page), and the rest is reported as "N more" so a super-hub never
 * floods the result. Only model relationships (never provenance or analysis links), only what the
 * viewer may see, only inside the time window.
 *
 * Match relationships (SAME_AS, POSSIBLY_SAME_AS, NOT_SAME_AS) are not links between things: they
 * are never followed as one (they are readable by another rule, model/resolution-contract.ts). With
 * `identities`, the records of one identity (read/identities.ts) act as one: wherever a record is
 * reached, the other records of its identity join the answer at the same depth and are expanded
 * too, and the answer lists the identities it merged.
 */
import { labelOfId } from '../../model/ids.ts';
import type { RelationshipType } from '../../model/relationships.ts';
import { MATCH_TYPES } from '../../model/resolution-contract.ts';
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { readTx, type Tx } from '../run.ts';
import { type EntityRecord, groupByLabel, type Props, toEntity } from './entities.ts';
import { type IdentityComponent, identitiesIn } from './identities.ts';
import type { ReadScope } from './scope.ts';

export interface EdgeRecord {
  relId: string;
  type: RelationshipType;
  from: string;
  to: string;
  props: Props;
}

export interface NeighbourhoodResult {
  centre: EntityRecord | undefined;
  nodes: { entity: EntityRecord; depth: number }[];
  edges: EdgeRecord[];
  /** Nodes whose links were cut to a page: how many were shown and how many exist. */
  truncated: { id: string; shown: number; total: number }[];
  /** With `identities`: the identities whose records the answer holds two or more of. */
  identities: IdentityComponent[];
}

export interface NeighbourhoodOptions {
  id: string;
  depth: number;
  types: readonly RelationshipType[];
  since: string | null;
  until: string | null;
  limitPerNode: number;
  scope: ReadScope;
  /** Follow identities: the records of one identity act as one (default false). */
  identities?: boolean;
}

/**
 * One hop for the whole frontier in one query, whatever its labels: frontier nodes are found again
 * by element id (a direct seek; an element id names its node for as long as the node exists).
 * The same time window in both subqueries (the count and the page): events by `at` (an aggregated
 * payment by its period [at, until]), spells by `from`/`to`; undated links always pass.
 */
const HOP = `
UNWIND $frontier AS ref
MATCH (n) WHERE elementId(n) = ref
CALL (n) {
  RETURN COUNT { MATCH (n)-[r]-(o) WHERE type(r) IN $types AND REL_VISIBLE(r) AND VISIBLE(o)
    AND ($since IS NULL OR coalesce(r.until, r.at, r.to, r.from) IS NULL OR coalesce(r.until, r.at, r.to, r.from) >= $since)
    AND ($until IS NULL OR coalesce(r.at, r.from, r.to) IS NULL OR coalesce(r.at, r.from, r.to) <= $until) } AS total
}
CALL (n) {
  MATCH (n)-[r]-(o) WHERE type(r) IN $types AND REL_VISIBLE(r) AND VISIBLE(o)
    AND ($since IS NULL OR coalesce(r.until, r.at, r.to, r.from) IS NULL OR coalesce(r.until, r.at, r.to, r.from) >= $since)
    AND ($until IS NULL OR coalesce(r.at, r.from, r.to) IS NULL OR coalesce(r.at, r.from, r.to) <= $until)
  RETURN r, o ORDER BY type(r), o.id, elementId(r) LIMIT $limit
}
RETURN n.id AS id, total, elementId(r) AS relId, type(r) AS type, startNode(r).id AS start, endNode(r).id AS end,
       REL_PROPS(r) AS rel, elementId(o) AS ref, labels(o) AS labels, PROPS(o) AS props`;

const CENTRE = `
MATCH (n:__LABEL__ {id: $id}) WHERE VISIBLE(n)
RETURN elementId(n) AS ref, labels(n) AS labels, PROPS(n) AS props`;

const RECORDS = `
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id}) WHERE VISIBLE(n)
RETURN elementId(n) AS ref, labels(n) AS labels, PROPS(n) AS props`;

/** Records by id with their element ids (for the next hop), in the caller's transaction. */
async function recordsIn(tx: Tx, ids: readonly string[], scope: ReadScope) {
  const out: { ref: string; entity: EntityRecord }[] = [];
  for (const [label, labelIds] of groupByLabel(ids)) {
    for (const row of await tx.run(cypher(RECORDS, { label }), { ids: labelIds, scope })) {
      const entity = toEntity(row);
      if (entity) out.push({ ref: String(row.ref), entity });
    }
  }
  return out;
}

export async function neighbourhood(options: NeighbourhoodOptions): Promise<NeighbourhoodResult> {
  const result: NeighbourhoodResult = {
    centre: undefined,
    nodes: [],
    edges: [],
    truncated: [],
    identities: [],
  };
  const types = options.types.filter((t) => !(MATCH_TYPES as readonly string[]).includes(t));
  const merged = new Map<string, IdentityComponent>();
  const label = labelOfId(options.id);
  if (label === undefined || label === 'Extract') return result;
  const edges = new Map<string, EdgeRecord>();
  // The centre and every hop in one read (each statement its own auto-commit transaction, see
  // Executor.read): a hop asks for the element ids the previous one found; one deleted in between
  // is not found, as it would not be at read-committed isolation in one transaction either.
  await readTx(async (tx) => {
    // A retried read starts afresh (Executor.read).
    result.centre = undefined;
    result.nodes = [];
    result.truncated = [];
    edges.clear();
    merged.clear();
    const [centreRow] = await tx.run(cypher(CENTRE, { label }), { id: options.id, scope: options.scope });
    const centre = centreRow ? toEntity(centreRow) : undefined;
    if (!centreRow || !centre) return;
    result.centre = centre;
    result.nodes.push({ entity: centre, depth: 0 });
    const depthOf = new Map<string, number>([[centre.id, 0]]);
    let frontier = [String(centreRow.ref)];
    let frontierIds = [centre.id];
    // The other records of the identities of `ids`, added at `depth` (and to the next hop).
    const mergeIdentities = async (ids: readonly string[], depth: number): Promise<string[]> => {
      if (!options.identities || ids.length === 0) return [];
      const found = await identitiesIn(tx, ids, options.scope);
      const partners: string[] = [];
      for (const id of ids) {
        const identity = found.get(id);
        if (!identity) continue;
        merged.set(identity.id, identity);
        for (const other of identity.recordIds) if (!depthOf.has(other)) partners.push(other);
      }
      const refs: string[] = [];
      for (const { ref, entity } of await recordsIn(tx, [...new Set(partners)], options.scope)) {
        if (depthOf.has(entity.id)) continue;
        depthOf.set(entity.id, depth);
        result.nodes.push({ entity, depth });
        refs.push(ref);
      }
      return refs;
    };
    frontier.push(...(await mergeIdentities(frontierIds, 0)));
    for (let depth = 1; depth <= options.depth && frontier.length > 0; depth++) {
      const rows = await tx.run(cypher(HOP), {
        frontier,
        types,
        since: options.since,
        until: options.until,
        limit: int(options.limitPerNode),
        scope: options.scope,
      });
      const next: string[] = [];
      frontierIds = [];
      const shownPerNode = new Map<string, { shown: number; total: number }>();
      for (const row of rows) {
        const id = String(row.id);
        const counts = shownPerNode.get(id) ?? { shown: 0, total: Number(row.total) };
        counts.shown++;
        shownPerNode.set(id, counts);
        const other = toEntity(row);
        if (!other) continue;
        edges.set(String(row.relId), {
          relId: String(row.relId),
          type: row.type as RelationshipType,
          from: String(row.start),
          to: String(row.end),
          props: row.rel as Props,
        });
        if (!depthOf.has(other.id)) {
          depthOf.set(other.id, depth);
          result.nodes.push({ entity: other, depth });
          next.push(String(row.ref));
          frontierIds.push(other.id);
        }
      }
      for (const [id, counts] of shownPerNode) {
        if (counts.total > counts.shown) result.truncated.push({ id, ...counts });
      }
      // Records reached at this depth bring their identities' other records to the same depth.
      next.push(...(await mergeIdentities(frontierIds, depth)));
      frontier = next;
    }
  });
  result.edges = [...edges.values()];
  // Only identities the answer holds two or more records of merged anything.
  const inAnswer = new Set(result.nodes.map((n) => n.entity.id));
  result.identities = [...merged.values()]
    .filter((i) => i.recordIds.filter((id) => inAnswer.has(id)).length > 1)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return result;
}
