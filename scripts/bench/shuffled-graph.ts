/** Load-order checks: the bench and the unit tests shuffle a graph the same way. */
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { seededRng } from '../../src/analyse/rng.ts';
import type { HGraph } from '../../src/analyse/types.ts';

/** The same graph with its nodes and relationships added in a seeded shuffled order. */
export function shuffledGraph(graph: HGraph, seed: number): HGraph {
  const rng = seededRng(seed);
  const shuffle = <T>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  const copy = createHGraph();
  for (const node of shuffle(graph.nodes())) copy.addNode(node, { ...graph.getNodeAttributes(node) });
  for (const edge of shuffle(graph.edges())) {
    copy.addDirectedEdgeWithKey(edge, graph.source(edge), graph.target(edge), {
      ...graph.getEdgeAttributes(edge),
    });
  }
  return copy;
}
