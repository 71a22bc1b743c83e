/**
 * A compact, undirected, weighted graph over dense integer node indexes: the form community
 * detection, centralities and bridges read the entity graph in.
 *
 * Why not a graphology graph: graphology keeps each node's neighbours in a plain object keyed by the
 * neighbour's key, and with string keys V8 builds a new hidden class for almost every insertion; on
 * ~400k links that alone took longer than Louvain. Typed arrays cost a few allocations in total.
 *
 * Orders are part of the contract, because Louvain and local moving break ties by visiting order:
 * `edgeU/edgeV/edgeW` list the edges in insertion order (u is the edge's source), and each node's
 * adjacency slots are in the order a graphology graph built with the same edges visits them.
 */
import { UndirectedGraph } from 'graphology';
import type { EGraph } from './types.ts';

export interface CompactGraph {
  /** Node keys by index. */
  ids: string[];
  /** Edges in insertion order; `edgeU[e]` is the edge's source. */
  edgeU: Int32Array;
  edgeV: Int32Array;
  edgeW: Float64Array;
  /** Adjacency: slots offsets[i] .. offsets[i + 1] - 1 belong to node i (a self-loop has one slot). */
  offsets: Int32Array;
  neighbour: Int32Array;
  slotEdge: Int32Array;
}

export function isCompactGraph(value: unknown): value is CompactGraph {
  return typeof value === 'object' && value !== null && (value as CompactGraph).offsets instanceof Int32Array;
}

/**
 * Builds the adjacency from an edge list, filling each node's slots in edge order. With edges
 * sorted by (smaller index, larger index), every node's neighbours come out in ascending index order,
 * which is how a string-keyed graphology graph built from the same sorted list visits them.
 */
export function compactFromEdges(
  ids: string[],
  edgeU: Int32Array,
  edgeV: Int32Array,
  edgeW: Float64Array,
): CompactGraph {
  const n = ids.length;
  const m = edgeU.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    offsets[edgeU[e]! + 1]! += 1;
    if (edgeU[e] !== edgeV[e]) offsets[edgeV[e]! + 1]! += 1;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const neighbour = new Int32Array(offsets[n]!);
  const slotEdge = new Int32Array(offsets[n]!);
  for (let e = 0; e < m; e++) {
    const u = edgeU[e]!;
    const v = edgeV[e]!;
    let slot = fill[u]!++;
    neighbour[slot] = v;
    slotEdge[slot] = e;
    if (u === v) continue;
    slot = fill[v]!++;
    neighbour[slot] = u;
    slotEdge[slot] = e;
  }
  return { ids, edgeU, edgeV, edgeW, offsets, neighbour, slotEdge };
}

/** The compact form of a graphology entity graph, keeping its node, edge and neighbour orders. */
export function compactFromGraph(graph: EGraph): CompactGraph {
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const m = graph.size;
  const edgeU = new Int32Array(m);
  const edgeV = new Int32Array(m);
  const edgeW = new Float64Array(m);
  const edgeIndex = new Map<string, number>();
  let e = 0;
  graph.forEachEdge((edge, attributes, source, target) => {
    edgeIndex.set(edge, e);
    edgeU[e] = index.get(source)!;
    edgeV[e] = index.get(target)!;
    edgeW[e] = attributes.weight;
    e++;
  });
  const offsets = new Int32Array(ids.length + 1);
  const neighbour: number[] = [];
  const slotEdge: number[] = [];
  ids.forEach((id, i) => {
    graph.forEachEdge(id, (edge, _attributes, source, target) => {
      neighbour.push(index.get(source === id ? target : source)!);
      slotEdge.push(edgeIndex.get(edge)!);
    });
    offsets[i + 1] = neighbour.length;
  });
  return {
    ids,
    edgeU,
    edgeV,
    edgeW,
    offsets,
    neighbour: Int32Array.from(neighbour),
    slotEdge: Int32Array.from(slotEdge),
  };
}

const indexCache = new WeakMap<CompactGraph, Map<string, number>>();

/** Node key → index (built once per graph). */
export function indexOf(graph: CompactGraph): Map<string, number> {
  let index = indexCache.get(graph);
  if (!index) {
    index = new Map(graph.ids.map((id, i) => [id, i]));
    indexCache.set(graph, index);
  }
  return index;
}

/** Weighted degree (a self-loop counts twice), as modularity defines it. */
export function strengths(graph: CompactGraph): Float64Array {
  const result = new Float64Array(graph.ids.length);
  for (let i = 0; i < graph.ids.length; i++) {
    let s = 0;
    for (let slot = graph.offsets[i]!; slot < graph.offsets[i + 1]!; slot++) {
      const e = graph.slotEdge[slot]!;
      s += graph.edgeU[e] === graph.edgeV[e] ? 2 * graph.edgeW[e]! : graph.edgeW[e]!;
    }
    result[i] = s;
  }
  return result;
}

/**
 * The same graph as a graphology graph keyed by node index ("0", "1"...), for the graphology
 * algorithms (Louvain): integer-like keys are stored as array elements, so building it is cheap.
 * Node and edge insertion orders are the compact graph's.
 */
export function indexedGraphologyGraph(graph: CompactGraph): UndirectedGraph<object, { weight: number }> {
  const result = new UndirectedGraph<object, { weight: number }>({ allowSelfLoops: true });
  for (let i = 0; i < graph.ids.length; i++) result.addNode(i);
  for (let e = 0; e < graph.edgeU.length; e++) {
    result.addUndirectedEdge(graph.edgeU[e]!, graph.edgeV[e]!, { weight: graph.edgeW[e]! });
  }
  return result;
}

/**
 * A read-only stand-in for a graphology graph keyed by node index, exposing exactly what
 * graphology-communities-louvain reads (its UndirectedLouvainIndex: `order`, `size`,
 * `selfLoopCount`, `type`, `multi`, `forEachNode`, `undirectedDegreeWithoutSelfLoops`, `forEachEdge`
 * and the edge weight through `getEdgeWeight`). Building a real graph of ~400k links took longer
 * than Louvain itself; this view costs nothing. A unit test pins that Louvain returns the same
 * partition on this view as on `indexedGraphologyGraph`; mutating calls throw.
 */
export function louvainView(graph: CompactGraph): {
  view: UndirectedGraph<object, { weight: number }>;
  getEdgeWeight: (edge: unknown, attributes: unknown) => number;
} {
  const n = graph.ids.length;
  let selfLoops = 0;
  for (let e = 0; e < graph.edgeU.length; e++) if (graph.edgeU[e] === graph.edgeV[e]) selfLoops++;
  const readOnly = (): never => {
    throw new Error('analyse/compact: the Louvain view of a compact graph is read-only');
  };
  const view = {
    type: 'undirected',
    multi: false,
    order: n,
    size: graph.edgeU.length,
    selfLoopCount: selfLoops,
    addUndirectedEdgeWithKey: readOnly,
    dropNode: readOnly,
    setNodeAttribute: readOnly,
    forEachNode(visit: (node: number) => void): void {
      for (let i = 0; i < n; i++) visit(i);
    },
    undirectedDegreeWithoutSelfLoops(node: number): number {
      let degree = 0;
      for (let slot = graph.offsets[node]!; slot < graph.offsets[node + 1]!; slot++) {
        if (graph.neighbour[slot] !== node) degree++;
      }
      return degree;
    },
    forEachEdge(
      visit: (
        edge: number,
        attributes: number,
        source: number,
        target: number,
        sa: undefined,
        ta: undefined,
        undirected: boolean,
      ) => void,
    ): void {
      for (let e = 0; e < graph.edgeU.length; e++) {
        visit(e, e, graph.edgeU[e]!, graph.edgeV[e]!, undefined, undefined, true);
      }
    },
  };
  return {
    view: view as unknown as UndirectedGraph<object, { weight: number }>,
    // The view hands each edge's index as its "attributes".
    getEdgeWeight: (_edge, attributes) => graph.edgeW[attributes as number]!,
  };
}
