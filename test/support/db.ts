/** Database helpers for integration tests: each test file cleans the one shared Community database. */
import { closeDriver } from '../../src/store/driver.ts';
import { deleteAllData } from '../../src/store/maintenance.ts';
import { executeRead } from '../../src/store/run.ts';

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
