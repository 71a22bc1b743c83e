/**
 * The neighbourhood of an entity, hop by hop: at each hop every frontier node contributes at most
 * `limitPerNode` relationships (a page), and the rest is reported as "N more" so a super-hub never
 * floods the result. Only model relationships (never provenance or analysis links), only what the
 * viewer may see, only inside the time window.
 */
import type { RelationshipType } from '../../model/relationships.ts';
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { type Row, readTx } from '../run.ts';
import { type EntityRecord, groupByLabel, loadEntities, type Props, toEntity } from './entities.ts';
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

/** Time window on a relationship: events by `at`, spells by `from`/`to`; undated links always pass. */
const IN_WINDOW = `type(r) IN $types AND REL_VISIBLE(r) AND VISIBLE(o)
    AND ($since IS NULL OR coalesce(r.at, r.to, r.from) IS NULL OR coalesce(r.at, r.to, r.from) >= $since)
    AND ($until IS NULL OR coalesce(r.at, r.from, r.to) IS NULL OR coalesce(r.at, r.from, r.to) <= $until)`;

const HOP = `
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
CALL (n) {
  RETURN COUNT { MATCH (n)-[r]-(o) WHERE ${IN_WINDOW} } AS total
}
CALL (n) {
  MATCH (n)-[r]-(o) WHERE ${IN_WINDOW}
  RETURN r, o ORDER BY type(r), o.id, elementId(r) LIMIT $limit
}
RETURN id, total, elementId(r) AS relId, type(r) AS type, startNode(r).id AS start, endNode(r).id AS end,
       properties(r) AS rel, labels(o) AS labels, properties(o) AS props`;

export async function neighbourhood(options: NeighbourhoodOptions): Promise<NeighbourhoodResult> {
  const centre = (await loadEntities([options.id], options.scope)).get(options.id);
  const result: NeighbourhoodResult = { centre, nodes: [], edges: [], truncated: [] };
  if (!centre) return result;
  const depthOf = new Map<string, number>([[centre.id, 0]]);
  const edges = new Map<string, EdgeRecord>();
  result.nodes.push({ entity: centre, depth: 0 });
  let frontier = [centre.id];
  await readTx(async (tx) => {
    for (let depth = 1; depth <= options.depth && frontier.length > 0; depth++) {
      const rows: Row[] = [];
      for (const [label, ids] of groupByLabel(frontier)) {
        rows.push(
          ...(await tx.run(cypher(HOP, { label }), {
            ids,
            types: options.types,
            since: options.since,
            until: options.until,
            limit: int(options.limitPerNode),
            scope: options.scope,
          })),
        );
      }
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
          next.push(other.id);
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
