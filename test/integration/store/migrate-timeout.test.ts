/**
 * Migrations rewrite data over the whole store (011 summarises every payment): on a bulk-imported
 * million rows that took longer than the API's 30 s transaction timeout, and the bulk load died in
 * its migrations. Here the API's timeout is set to its minimum (100 ms) for this file only, and a
 * migration that needs longer than that must still apply.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.SKEIN_TX_TIMEOUT_MS = '100';
});

import { config } from '../../../src/config.ts';
import { migrate } from '../../../src/store/migrate.ts';
import { executeRead, executeWrite } from '../../../src/store/run.ts';
import { closeDriver } from '../../support/db.ts';

const id = '900_test_longer_than_the_api_timeout';
const dir = mkdtempSync(join(tmpdir(), 'skein-migrate-timeout-'));
// Ten million rows through a filter: seconds of work on any machine, far beyond 100 ms.
writeFileSync(
  join(dir, `${id}.cypher`),
  'UNWIND range(1, 10000000) AS x WITH x WHERE x = -1 RETURN count(x);\n',
);

describe('a migration longer than the API transaction timeout', () => {
  afterAll(async () => {
    await executeWrite('MATCH (m:SchemaMigration {id: $id}) DELETE m', { id }, { timeoutMs: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    await closeDriver();
  });

  it('applies (the API timeout is for reads that answer a user, not for maintenance)', async () => {
    expect(config().neo4j.txTimeoutMs).toBe(100);
    const result = await migrate(dir);
    expect(result.applied).toEqual([id]);
    const rows = await executeRead(
      'MATCH (m:SchemaMigration {id: $id}) RETURN m.id AS id',
      { id },
      { timeoutMs: 60_000 },
    );
    expect(rows).toHaveLength(1);
  });
});
