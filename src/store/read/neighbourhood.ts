/**
 * The neighbourhood of an entity, hop by hop: at each hop every frontier node contributes at most
 * `limitPerNode` relationships (a page), and the rest is reported as "N more" so a super-hub never
 * floods the result. Only model relationships (never provenance or analysis links), only what the
 * viewer may see, only inside the time window.
 */
import { labelOfId } from '../../model/ids.ts';
import type { RelationshipType } from '../../model/relationships.ts';
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { readTx } from '../run.ts';
import { type EntityRecord, type Props, toEntity } from './entities.ts';
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
}

export interface NeighbourhoodOptions {
  id: string;
  depth: number;
  types: readonly RelationshipType[];
  since: string | null;
  until: string | null;
  limitPerNode: number;
  scope: ReadScope;
}

/**
 * Time window on a relationship: events by `at` (an aggregated payment by its period [at, until]),
 * spells by `from`/`to`; undated links always pass.
 */
const IN_WINDOW = `type(r) IN $types AND REL_VISIBLE(r) AND VISIBLE(o)
    AND ($since IS NULL OR coalesce(r.until, r.at, r.to, r.from) IS NULL OR coalesce(r.until, r.at, r.to, r.from) >= $since)
    AND ($until IS NULL OR coalesce(r.at, r.from, r.to) IS NULL OR coalesce(r.at, r.from, r.to) <= $until)`;

/**
 * One hop for the whole frontier in one query, whatever its labels: frontier nodes are found again
 * by element id (a direct seek, valid within the transaction that returned them).
 */
const HOP = `
UNWIND $frontier AS ref
MATCH (n) WHERE elementId(n) = ref
CALL (n) {
  RETURN COUNT { MATCH (n)-[r]-(o) WHERE ${IN_WINDOW} } AS total
}
CALL (n) {
  MATCH (n)-[r]-(o) WHERE ${IN_WINDOW}
  RETURN r, o ORDER BY type(r), o.id, elementId(r) LIMIT $limit
}
RETURN n.id AS id, total, elementId(r) AS relId, type(r) AS type, startNode(r).id AS start, endNode(r).id AS end,
       REL_PROPS(r) AS rel, elementId(o) AS ref, labels(o) AS labels, PROPS(o) AS props`;

const CENTRE = `
MATCH (n:__LABEL__ {id: $id}) WHERE VISIBLE(n)
RETURN elementId(n) AS ref, labels(n) AS labels, PROPS(n) AS props`;

export async function neighbourhood(options: NeighbourhoodOptions): Promise<NeighbourhoodResult> {
  const result: NeighbourhoodResult = { centre: undefined, nodes: [], edges: [], truncated: [] };
  const label = labelOfId(options.id);
  if (label === undefined || label === 'Extract') return result;
  const edges = new Map<string, EdgeRecord>();
  // The centre and every hop in one transaction: element ids stay valid, and no round trip is
  // spent opening another.
  await readTx(async (tx) => {
    const [centreRow] = await tx.run(cypher(CENTRE, { label }), { id: options.id, scope: options.scope });
    const centre = centreRow ? toEntity(centreRow) : undefined;
    if (!centreRow || !centre) return;
    result.centre = centre;
    result.nodes.push({ entity: centre, depth: 0 });
    const depthOf = new Map<string, number>([[centre.id, 0]]);
    let frontier = [String(centreRow.ref)];
    for (let depth = 1; depth <= options.depth && frontier.length > 0; depth++) {
      const rows = await tx.run(cypher(HOP), {
        frontier,
        types: options.types,
        since: options.since,
        until: options.until,
        limit: int(options.limitPerNode),
        scope: options.scope,
      });
      const next: string[] = [];
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
        }
      }
      for (const [id, counts] of shownPerNode) {
        if (counts.total > counts.shown) result.truncated.push({ id, ...counts });
      }
      frontier = next;
    }
  });
  result.edges = [...edges.values()];
  return result;
}
