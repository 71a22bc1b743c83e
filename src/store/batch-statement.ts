/**
 * The one statement a load's batch is written with (store/write.ts writeBatch): the checkpoint
 * check, every node label, every structural link and every event of the batch, and the new
 * checkpoint, in a single round trip. Nodes and links are merged in Cypher (the first value of a
 * property wins, every spelling of a name is kept), so nothing is read back to the loader first.
 *
 * Why one statement: a batch used to take a dozen round trips (the checkpoint read, per label a
 * lookup, a create and an update, per structural type a lookup and up to three writes, the events,
 * the checkpoint write). On a busy machine each trip waits for a core twice; at a million rows they
 * took 180 s beside the payments' 299 s (docs/benchmarks/2026-12-07-online-load.md).
 *
 * Labels and types reach the text only through cypher.ts's allow-lists; parameter names are made
 * here (`g0`, `g1`, …: one per group). A text is built once per batch shape (the sequence of
 * groups), and a load has a handful of shapes.
 */
import type { EntityLabel } from '../model/labels.ts';
import { type RelationshipType, relationshipSpec } from '../model/relationships.ts';
import { cypher } from './cypher.ts';

/** Every batch query starts with this (see store/write.ts BATCH_PLAN for why). */
const BATCH_PLAN = 'CYPHER replan=skip';

/**
 * The mention's search text: the extract's name, its other spellings and its search forms (an IBAN
 * spaced in fours...). Search reads it from the mention (index mention_search), so a viewer finds a
 * node only by what an extract they may see recorded.
 */
export const MENTION_SEARCH = `m.search = CASE WHEN m.p_name IS NULL AND m.names IS NULL AND m.p_search IS NULL THEN null
  ELSE trim(reduce(t = coalesce(m.p_name, '') + ' ' + coalesce(m.p_search, ''), x IN coalesce(m.names, []) | t + ' ' + x)) END`;

/**
 * Nodes of one label: created or found through the id's uniqueness constraint (MERGE also guards a
 * concurrent load of another extract), the properties the node lacks filled and new spellings
 * appended to `names`; then the extract's mention, made when missing (its count comes with the
 * load's counts), with the facts it lacks and the spellings it lacks. Only what is missing is
 * written: a property already set is never rewritten with the same value. The mention keeps the
 * values this extract recorded (read/facts.ts): what a viewer of this extract alone may see.
 * Rows: {id, props, names, facts, firstRow}.
 */
const NODE_PART = `CALL (e) {
  UNWIND $__P__ AS row
  MERGE (n:__LABEL__ {id: row.id})
  FOREACH (k IN [k IN keys(row.props) WHERE n[k] IS NULL] | SET n[k] = row.props[k])
  WITH e, row, n, [x IN row.names WHERE n.names IS NULL OR NOT x IN n.names] AS spellings
  FOREACH (_ IN CASE WHEN size(spellings) > 0 THEN [1] ELSE [] END | SET n.names = coalesce(n.names, []) + spellings)
  MERGE (e)-[m:MENTIONS]->(n)
  ON CREATE SET m.firstRow = row.firstRow, m.rows = 0
  FOREACH (k IN [k IN keys(row.facts) WHERE k <> 'names' AND m[k] IS NULL] | SET m[k] = row.facts[k])
  WITH row, m, [x IN coalesce(row.facts.names, []) WHERE m.names IS NULL OR NOT x IN m.names] AS spellings
  FOREACH (_ IN CASE WHEN size(spellings) > 0 THEN [1] ELSE [] END | SET m.names = coalesce(m.names, []) + spellings)
  SET ${MENTION_SEARCH}
}`;

/**
 * __FACT__: for a type whose facts between one pair differ by a property (RELATED_TO by kind,
 * PARTY_TO by capacity: model/core.ts `distinct`), ` {factKey: row.factKey}`, so each kind is
 * its own relationship with its own values and provenance, whatever order extracts load in;
 * empty for other types, which are one relationship per endpoint pair.
 */
const FACT = ' {factKey: row.factKey}';

/**
 * Structural links of one type, found and written in one pass. New: the first recorder's values
 * and provenance, `extracts` (with `extractRows`) listing it, so its viewers see the link
 * (store/cypher.ts REL_VISIBLE, REL_PROPS). Recorded first by this extract (an earlier batch):
 * the values it lacks. Recorded first by another extract: this one joins `extracts` and adds no
 * values — the link's values are its first recorder's, and a viewer of this extract alone must
 * not see them. Rows: {from, to, props (with row), factKey?}.
 */
const STRUCTURAL_PART = `CALL (e) {
  UNWIND $__P__ AS row
  MATCH (a:__FROM__ {id: row.from})
  MATCH (b:__TO__ {id: row.to})
  MERGE (a)-[r:__TYPE____FACT__]->(b)
  ON CREATE SET r += row.props, r.extract = $extract, r.extracts = [$extract], r.extractRows = [row.props.row]
  WITH row, r, r.extract = $extract AS own, coalesce(r.extracts, [r.extract]) AS recorders
  FOREACH (k IN CASE WHEN own THEN [k IN keys(row.props) WHERE r[k] IS NULL] ELSE [] END | SET r[k] = row.props[k])
  FOREACH (_ IN CASE WHEN NOT own AND NOT $extract IN recorders THEN [1] ELSE [] END |
    SET r.extracts = recorders + $extract, r.extractRows = coalesce(r.extractRows, [r.row]) + row.props.row)
}`;

/**
 * Events of one type: one per key, found through the key's uniqueness constraint (MERGE on a
 * pattern would scan every PAID of a busy account); an event already loaded from another extract
 * is kept as it is. The same statement as store/write.ts EVENT_CREATE (the benchmark's floor).
 * Rows: {from, to, props (with key and row)}.
 */
export const EVENT_BODY = `UNWIND $__P__ AS row
OPTIONAL MATCH ()-[known:__TYPE__ {key: row.props.key}]->()
WITH row WHERE known IS NULL
MATCH (a:__FROM__ {id: row.from})
MATCH (b:__TO__ {id: row.to})
CREATE (a)-[r:__TYPE__]->(b)
SET r = row.props, r.extract = $extract`;

const EVENT_PART = `CALL (e) {
  ${EVENT_BODY.replaceAll('\n', '\n  ')}
}`;

/**
 * The batch: locks the Extract (by writing its checkpoint back unchanged) and reads its
 * checkpoint; only when the batch begins after it are its groups written and the checkpoint
 * moved, so a batch is applied exactly once (a retried commit, a rerun of a killed load). Returns
 * the checkpoint found and the load that wrote it.
 */
const BATCH = `${BATCH_PLAN}
MATCH (e:Extract {id: $extract})
SET e.checkpointLine = coalesce(e.checkpointLine, 0)
WITH e, e.checkpointLine AS done, e.checkpointBy AS by
CALL (e, done) {
  WITH e WHERE done < $firstLine
__PARTS__
  SET e.checkpointLine = $line, e.rows = $rows, e.loaded = $loaded, e.rejected = $rejected,
      e.checkpointBy = $by
}
RETURN done AS line, by`;

export type BatchPart =
  | { kind: 'nodes'; label: EntityLabel }
  | { kind: 'links'; type: RelationshipType; fromLabel: EntityLabel; toLabel: EntityLabel };

/** The parameter holding the rows of the batch's i-th group. */
export const groupParameter = (index: number): string => `g${index}`;

const statements = new Map<string, string>();

function partText(part: BatchPart, index: number): string {
  const named = (template: string) => template.replaceAll('__P__', groupParameter(index));
  if (part.kind === 'nodes') return cypher(named(NODE_PART), { label: part.label });
  const spec = relationshipSpec(part.type);
  const fill = { type: part.type, from: part.fromLabel, to: part.toLabel };
  if (spec.event) return cypher(named(EVENT_PART), fill);
  return cypher(named(STRUCTURAL_PART).replaceAll('__FACT__', spec.distinct === undefined ? '' : FACT), fill);
}

/**
 * The statement for a batch of these groups, in this order (nodes before the links between them).
 * Parameters: $extract, $firstLine, $line, $rows, $loaded, $rejected, $by and one `g<i>` per group.
 */
export function batchStatement(parts: readonly BatchPart[]): string {
  const key = parts
    .map((p) => (p.kind === 'nodes' ? p.label : `${p.type}|${p.fromLabel}|${p.toLabel}`))
    .join(',');
  let text = statements.get(key);
  if (text === undefined) {
    const body = parts.map((part, i) => `  ${partText(part, i).replaceAll('\n', '\n  ')}`).join('\n');
    text = BATCH.replace('__PARTS__', body);
    statements.set(key, text);
  }
  return text;
}

/** A new model (an extension) may change labels and types: texts are built again. */
export function clearBatchStatements(): void {
  statements.clear();
}
