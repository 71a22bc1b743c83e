/**
 * Key actors of one network: PageRank (weighted) and betweenness (unweighted: entity-graph weights
 * are strengths, not distances) on the network's induced subgraph, plus the bridges from the
 * network to other networks (summed link weight and the strongest member pairs).
 */
import { UndirectedGraph } from 'graphology';
import betweennessImport from 'graphology-metrics/centrality/betweenness.js';
import pagerankImport from 'graphology-metrics/centrality/pagerank.js';
import { cjsDefault } from './cjs.ts';
import { type CompactGraph, indexOf } from './compact.ts';
import type { EEdgeAttributes, EGraph, ENodeAttributes, LinkKind } from './types.ts';

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

/** The entity graph as the projection returns it: compact form plus node and link attributes. */
export interface EntityGraphView {
  compact: CompactGraph;
  nodes: readonly ENodeAttributes[];
  kinds: ReadonlyArray<Partial<Record<LinkKind, number>>>;
}

export interface EntityLink {
  source: string;
  target: string;
  weight: number;
  kinds: Partial<Record<LinkKind, number>>;
}

/**
 * Calls `visit` for every link of `node` in adjacency order (the order a graphology graph of the
 * same entity graph visits them); `source` is the link's source as stored.
 */
export function forEachLink(view: EntityGraphView, node: string, visit: (link: EntityLink) => void): void {
  const { compact } = view;
  const i = indexOf(compact).get(node);
  if (i === undefined) return;
  for (let slot = compact.offsets[i]!; slot < compact.offsets[i + 1]!; slot++) {
    const e = compact.slotEdge[slot]!;
    visit({
      source: compact.ids[compact.edgeU[e]!]!,
      target: compact.ids[compact.edgeV[e]!]!,
      weight: compact.edgeW[e]!,
      kinds: view.kinds[e]!,
    });
  }
}

export const DEFAULTS = {
  /** Strongest member pairs kept per bridge. */
  bridgeLinks: 3,
};

/** The induced subgraph of `members` (sorted insertion, so results do not depend on input order). */
export function inducedSubgraph(view: EntityGraphView, members: readonly string[]): EGraph {
  const sub: EGraph = new UndirectedGraph<ENodeAttributes, EEdgeAttributes>();
  const set = new Set(members);
  const index = indexOf(view.compact);
  for (const node of [...members].sort()) {
    const i = index.get(node);
    if (i !== undefined) sub.addNode(node, view.nodes[i]!);
  }
  for (const node of sub.nodes()) {
    forEachLink(view, node, ({ source, target, weight, kinds }) => {
      if (source !== node || !set.has(target) || source === target) return;
      sub.addUndirectedEdge(source, target, { weight, kinds });
    });
  }
  return sub;
}

export function centralities(graph: EntityGraphView, members: readonly string[]): Map<string, Centrality> {
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
  graph: EntityGraphView,
  members: readonly string[],
  networkOf: ReadonlyMap<string, string>,
  self: string,
  options: { bridgeLinks?: number } = {},
): Bridge[] {
  const keep = options.bridgeLinks ?? DEFAULTS.bridgeLinks;
  const byNetwork = new Map<string, Bridge>();
  for (const member of members) {
    forEachLink(graph, member, ({ source, target, weight }) => {
      const other = source === member ? target : source;
      const network = networkOf.get(other);
      if (network === undefined || network === self) return;
      const bridge = byNetwork.get(network) ?? { network, weight: 0, links: [] };
      bridge.weight += weight;
      bridge.links.push([member, other, weight]);
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
