/**
 * GEXF 1.3 (Gephi), written by graphology-gexf from a directed multigraph: node label = name,
 * viz colour by type, every property and the provenance as GEXF attributes.
 */
import { MultiDirectedGraph } from 'graphology';
import { write } from 'graphology-gexf';
import { edgeAttributes, edgeWeight, nodeAttributes } from './attributes.ts';
import { colourOf } from './palette.ts';
import type { GraphExport } from './types.ts';

export function toGexf(graph: GraphExport): string {
  const g = new MultiDirectedGraph();
  for (const node of graph.nodes) g.mergeNode(node.id, { node });
  for (const edge of graph.edges) {
    // An edge needs both ends in the file; the store only returns edges between returned nodes.
    if (!g.hasNode(edge.from) || !g.hasNode(edge.to) || g.hasEdge(edge.id)) continue;
    g.addDirectedEdgeWithKey(edge.id, edge.from, edge.to, { edge });
  }
  return write(g, {
    version: '1.3',
    pretty: true,
    formatNode: (_key, attributes) => {
      const node = (attributes as { node: GraphExport['nodes'][number] }).node;
      return { label: node.name, attributes: nodeAttributes(node), viz: { color: colourOf(node.label) } };
    },
    formatEdge: (_key, attributes) => {
      const edge = (attributes as { edge: GraphExport['edges'][number] }).edge;
      return { label: edge.type, weight: edgeWeight(edge), attributes: edgeAttributes(edge) };
    },
  });
}
