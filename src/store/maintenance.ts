/**
 * Wipes every node but the schema-migration records, in batches so a large graph needs no huge
 * transaction. For tests and benchmarks on scratch databases only: nothing in the served API calls it.
 */
import { writeTx } from './run.ts';

const DELETE_BATCH =
  'MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted';

export async function deleteAllData(): Promise<void> {
  for (;;) {
    const deleted = await writeTx(async (tx) => Number((await tx.run(DELETE_BATCH))[0]?.deleted ?? 0), {
      timeoutMs: 600_000,
      metadata: { purpose: 'delete-all-data' },
    });
    if (deleted === 0) return;
  }
}
