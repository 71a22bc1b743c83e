/**
 * Applies cypher/schema/*.cypher in file-name order, each once, and records what it applied as
 * (:SchemaMigration {id, checksum, appliedAt}) in the database itself, so any server (embedded or
 * external) knows its own schema version. Statements use IF NOT EXISTS, so a half-applied file
 * (crash between two statements) is simply applied again. An applied file that has since been
 * edited is refused: write a new migration instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../model/ids.ts';
import { executeRead, executeSchema, executeWrite } from './run.ts';

/**
 * Migrations rewrite data over the whole store (011 builds a summary from every payment), which
 * takes minutes on a big one, and right after a bulk import nothing else waits on them: the API's
 * transaction timeout (SKEIN_TX_TIMEOUT_MS, 30 s, sized for a user's read) would cut them off.
 */
export const MIGRATE_DEFAULTS = { timeoutMs: 6 * 3_600_000 };
const LONG = { timeoutMs: MIGRATE_DEFAULTS.timeoutMs, metadata: { purpose: 'migrate' } };

export interface Migration {
  id: string;
  checksum: string;
  statements: string[];
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/** Splits a migration file into statements: `;` at the end of a line ends one; `//` lines are comments. */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('//') || trimmed === '') continue;
    current.push(line);
    if (trimmed.endsWith(';')) {
      statements.push(current.join('\n').trim().replace(/;$/, ''));
      current = [];
    }
  }
  if (current.length > 0) statements.push(current.join('\n').trim());
  return statements;
}

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return { id: file.replace(/\.cypher$/, ''), checksum: sha256(text), statements: splitStatements(text) };
    });
}

export async function appliedMigrations(): Promise<Map<string, string>> {
  const rows = await executeRead(
    'MATCH (m:SchemaMigration) RETURN m.id AS id, m.checksum AS checksum',
    {},
    LONG,
  );
  return new Map(rows.map((r) => [String(r.id), String(r.checksum)]));
}

/**
 * Records migrations as applied without running them: for a store whose data a bulk import wrote
 * in the shape those (data-only) migrations would give it. Unknown ids are refused.
 */
export async function recordApplied(dir: string, ids: readonly string[]): Promise<void> {
  const known = new Map(readMigrations(dir).map((m) => [m.id, m]));
  for (const id of ids) {
    const migration = known.get(id);
    if (migration === undefined) throw new Error(`migrate: no migration ${id}.cypher in ${dir}`);
    await executeWrite(
      'MERGE (m:SchemaMigration {id: $id}) SET m.checksum = $checksum, m.appliedAt = datetime(), m.statements = $count, m.by = $by',
      { id, checksum: migration.checksum, count: migration.statements.length, by: 'bulk import' },
      LONG,
    );
  }
}

export async function migrate(
  dir: string,
  log: (line: string) => void = () => undefined,
): Promise<MigrateResult> {
  await executeSchema(
    'CREATE CONSTRAINT schema_migration_id IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.id IS UNIQUE',
    LONG,
  );
  const done = await appliedMigrations();
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of readMigrations(dir)) {
    const recorded = done.get(migration.id);
    if (recorded !== undefined) {
      if (recorded !== migration.checksum) {
        throw new Error(
          `migrate: ${migration.id}.cypher was changed after it was applied; ` +
            'migrations are immutable, so add a new numbered file instead.',
        );
      }
      result.alreadyApplied.push(migration.id);
      continue;
    }
    for (const statement of migration.statements) await executeSchema(statement, LONG);
    await executeWrite(
      'MERGE (m:SchemaMigration {id: $id}) SET m.checksum = $checksum, m.appliedAt = datetime(), m.statements = $count',
      { id: migration.id, checksum: migration.checksum, count: migration.statements.length },
      LONG,
    );
    log(`migrate: applied ${migration.id} (${migration.statements.length} statements)`);
    result.applied.push(migration.id);
  }
  // Constraints build their indexes in the background; queries planned before they are online
  // would fall back to label scans, so wait for them.
  await executeSchema('CALL db.awaitIndexes(300)', { ...LONG, timeoutMs: 310_000 });
  return result;
}

/** True when every migration file has been applied (the /ready check). */
export async function migrationsPending(dir: string): Promise<string[]> {
  const done = await appliedMigrations();
  return readMigrations(dir)
    .map((m) => m.id)
    .filter((id) => !done.has(id));
}

/**
 * The database schema is behind the code (migrations pending, or an index they create is missing).
 * The serve layer answers it as SERVICE_UNAVAILABLE with this message, never "Unexpected error.".
 */
export class SchemaNotReadyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchemaNotReadyError';
  }
}

/**
 * Wherever the schema is needed (the server and the load CLI at start): applies pending migrations,
 * or, when that fails (an external Neo4j whose user may not create indexes and constraints), refuses
 * with the command that fixes it. A schema that is up to date costs one read.
 */
export async function ensureSchema(
  dir: string,
  log: (line: string) => void = () => undefined,
): Promise<MigrateResult> {
  const pending = await migrationsPending(dir);
  if (pending.length === 0) return { applied: [], alreadyApplied: readMigrations(dir).map((m) => m.id) };
  log(`migrate: applying ${pending.length} pending migration(s): ${pending.join(', ')}`);
  try {
    return await migrate(dir, log);
  } catch (error) {
    throw new SchemaNotReadyError(
      `store/migrate: ${pending.length} migration(s) pending (${pending.join(', ')}) and applying them failed ` +
        `(${error instanceof Error ? error.message : error}). Run \`npm run migrate\` (built: \`node dist/scripts/migrate.js\`) ` +
        'as a Neo4j user allowed to create indexes and constraints, then start again.',
      { cause: error },
    );
  }
}
