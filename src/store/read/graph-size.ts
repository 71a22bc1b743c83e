/**
 * How big the analysis graph will be, before anything is read: node and relationship totals of the
 * entity labels and relationship types a run reads, from Neo4j's count store (constant time per
 * label or type, no scan). An upper bound for a scoped or windowed run, which reads less — the
 * right side to err on when sizing the heap of the analysis that will hold it. Counts only, over
 * labels and types every analysis reads: nothing here is shown to a viewer.
 */
import { type EntityLabel, entityLabels } from '../../model/labels.ts';
import { type RelationshipType, relationshipTypes } from '../../model/relationships.ts';
import { MATCH_TYPES } from '../../model/resolution-contract.ts';
import { cypher } from '../cypher.ts';
import { executeRead } from '../run.ts';

export interface GraphSize {
  nodes: number;
  relationships: number;
  /**
   * Of the relationships, the match relationships (SAME_AS, POSSIBLY_SAME_AS, NOT_SAME_AS): with
   * any, the analysis may build a second graph of identities beside the records' (jobs/engine.ts).
   */
  matches: number;
}

const meta = { metadata: { purpose: 'analysis-sizing' } };

export async function graphSize(
  labels: readonly EntityLabel[] = entityLabels(),
  types: readonly RelationshipType[] = relationshipTypes(),
): Promise<GraphSize> {
  let nodes = 0;
  for (const label of labels) {
    const rows = await executeRead(cypher('MATCH (n:__LABEL__) RETURN count(n) AS c', { label }), {}, meta);
    nodes += Number(rows[0]?.c ?? 0);
  }
  let relationships = 0;
  let matches = 0;
  for (const type of types) {
    const rows = await executeRead(
      cypher('MATCH ()-[r:__TYPE__]->() RETURN count(r) AS c', { type }),
      {},
      meta,
    );
    const count = Number(rows[0]?.c ?? 0);
    relationships += count;
    if ((MATCH_TYPES as readonly string[]).includes(type)) matches += count;
  }
  return { nodes, relationships, matches };
}
