/**
 * Keeps the full-text index's `search` property current: every spelling of a name across extracts
 * (`names`) joined into one string, for the nodes an extract mentions. Run after each load.
 */
import { executeAutoCommit } from './run.ts';

const REFRESH = `
MATCH (:Extract {id: $extract})-[:MENTIONS]->(n)
WHERE n.names IS NOT NULL AND size(n.names) > 1
CALL (n) {
  SET n.search = reduce(text = '', name IN n.names | text + ' ' + name)
} IN TRANSACTIONS OF 5000 ROWS`;

export async function refreshSearchText(extractId: string): Promise<void> {
  await executeAutoCommit(
    REFRESH,
    { extract: extractId },
    { timeoutMs: 600_000, metadata: { purpose: 'search-text' } },
  );
}
