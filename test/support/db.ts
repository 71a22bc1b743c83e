/** Database helpers for integration tests: each test file cleans the one shared Community database. */
import { closeDriver } from '../../src/store/driver.ts';
import { rebuildFlowSummaries } from '../../src/store/flow-summary.ts';
import { deleteAllData } from '../../src/store/maintenance.ts';
import { refreshMinorFacts } from '../../src/store/minor-facts.ts';
import { mentionFacts } from '../../src/store/read/facts.ts';
import { executeRead, executeWrite } from '../../src/store/run.ts';

/** Deletes every node except the migration records (see src/store/maintenance.ts). */
export async function cleanDatabase(): Promise<void> {
  await deleteAllData();
}

export async function countNodes(label?: string): Promise<number> {
  const rows = await executeRead(
    label === undefined
      ? 'MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) AS c'
      : 'MATCH (n) WHERE $label IN labels(n) RETURN count(n) AS c',
    { label },
  );
  return Number(rows[0]?.c ?? 0);
}

export { closeDriver };

/**
 * For graphs built by hand in Cypher (not through the loader): records on every MENTIONS the facts
 * the loader would have written there, as if each mentioning extract had recorded all the node's
 * properties and spellings. Restricted viewers see node values only through these facts. The
 * payments' summaries (store/flow-summary.ts) are built as the loader would have kept them.
 */
export async function recordMentionFactsAsLoaded(): Promise<void> {
  const rows = await executeRead(
    'MATCH (:Extract)-[m:MENTIONS]->(n) WHERE m.search IS NULL RETURN elementId(m) AS mention, properties(n) AS props',
  );
  const mentions = rows.map((row) => {
    const { id: _id, names, search: _search, ...props } = row.props as Record<string, unknown>;
    const facts = mentionFacts(props, (names as string[] | null) ?? []);
    const text = [props.name, ...((names as string[] | null) ?? [])].filter((t) => typeof t === 'string');
    return { mention: row.mention, facts: { ...facts, search: text.length > 0 ? text.join(' ') : null } };
  });
  await executeWrite(
    'UNWIND $mentions AS x MATCH ()-[m:MENTIONS]->() WHERE elementId(m) = x.mention SET m += x.facts',
    { mentions },
  );
  await rebuildFlowSummaries();
  await refreshMinorFacts();
}
