/**
 * Builds the analysis graph (heterogeneous, multi, directed) from streamed store rows. Shared by the
 * in-process path (jobs/detect.ts loadGraph) and the analysis worker, so both see the same graph.
 */
import { createHGraph } from '../analyse/hgraph.ts';
import type { HGraph, PropValue } from '../analyse/types.ts';
import type { StreamedNode, StreamedRelationship } from '../store/read/projection.ts';

export interface GraphBuilder {
  graph: HGraph;
  node(node: StreamedNode): void;
  relationship(relationship: StreamedRelationship): void;
  /** Relationships skipped because an end was not streamed (or the id repeated). */
  dangling(): number;
}

export function graphBuilder(): GraphBuilder {
  const graph = createHGraph();
  let dangling = 0;
  return {
    graph,
    node(node) {
      graph.mergeNode(node.id, { ...(node.props as Record<string, PropValue>), label: node.label });
    },
    relationship(rel) {
      // Both ends were streamed unless one label was filtered out between the two passes.
      if (!graph.hasNode(rel.from) || !graph.hasNode(rel.to) || graph.hasEdge(rel.id)) {
        dangling++;
        return;
      }
      graph.addDirectedEdgeWithKey(rel.id, rel.from, rel.to, {
        ...(rel.props as Record<string, PropValue>),
        type: rel.type,
      });
    },
    dangling: () => dangling,
  };
}
