/**
 * Paths between two entities.
 * - shortestPaths: all shortest paths (capped) over the chosen relationship types, only through
 *   what the viewer may see; with `identities`, also across the SAME_AS the viewer may read (each
 *   such step is an edge of the path: it says which records were taken as one).
 * - moneyPaths: time-respecting money paths between accounts: each PAID hop no earlier than the
 *   one before, found hop by hop with the earliest arrival per account (a temporal BFS), so the
 *   search stays linear in the edges it touches instead of enumerating every walk.
 */

import { pushTo } from '../../model/group.ts';
import type { RelationshipType } from '../../model/relationships.ts';
import { MATCH_TYPES } from '../../model/resolution-contract.ts';
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { type Row, readTx } from '../run.ts';
import { type EntityRecord, loadEntities, type Props, toEntity } from './entities.ts';
import type { EdgeRecord } from './neighbourhood.ts';
import { coveredBy, scopeParameter } from './record-scope.ts';
import type { ReadScope } from './scope.ts';

export interface PathRecord {
  nodes: EntityRecord[];
  edges: EdgeRecord[];
}

const SHORTEST = `
MATCH (a:__FROM__ {id: $from}), (b:__TO__ {id: $to})
WHERE VISIBLE(a) AND VISIBLE(b)
MATCH p = allShortestPaths((a)-[rels*..__HOPS__]-(b))
WHERE all(r IN rels WHERE (type(r) IN $types AND REL_VISIBLE(r))
    OR ($identities AND type(r) = 'SAME_AS' AND ${coveredBy('r', 'matchScope')}))
  AND all(x IN nodes(p) WHERE VISIBLE(x))
WITH p LIMIT $limit
RETURN [x IN nodes(p) | {labels: labels(x), props: PROPS(x)}] AS nodes,
       [r IN relationships(p) | {relId: elementId(r), type: type(r), from: startNode(r).id, to: endNode(r).id,
         props: CASE WHEN type(r) = 'SAME_AS' THEN properties(r) ELSE REL_PROPS(r) END}] AS edges`;

function toPath(row: Row): PathRecord {
  const nodes = (row.nodes as Row[])
    .map((n) => toEntity(n))
    .filter((n): n is EntityRecord => n !== undefined);
  const edges = (row.edges as Row[]).map((e) => ({
    relId: String(e.relId),
    type: e.type as RelationshipType,
    from: String(e.from),
    to: String(e.to),
    props: e.props as Props,
  }));
  return { nodes, edges };
}

export async function shortestPaths(options: {
  from: EntityRecord;
  to: EntityRecord;
  maxHops: number;
  types: readonly RelationshipType[];
  limit: number;
  scope: ReadScope;
  /** Cross the SAME_AS the viewer may read: the records of one identity are one step apart. */
  identities?: boolean;
}): Promise<PathRecord[]> {
  if (options.from.id === options.to.id) return [{ nodes: [options.from], edges: [] }];
  const rows = await readTx((tx) =>
    tx.run(cypher(SHORTEST, { from: options.from.label, to: options.to.label, hops: options.maxHops }), {
      from: options.from.id,
      to: options.to.id,
      // Match relationships are never links between things; SAME_AS only as `identities` says.
      types: options.types.filter((t) => !(MATCH_TYPES as readonly string[]).includes(t)),
      identities: options.identities === true,
      matchScope: scopeParameter(options.scope),
      limit: int(options.limit),
      scope: options.scope,
    }),
  );
  return rows.map(toPath);
}

const MONEY_HOP = `
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})-[r:PAID]->(b:Account)
WHERE r.at >= f.arrival AND REL_VISIBLE(r) AND VISIBLE(b)
  AND ($until IS NULL OR r.at <= $until) AND ($minAmount IS NULL OR r.amount >= $minAmount)
WITH f, r, b ORDER BY r.at, elementId(r)
WITH f, collect({r: r, b: b.id, props: REL_PROPS(r)})[0..$perNode] AS out
UNWIND out AS o
RETURN f.id AS from, o.b AS to, elementId(o.r) AS relId, o.props AS props, o.r.at AS at`;

/**
 * Time-respecting money paths from one account to another with the fewest hops: every hop leaves
 * no earlier than the money arrived. Returns up to `limit` such paths.
 */
export async function moneyPaths(options: {
  from: string;
  to: string;
  maxHops: number;
  since: string | null;
  until: string | null;
  minAmount: number | null;
  limit: number;
  perNode: number;
  scope: ReadScope;
}): Promise<PathRecord[]> {
  // The walk's state lives inside the work: a retried read starts it afresh.
  const { hopOf, reachedBy, found } = await readTx(async (tx) => {
    // predecessors[account] = edges by which the money reached it at the hop it was first reached
    const arrival = new Map<string, string>([[options.from, options.since ?? '0000']]);
    const hopOf = new Map<string, number>([[options.from, 0]]);
    const reachedBy = new Map<string, EdgeRecord[]>();
    let frontier = [{ id: options.from, arrival: options.since ?? '0000' }];
    let found = false;
    for (let hop = 1; hop <= options.maxHops && frontier.length > 0 && !found; hop++) {
      const rows = await tx.run(cypher(MONEY_HOP), {
        frontier,
        until: options.until,
        minAmount: options.minAmount,
        perNode: int(options.perNode),
        scope: options.scope,
      });
      const next = new Map<string, string>();
      for (const row of rows) {
        const to = String(row.to);
        const at = String(row.at);
        if (hopOf.has(to) && hopOf.get(to)! < hop) continue;
        hopOf.set(to, hop);
        const edge: EdgeRecord = {
          relId: String(row.relId),
          type: 'PAID',
          from: String(row.from),
          to,
          props: row.props as Props,
        };
        pushTo(reachedBy, to, edge);
        const best = next.get(to);
        if (best === undefined || at < best) next.set(to, at);
        if (to === options.to) found = true;
      }
      for (const [id, at] of next) arrival.set(id, at);
      frontier = [...next.entries()]
        .filter(([id]) => id !== options.to)
        .map(([id, at]) => ({ id, arrival: at }));
    }
    return { hopOf, reachedBy, found };
  });
  if (!found) return [];
  // Walk back from the target through edges that respect time, collecting up to `limit` paths.
  const paths: EdgeRecord[][] = [];
  const walk = (account: string, leaveBy: string, suffix: EdgeRecord[]) => {
    if (paths.length >= options.limit) return;
    if (account === options.from) {
      paths.push(suffix);
      return;
    }
    for (const edge of reachedBy.get(account) ?? []) {
      const at = String(edge.props.at);
      if (at > leaveBy) continue;
      if (hopOf.get(edge.from) !== (hopOf.get(account) ?? 0) - 1) continue;
      walk(edge.from, at, [edge, ...suffix]);
    }
  };
  walk(options.to, '9999', []);
  const ids = new Set(paths.flatMap((p) => p.flatMap((e) => [e.from, e.to])));
  const entities = await loadEntities([...ids], options.scope);
  return paths.map((edges) => ({
    nodes: [options.from, ...edges.map((e) => e.to)]
      .map((id) => entities.get(id))
      .filter((e): e is EntityRecord => !!e),
    edges,
  }));
}
