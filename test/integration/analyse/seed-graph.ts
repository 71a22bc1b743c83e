/**
 * Writes a hand-built heterogeneous graph (test/unit/analyse/world.ts) into Neo4j with plain Cypher,
 * label by label and type by type, so detection can be tested end to end before the loader exists.
 */
import type { HGraph } from '../../../src/analyse/types.ts';
import { executeWrite } from '../../../src/store/run.ts';

export async function writeGraph(graph: HGraph): Promise<void> {
  const byLabel = new Map<string, Array<Record<string, unknown>>>();
  graph.forEachNode((id, attributes) => {
    const { label, ...props } = attributes;
    byLabel.set(label, [...(byLabel.get(label) ?? []), { ...props, id }]);
  });
  for (const [label, rows] of byLabel) {
    await executeWrite(`UNWIND $rows AS row CREATE (n:${label}) SET n = row`, { rows });
  }
  const byType = new Map<string, Array<Record<string, unknown>>>();
  graph.forEachEdge((_key, attributes, source, target) => {
    const { type, ...props } = attributes;
    const group = `${type}|${graph.getNodeAttribute(source, 'label')}|${graph.getNodeAttribute(target, 'label')}`;
    byType.set(group, [...(byType.get(group) ?? []), { from: source, to: target, props }]);
  });
  for (const [group, rows] of byType) {
    const [type, from, to] = group.split('|');
    await executeWrite(
      `UNWIND $rows AS row MATCH (a:${from} {id: row.from}) MATCH (b:${to} {id: row.to})
       CREATE (a)-[r:${type}]->(b) SET r = row.props`,
      { rows },
    );
  }
}
