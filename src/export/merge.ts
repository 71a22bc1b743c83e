/**
 * Merges subgraphs (a network and the neighbourhoods expanded from it) into one, de-duplicating
 * entities and relationships by id. Used by the viewer when a node is expanded and by the export
 * route for `?expand=`, so a file holds what the view showed. Pure: runs in Node and the browser.
 */
import type { GraphExport } from './types.ts';

export function mergeGraphs(base: GraphExport, ...others: GraphExport[]): GraphExport {
  const nodes = new Map(base.nodes.map((n) => [n.id, n]));
  const edges = new Map(base.edges.map((e) => [e.id, e]));
  const truncated = new Map((base.truncated ?? []).map((t) => [t.id, t]));
  for (const other of others) {
    for (const node of other.nodes) {
      const known = nodes.get(node.id);
      // The base keeps its own attributes (network role, centrality); new entities come as they are.
      if (!known) nodes.set(node.id, node);
    }
    for (const edge of other.edges) if (!edges.has(edge.id)) edges.set(edge.id, edge);
    for (const t of other.truncated ?? []) truncated.set(t.id, t);
  }
  const merged: GraphExport = { ...base, nodes: [...nodes.values()], edges: [...edges.values()] };
  if (truncated.size > 0) merged.truncated = [...truncated.values()];
  return merged;
}
