/** Database helpers for integration tests: each test file cleans the one shared Community database. */
import { closeDriver } from '../../src/store/driver.ts';
import { executeRead, writeTx } from '../../src/store/run.ts';

/** Deletes every node except the migration records, in batches so a big graph does not need a huge transaction. */
export async function cleanDatabase(): Promise<void> {
  for (;;) {
    const deleted = await writeTx(async (tx) => {
      const rows = await tx.run(
        'MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted',
      );
      return Number(rows[0]?.deleted ?? 0);
    });
    if (deleted === 0) return;
  }
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
