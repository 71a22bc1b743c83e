/**
 * Key actors of one network: PageRank (weighted) and betweenness (unweighted: entity-graph weights
 * are strengths, not distances) on the network's induced subgraph, plus the bridges from the
 * network to other networks (summed link weight and the strongest member pairs).
 */
import { UndirectedGraph } from 'graphology';
import betweennessImport from 'graphology-metrics/centrality/betweenness.js';
import pagerankImport from 'graphology-metrics/centrality/pagerank.js';
import { cjsDefault } from './cjs.ts';
import type { EEdgeAttributes, EGraph, ENodeAttributes } from './types.ts';

const pagerank = cjsDefault(pagerankImport);
const betweenness = cjsDefault(betweennessImport);

export interface Centrality {
  pagerank: number;
  betweenness: number;
}

export interface Bridge {
  /** Key of the other network. */
  network: string;
  weight: number;
  /** Strongest links: [member here, member there, weight]. */
  links: Array<[string, string, number]>;
}

export const DEFAULTS = {
  /** Strongest member pairs kept per bridge. */
  bridgeLinks: 3,
};

/** The induced subgraph of `members` (sorted insertion, so results do not depend on input order). */
export function inducedSubgraph(graph: EGraph, members: readonly string[]): EGraph {
  const sub: EGraph = new UndirectedGraph<ENodeAttributes, EEdgeAttributes>();
  const set = new Set(members);
  for (const node of [...members].sort())
    if (graph.hasNode(node)) sub.addNode(node, graph.getNodeAttributes(node));
  for (const node of sub.nodes()) {
    graph.forEachEdge(node, (_edge, attributes, source, target) => {
      if (source !== node || !set.has(target) || source === target) return;
      sub.addUndirectedEdge(source, target, attributes);
    });
  }
  return sub;
}

export function centralities(graph: EGraph, members: readonly string[]): Map<string, Centrality> {
  const sub = inducedSubgraph(graph, members);
  const result = new Map<string, Centrality>();
  if (sub.order === 0) return result;
  const ranks =
    sub.size === 0
      ? Object.fromEntries(sub.nodes().map((n) => [n, 1 / sub.order]))
      : pagerank(sub, { getEdgeWeight: 'weight', maxIterations: 200, tolerance: 1e-9 });
  const between = sub.order > 2 ? betweenness(sub, { getEdgeWeight: null, normalized: true }) : {};
  for (const node of sub.nodes()) {
    result.set(node, { pagerank: ranks[node] ?? 0, betweenness: between[node] ?? 0 });
  }
  return result;
}

export function bridges(
  graph: EGraph,
  members: readonly string[],
  networkOf: ReadonlyMap<string, string>,
  self: string,
  options: { bridgeLinks?: number } = {},
): Bridge[] {
  const keep = options.bridgeLinks ?? DEFAULTS.bridgeLinks;
  const byNetwork = new Map<string, Bridge>();
  for (const member of members) {
    if (!graph.hasNode(member)) continue;
    graph.forEachEdge(member, (_edge, attributes, source, target) => {
      const other = source === member ? target : source;
      const network = networkOf.get(other);
      if (network === undefined || network === self) return;
      const bridge = byNetwork.get(network) ?? { network, weight: 0, links: [] };
      bridge.weight += attributes.weight;
      bridge.links.push([member, other, attributes.weight]);
      byNetwork.set(network, bridge);
    });
  }
  return [...byNetwork.values()]
    .map((bridge) => ({
      ...bridge,
      links: bridge.links.sort((a, b) => b[2] - a[2] || (a[0] + a[1] < b[0] + b[1] ? -1 : 1)).slice(0, keep),
    }))
    .sort((a, b) => b.weight - a.weight || (a.network < b.network ? -1 : 1));
}
