/**
 * Issue 17, item 13: without `npm run migrate` the server started and `search` answered
 * "Unexpected error." (no full-text index). Now the server and the load CLI apply pending
 * migrations at start (ensureSchema), refuse with the command when they cannot, and a missing
 * index is said as SERVICE_UNAVAILABLE naming `npm run migrate`.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSchema, migrate, migrationsPending, SchemaNotReadyError } from '../../src/store/migrate.ts';
import { executeSchema, executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { client } from './client.ts';

const dir = resolve(import.meta.dirname, '../../cypher/schema');
const gql = client();

/** The state of a database where migrations 005 and 007 (the search indexes) were never applied. */
async function withoutSearchIndexes() {
  await executeSchema('DROP INDEX mention_search IF EXISTS');
  await executeSchema('DROP INDEX entity_ids IF EXISTS');
  await executeSchema('DROP INDEX entity_ids_v2 IF EXISTS');
  await executeWrite(
    "MATCH (m:SchemaMigration) WHERE m.id IN ['005_search_by_source', '007_model_vehicles_items_offences_reports'] DELETE m",
  );
}

describe('the schema where it is needed', () => {
  beforeAll(async () => {
    await cleanDatabase();
    await migrate(dir);
  });
  afterAll(async () => {
    await migrate(dir); // whatever happened, leave the schema complete for the next file
    await closeDriver();
  });

  it('search without its index answers SERVICE_UNAVAILABLE naming `npm run migrate`, not "Unexpected error."', async () => {
    await withoutSearchIndexes();
    const { data, errors } = await gql('{ search(text: "Ana") { totalCount } }');
    expect(data?.search ?? null).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(errors?.[0]?.message).toContain('npm run migrate');
    expect(errors?.[0]?.message).not.toContain('Unexpected error');
  });

  it('ensureSchema (server and load CLI start) applies what is pending, and search works again', async () => {
    await withoutSearchIndexes();
    const pending = ['005_search_by_source', '007_model_vehicles_items_offences_reports'];
    expect(await migrationsPending(dir)).toEqual(pending);
    const result = await ensureSchema(dir);
    expect(result.applied).toEqual(pending);
    expect(await migrationsPending(dir)).toEqual([]);
    const { data, errors } = await gql('{ search(text: "Ana") { totalCount } }');
    expect(errors).toBeUndefined();
    expect(data?.search.totalCount).toBe(0);
  });

  it('refuses, naming `npm run migrate`, when a pending migration cannot be applied', async () => {
    // A real failure from Neo4j (a statement it rejects), as a user without schema rights would get.
    const broken = mkdtempSync(join(tmpdir(), 'skein-migrations-'));
    try {
      cpSync(dir, broken, { recursive: true });
      writeFileSync(
        join(broken, '999_cannot_apply.cypher'),
        'CREATE INDEX broken IF NOT EXISTS FOR (n) ON (n.x);\n',
      );
      const failure = await ensureSchema(broken).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SchemaNotReadyError);
      expect((failure as Error).message).toMatch(/999_cannot_apply.*npm run migrate/s);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
