/** A synthetic subgraph of a given size (seeded), to measure the viewer with thousands of nodes. */
import type { GraphExport } from '../../src/export/types.ts';

const LABELS = ['Person', 'Account', 'Phone', 'Address', 'Organisation', 'Email'];

export function syntheticGraph(nodes: number, edgesPerNode: number, seed = 1): GraphExport {
  let state = seed;
  const rand = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const provenance = [
    {
      extractId: 'extract:synthetic',
      extractName: 'synthetic.csv',
      source: 'test',
      jurisdiction: 'GB',
      sha256: '0'.repeat(64),
      firstRow: 2,
    },
  ];
  const graph: GraphExport = {
    title: 'synthetic',
    generatedAt: new Date(0).toISOString(),
    nodes: [],
    edges: [],
  };
  for (let i = 0; i < nodes; i++) {
    const label = LABELS[i % LABELS.length] as string;
    graph.nodes.push({
      id: `${label.toLowerCase()}:s${i}`,
      label,
      name: `${label} ${i}`,
      props: i % 10 === 0 ? { centrality: rand(), networkRole: i % 20 === 0 ? 'implicated' : 'exposed' } : {},
      provenance,
    });
  }
  // Clustered: most links stay within a block of 50, some jump, like real networks.
  for (let i = 0; i < nodes; i++) {
    for (let k = 0; k < edgesPerNode; k++) {
      const block = Math.floor(i / 50) * 50;
      const j = rand() < 0.9 ? block + Math.floor(rand() * 50) : Math.floor(rand() * nodes);
      if (j === i || j >= nodes) continue;
      const paid = rand() < 0.5;
      graph.edges.push({
        id: `n:s${i}-${k}`,
        type: paid ? 'PAID' : 'CALLED',
        from: graph.nodes[i]!.id,
        to: graph.nodes[j]!.id,
        props: paid
          ? {
              amount: Math.round(rand() * 5000),
              currency: 'GBP',
              at: `2024-01-${String(1 + (k % 28)).padStart(2, '0')}`,
            }
          : { seconds: 60, at: '2024-01-05T10:00:00Z' },
        provenance: { extractId: 'extract:synthetic', row: i + 2 },
      });
    }
  }
  return graph;
}
