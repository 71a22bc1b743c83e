/** Facts about the connected Neo4j server. */
import { executeRead, withDeadline } from './run.ts';

/** e.g. "5.26.30 community". */
export async function serverVersion(): Promise<string> {
  const rows = await withDeadline(
    executeRead(
      'CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition',
      {},
      {
        timeoutMs: 2_000,
      },
    ),
    2_000,
  );
  const row = rows[0];
  return `${row?.version ?? 'unknown'} ${row?.edition ?? ''}`.trim();
}
