/**
 * Bulk first load (`npm run load -- --bulk`): extracts into an EMPTY database through Neo4j's
 * offline importer instead of Cypher transactions. The steps, in order:
 *
 *   1. refuse unless the database is empty (nothing but migration records);
 *   2. read, normalise (worker threads) and merge the extracts into import files, while the
 *      server keeps running: the same mapping, accounting and rejects as the online loader;
 *   3. embedded server: stop it, import into its data directory, start it again.
 *      External server (NEO4J_URI): stop here, with the importer's command for its operator;
 *   4. migrations, the loader's constraints, indexes online; post-import derived data rebuilt;
 *   5. check the database holds what was written; one audit record per extract.
 *
 * Later extracts go through the online loader as usual: the result is the graph `npm run load`
 * makes from the same files, Extract nodes complete.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BulkWriteResult, writeBulkImport } from '../ingest/bulk/load.ts';
import type { LoadOptions, LoadProgress, LoadSummary } from '../ingest/load.ts';
import { appendAudit } from '../store/audit.ts';
import {
  awaitIndexes,
  databaseContents,
  importArguments,
  importCommandLine,
  runAdminImport,
  storeCounts,
} from '../store/bulk-import.ts';
import { closeDriver } from '../store/driver.ts';
import { type EmbeddedOptions, start, status, stop } from '../store/embedded.ts';
import { countFlowPairs, SUMMARY_TYPE } from '../store/flow-summary.ts';
import { migrate, recordApplied } from '../store/migrate.ts';
import { ensureLoadSchema } from '../store/write.ts';

/**
 * Data migrations whose result the import files already hold, recorded as applied after the
 * import rather than run (each named with why): 011 money summaries — written by the merge.
 */
const IMPORT_WROTE = ['011_money_flow_summaries'];

/**
 * 013 minors facts: when no person has a birth date, all it stores is each person's extracts
 * (`mnr_seenBy`), which the import files then hold (ingest/bulk/graph.ts); at ten million rows its
 * walk over every person and account took minutes. With a birth date anywhere, it runs.
 */
const MINOR_FACTS = '013_minor_facts';

/**
 * Migrations a later one undoes, recorded as applied rather than run on a new store: 014 builds a
 * money pair for every payer and payee, which 015 drops before building them for busy accounts
 * only (its indexes too) — at a million rows, minutes of writes only to be deleted.
 */
const SUPERSEDED = ['014_money_flow_pairs'];

export class NotEmptyError extends Error {
  constructor(where: string, labels: string[]) {
    super(
      `jobs/bulk-load: the database at ${where} already holds data (${labels.join(', ') || 'nodes'}). ` +
        '--bulk writes a whole new store and is only for a first load into an empty database. ' +
        'Load these extracts with `npm run load` without --bulk (the online loader adds to the graph), ' +
        'or, to replace the graph, empty the database first (embedded: `npm run neo4j -- stop` and remove its data directory).',
    );
    this.name = 'NotEmptyError';
  }
}

export interface BulkLoadOptions {
  extracts: LoadOptions[];
  /** Where the import files go. */
  dir: string;
  /** The embedded server to stop, import into and start; undefined for an external server (NEO4J_URI). */
  embedded: EmbeddedOptions | undefined;
  /** Shown in messages: the database's address. */
  uri: string;
  migrationsDir: string;
  workers?: number;
  /** Records per chunk a worker maps at once (ingest/bulk BULK_DEFAULTS.chunkSize). */
  chunkSize?: number;
  /** Heap and off-heap memory of the importer's JVM. */
  importHeap?: string;
  importOffHeap?: string;
  actor?: string;
  /**
   * Opens the connection again after the restart. Default: a new one from the configuration
   * (tests pointed at their own server pass one pointing there).
   */
  reconnect?: () => Promise<unknown>;
  log?: (line: string) => void;
  onProgress?: (progress: LoadProgress) => void;
  onFile?: (index: number, file: string) => void;
}

export interface BulkLoadResult extends BulkWriteResult {
  /** False for an external server: the files and the command are ready, nothing was imported. */
  imported: boolean;
  /** The importer's command line for the files (what an operator of an external server runs). */
  command: string;
  timings: { normalise: number; import: number; schema: number; total: number };
}

/** Written next to the import files: what they hold, for the finishing step to check against. */
const MANIFEST = 'bulk-manifest.json';

interface BulkManifest {
  format: 'skein-bulk/1';
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  extracts: Pick<
    LoadSummary,
    'name' | 'file' | 'mapping' | 'jurisdiction' | 'status' | 'rowsRead' | 'rowsLoaded' | 'rowsRejected'
  >[];
  command: string;
  /** Data migrations whose result the files hold (absent in files of an older Skein: they run). */
  wrote?: string[];
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function checkEmpty(uri: string): Promise<void> {
  const contents = await databaseContents();
  if (!contents.empty) throw new NotEmptyError(uri, contents.labels);
}

/** Counts in the database after the import: must be what the files hold. */
async function verify(result: Pick<BulkManifest, 'nodes' | 'relationships'>): Promise<void> {
  const counts = await storeCounts();
  // Money pairs are derived from the imported summaries by migration 015, after the import.
  counts.relationships -= await countFlowPairs();
  const expectNodes = total(result.nodes);
  const expectRels = total(result.relationships);
  if (counts.nodes !== expectNodes || counts.relationships !== expectRels) {
    throw new Error(
      `jobs/bulk-load: the database holds ${counts.nodes} nodes and ${counts.relationships} relationships after the import, ` +
        `the files ${expectNodes} and ${expectRels}; see the import report and run the bulk load again`,
    );
  }
}

/**
 * After the import, on the running server: the schema, the derived data, the check against the
 * files' manifest and the audit records. `npm run load -- --bulk-finish <dir>` runs this alone,
 * after the operator of an external server imported the files.
 */
export async function finishBulkImport(options: {
  dir: string;
  migrationsDir: string;
  actor?: string;
  log?: (line: string) => void;
}): Promise<void> {
  const log = options.log ?? (() => undefined);
  const manifestFile = join(resolve(options.dir), MANIFEST);
  if (!existsSync(manifestFile)) {
    throw new Error(
      `jobs/bulk-load: ${manifestFile} not found; give the folder a bulk load wrote its import files to`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BulkManifest;
  // 4. Schema: the imported store has none. Constraints are created over the imported data (a
  // duplicate id would fail here, loudly), then every index is awaited before anyone reads.
  log('bulk: migrations, constraints and indexes');
  // The import wrote the money summaries (ingest/bulk/payment-summaries.ts): migration 011, which
  // would rebuild them from every payment (minutes at a million rows), has nothing to do. Files of
  // an older Skein hold payments without summaries: then it runs.
  if (manifest.relationships.PAID === undefined || manifest.relationships[SUMMARY_TYPE] !== undefined)
    await recordApplied(options.migrationsDir, IMPORT_WROTE);
  await recordApplied(options.migrationsDir, SUPERSEDED);
  if (manifest.wrote?.includes(MINOR_FACTS)) await recordApplied(options.migrationsDir, [MINOR_FACTS]);
  await migrate(options.migrationsDir, log);
  await ensureLoadSchema();
  await awaitIndexes();
  // The minors rule's facts (store/minor-facts.ts) are derived over the whole imported graph by
  // migration 013, which `migrate` above ran, as `refreshMinorFacts()` does.

  // 5. What the database holds must be what was written.
  await verify(manifest);
  for (const summary of manifest.extracts) {
    await appendAudit({
      actor: options.actor ?? 'system',
      jurisdictions: ['*'],
      action: 'load',
      operation: `load ${summary.name}`,
      args: JSON.stringify({
        file: summary.file,
        mapping: summary.mapping,
        jurisdiction: summary.jurisdiction,
        bulk: true,
      }),
      entityIds: [],
      outcome: `${summary.status}: read ${summary.rowsRead}, loaded ${summary.rowsLoaded}, rejected ${summary.rowsRejected}`,
    });
  }
}

export async function runBulkLoad(options: BulkLoadOptions): Promise<BulkLoadResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const dir = resolve(options.dir);
  // 1. Before any work: an import would replace whatever is there.
  if (options.embedded !== undefined) await start({ ...options.embedded, log });
  await checkEmpty(options.uri);
  const reading = performance.now();

  // 2. The files, while the server still serves.
  const written = await writeBulkImport(
    {
      extracts: options.extracts,
      dir,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
    },
    {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onFile ? { onFile: options.onFile } : {}),
    },
  );
  const normalised = performance.now();
  const reportFile = join(dir, 'import.report');
  const command = importCommandLine(
    importArguments(written.files, { database: 'neo4j', multiline: written.multiline, reportFile }),
  );
  const manifest: BulkManifest = {
    format: 'skein-bulk/1',
    nodes: written.nodes,
    relationships: written.relationships,
    extracts: written.summaries.map((s) => ({
      name: s.name,
      file: s.file,
      mapping: s.mapping,
      jurisdiction: s.jurisdiction,
      status: s.status,
      rowsRead: s.rowsRead,
      rowsLoaded: s.rowsLoaded,
      rowsRejected: s.rowsRejected,
    })),
    command,
    wrote: written.minorFactsWritten ? [MINOR_FACTS] : [],
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const timings = { normalise: (normalised - reading) / 1000, import: 0, schema: 0, total: 0 };
  if (options.embedded === undefined) {
    timings.total = timings.normalise;
    return { ...written, imported: false, command, timings };
  }

  // 3. Offline import: the server stopped (its store files are replaced), then started on the new store.
  await checkEmpty(options.uri); // nothing loaded meanwhile
  const importStarted = performance.now();
  await closeDriver();
  await stop({ ...options.embedded, log });
  if (status(options.embedded).running)
    throw new Error('jobs/bulk-load: the embedded server did not stop; nothing imported');
  log('bulk: importing with neo4j-admin (server stopped)');
  const imported = await runAdminImport({
    projectRoot: options.embedded.projectRoot,
    home: join(options.embedded.dataDir, 'home'),
    files: written.files,
    multiline: written.multiline,
    reportFile,
    log: (line) => log(`bulk: import: ${line}`),
    ...(options.importHeap !== undefined ? { heap: options.importHeap } : {}),
    ...(options.importOffHeap !== undefined ? { maxOffHeap: options.importOffHeap } : {}),
  });
  const importedAt = performance.now();
  timings.import = (importedAt - importStarted) / 1000;
  await start({ ...options.embedded, log });
  await options.reconnect?.();

  await finishBulkImport({
    dir,
    migrationsDir: options.migrationsDir,
    log,
    ...(options.actor ? { actor: options.actor } : {}),
  });
  timings.schema = (performance.now() - importedAt) / 1000;
  if (
    imported.imported.nodes !== total(written.nodes) ||
    imported.imported.relationships !== total(written.relationships)
  ) {
    throw new Error(
      `jobs/bulk-load: neo4j-admin imported ${imported.imported.nodes} nodes and ${imported.imported.relationships} relationships, ` +
        `the files hold ${total(written.nodes)} and ${total(written.relationships)}; see ${reportFile}`,
    );
  }
  timings.total = (performance.now() - started) / 1000;
  return { ...written, imported: true, command, timings };
}
