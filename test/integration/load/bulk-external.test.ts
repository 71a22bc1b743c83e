/**
 * Bulk first load against an external server (NEO4J_URI): Skein never stops or writes another
 * server's store, so it checks the database is empty, writes the import files and the importer's
 * command for the operator, and imports nothing; `--bulk-finish` refuses a database that does not
 * hold what the files hold.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BulkLoadResult, finishBulkImport, runBulkLoad } from '../../../src/jobs/bulk-load.ts';
import { cleanDatabase, closeDriver, countNodes } from '../../support/db.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = resolve(root, '.skein/test-bulk-external');
const file = resolve(root, 'test/fixtures/tiny/bank-a-statements.csv');

describe('bulk first load into an external server', () => {
  let result: BulkLoadResult;
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await cleanDatabase();
    result = await runBulkLoad({
      extracts: [{ file, mapping: 'bank-a', rejectsFile: join(dir, 'bank-a.rejects.jsonl') }],
      dir,
      embedded: undefined,
      uri: 'bolt://db.example:7687',
      migrationsDir: join(root, 'cypher/schema'),
      workers: 0,
    });
  }, 300_000);
  afterAll(closeDriver);

  it('writes the import files and the command, and imports nothing', async () => {
    expect(result.imported).toBe(false);
    expect(await countNodes()).toBe(0);
    expect(result.command).toMatch(/^neo4j-admin database import full/);
    for (const f of result.files) {
      expect(existsSync(f.data) && existsSync(f.header)).toBe(true);
      expect(result.command).toContain(f.data);
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'bulk-manifest.json'), 'utf8'));
    expect(manifest.extracts[0]).toMatchObject({ rowsRead: 825, rowsLoaded: 821, rowsRejected: 4 });
    expect(manifest.relationships.PAID).toBeGreaterThan(0);
  });

  it('--bulk-finish refuses a database that does not hold what the files hold', async () => {
    await expect(finishBulkImport({ dir, migrationsDir: join(root, 'cypher/schema') })).rejects.toThrow(
      /holds 0 nodes and 0 relationships after the import, the files \d+ and \d+/,
    );
  });
});
