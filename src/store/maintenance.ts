/**
 * Wipes every node but the schema-migration records, in batches so a large graph needs no huge
 * transaction. For tests and benchmarks on scratch databases only: nothing in the served API calls it.
 */
import { resetScopeCache } from './read/scope-cache.ts';
import { writeTx } from './run.ts';

// Relationships go first, in batches of their own: a DETACH DELETE of 10,000 nodes drags every
// relationship of theirs into one transaction, and an Extract or a hub account holds hundreds of
// thousands (a 20,000-person world ran a 1 GB heap out of memory that way).
const DELETE_RELATIONSHIPS = 'MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*) AS deleted';
const DELETE_NODES =
  'MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted';

export async function deleteAllData(): Promise<void> {
  for (const statement of [DELETE_RELATIONSHIPS, DELETE_NODES]) {
    for (;;) {
      const deleted = await writeTx(async (tx) => Number((await tx.run(statement))[0]?.deleted ?? 0), {
        timeoutMs: 600_000,
        metadata: { purpose: 'delete-all-data' },
      });
      if (deleted === 0) break;
    }
  }
  resetScopeCache();
}
