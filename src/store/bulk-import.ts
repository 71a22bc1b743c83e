/**
 * The database half of a bulk first load: whether the database is empty, and Neo4j's offline
 * importer (`neo4j-admin database import full`, org.neo4j.cli.AdminTool from the jars the embedded
 * server runs on, scripts/neo4j/target/lib) run over the files ingest/bulk wrote. The importer
 * writes a whole new store: only into an empty database, and only with its server stopped.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JVM_FLAGS, launcherDir } from './embedded.ts';
import { executeRead, executeSchema } from './run.ts';

/** What a non-empty database holds: a few of its labels, to name in the refusal. */
export async function databaseContents(): Promise<{ empty: boolean; labels: string[] }> {
  // Migration records are the schema's, not data: a migrated empty database is empty.
  const rows = await executeRead(
    'MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 1000 UNWIND labels(n) AS label RETURN DISTINCT label LIMIT 5',
  );
  const any = await executeRead('MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) > 0 AS any LIMIT 1');
  return { empty: any[0]?.any !== true, labels: rows.map((r) => String(r.label)) };
}

/** Counting every node and relationship of a 10M-row store takes longer than the API's 30 s. */
const COUNT_TX = { timeoutMs: 3_600_000, metadata: { purpose: 'bulk:verify' } };

/** Nodes (migration records left out) and relationships in the database: checked against the import files. */
export async function storeCounts(): Promise<{ nodes: number; relationships: number }> {
  const nodes = await executeRead('MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) AS n', {}, COUNT_TX);
  const relationships = await executeRead('MATCH ()-[r]->() RETURN count(r) AS n', {}, COUNT_TX);
  return { nodes: Number(nodes[0]?.n ?? 0), relationships: Number(relationships[0]?.n ?? 0) };
}

/** Waits until every index is online (populated over the imported store), at most an hour. */
export async function awaitIndexes(): Promise<void> {
  await executeSchema('CALL db.awaitIndexes(3600)', { timeoutMs: 3_700_000 });
}

export interface ImportFile {
  kind: 'nodes' | 'relationships';
  name: string;
  header: string;
  data: string;
}

export const ARRAY_DELIMITER = '\u001f';

/** The importer's arguments after `database import full`: also what the operator of an external server runs. */
export function importArguments(
  files: readonly ImportFile[],
  options: {
    database: string;
    multiline: boolean;
    reportFile: string;
    threads?: number;
    maxOffHeap?: string;
  },
): string[] {
  return [
    ...files.map((f) => `--${f.kind}=${f.name}=${f.header},${f.data}`),
    '--delimiter=,',
    `--array-delimiter=${ARRAY_DELIMITER}`,
    '--quote="',
    `--multiline-fields=${options.multiline}`,
    '--id-type=string',
    `--report-file=${options.reportFile}`,
    ...(options.threads !== undefined ? [`--threads=${options.threads}`] : []),
    ...(options.maxOffHeap !== undefined ? [`--max-off-heap-memory=${options.maxOffHeap}`] : []),
    '--overwrite-destination=true',
    options.database,
  ];
}

/** The same as a shell command line for an operator (the list delimiter written as $'\x1f'). */
export function importCommandLine(args: readonly string[]): string {
  return [
    'neo4j-admin database import full',
    ...args.map((a) =>
      a.startsWith('--array-delimiter=')
        ? "--array-delimiter=$'\\x1f'"
        : /^[\w@%+=:,./-]+$/.test(a)
          ? a
          : `'${a.replaceAll("'", "'\\''")}'`,
    ),
  ].join(' \\\n  ');
}

/** The importer's reason: its innermost "Caused by" (or its last lines). */
function cause(output: string): string {
  const causes = output.split('\n').filter((line) => line.startsWith('Caused by:'));
  if (causes.length > 0) return (causes.at(-1) as string).replace(/^Caused by: [\w.$]+: /, '');
  return output.split('\n').slice(-25).join('\n');
}

export interface AdminImportOptions {
  projectRoot: string;
  /** The embedded server's Neo4j home (<data dir>/home). */
  home: string;
  files: readonly ImportFile[];
  multiline: boolean;
  reportFile: string;
  /** JVM heap of the importer, and the off-heap memory it may use for its caches. */
  heap?: string;
  maxOffHeap?: string;
  threads?: number;
  log?: (line: string) => void;
}

export interface AdminImportResult {
  seconds: number;
  /** The importer's own count lines ("Imported: n nodes, m relationships, p properties"). */
  imported: { nodes: number; relationships: number; properties: number };
}

/** Runs the importer into `home`'s default database; the server of `home` must be stopped. */
export function runAdminImport(options: AdminImportOptions): Promise<AdminImportResult> {
  const lib = join(launcherDir(options.projectRoot), 'target/lib');
  if (!existsSync(lib) || !readdirSync(lib).some((f) => f.startsWith('neo4j-import-tool'))) {
    throw new Error(
      `store/bulk-import: Neo4j's import tool is not in ${lib}; build the launcher first (npm run neo4j -- build)`,
    );
  }
  const args = importArguments(options.files, {
    database: 'neo4j',
    multiline: options.multiline,
    reportFile: options.reportFile,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    maxOffHeap: options.maxOffHeap ?? '1g',
  });
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      'java',
      [
        `-Xmx${options.heap ?? '1g'}`,
        ...JVM_FLAGS,
        '-cp',
        `${lib}/*`,
        'org.neo4j.cli.AdminTool',
        'database',
        'import',
        'full',
        '--verbose',
        ...args,
      ],
      { env: { ...process.env, NEO4J_HOME: options.home }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const take = (data: Buffer) => {
      const text = data.toString('utf8');
      output += text;
      if (output.length > 200_000) output = output.slice(-100_000);
      // The importer's stage lines and its percentage lines, passed on as they come.
      for (const line of text.split('\n')) {
        const trimmed = line.trim();
        if (
          /^(Import starting|Nodes|Relationships|Node Degrees|Count groups|Gather|Write|Post processing|IMPORT DONE|Flush|Imported|\d+ (nodes|relationships|properties)|Peak memory)/.test(
            trimmed,
          ) ||
          /\d+%/.test(trimmed)
        )
          log(trimmed);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) =>
      reject(new Error(`store/bulk-import: could not run java (${error.message}); is Java 17 on PATH?`)),
    );
    child.on('exit', (code) => {
      if (code !== 0 || !output.includes('IMPORT DONE')) {
        reject(
          new Error(
            `store/bulk-import: neo4j-admin import failed (exit ${code}): ${cause(output)}\n` +
              'The database it wrote is unusable: run the bulk load again once the cause is fixed (it overwrites it).',
          ),
        );
        return;
      }
      const count = (what: string) =>
        Number(
          new RegExp(`(\\d+) ${what}`).exec(output.slice(output.lastIndexOf('Imported:')))?.[1] ?? Number.NaN,
        );
      resolve({
        seconds: (performance.now() - started) / 1000,
        imported: {
          nodes: count('nodes'),
          relationships: count('relationships'),
          properties: count('properties'),
        },
      });
    });
  });
}
