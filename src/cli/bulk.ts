/**
 * `npm run load -- --bulk …`: the bulk first load (jobs/bulk-load.ts) from the command line, and
 * `--bulk-finish <dir>` for an external server its operator has imported the files into.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { config } from '../config.ts';
import type { LoadOptions, LoadProgress, LoadSummary } from '../ingest/load.ts';
import { finishBulkImport, runBulkLoad } from '../jobs/bulk-load.ts';

export interface BulkArgs {
  mapping: string | undefined;
  files: string[];
  jurisdiction?: string;
  source?: string;
  rejects?: string;
  encoding?: string;
  delimiter?: string;
  onReplacement?: string;
  dir?: string;
  workers?: number;
  actor: string;
}

/**
 * The heap a bulk load runs with: it holds every distinct entity of the files (about a million
 * for ten million bank rows), where `npm run load` caps the online loader at 192 MB.
 */
export const BULK_HEAP_MB = 3072;

/**
 * Runs this command again with BULK_HEAP_MB when started with less (as `npm run load` starts it);
 * returns its exit code, or undefined when the heap is already big enough.
 */
export function withBulkHeap(): number | undefined {
  if (getHeapStatistics().heap_size_limit >= BULK_HEAP_MB * 0.9 * 2 ** 20) return undefined;
  const flags = process.execArgv.filter((flag) => !flag.startsWith('--max-old-space-size'));
  const run = spawnSync(
    process.execPath,
    [...flags, `--max-old-space-size=${BULK_HEAP_MB}`, process.argv[1] as string, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  return run.status ?? 1;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export async function bulkLoadCommand(
  args: BulkArgs,
  onProgress: (p: LoadProgress) => void,
  quiet: boolean,
): Promise<LoadSummary[]> {
  const cfg = config();
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}${line}\n`);
  };
  const extracts: LoadOptions[] = args.files.map((file) => ({
    file,
    mapping: args.mapping as string,
    ...(args.jurisdiction !== undefined ? { jurisdiction: args.jurisdiction } : {}),
    ...(args.source !== undefined ? { source: args.source } : {}),
    ...(args.rejects !== undefined ? { rejectsFile: args.rejects } : {}),
    ...(args.encoding !== undefined ? { encoding: args.encoding } : {}),
    ...(args.delimiter !== undefined ? { delimiter: args.delimiter } : {}),
    ...(args.onReplacement !== undefined ? { onReplacement: args.onReplacement } : {}),
  }));
  const dir = resolve(args.dir ?? join(cfg.projectRoot, '.skein/bulk', stamp()));
  const embedded = cfg.neo4j.embedded ? { projectRoot: cfg.projectRoot, ...cfg.embedded } : undefined;
  log(`load --bulk: ${extracts.length} extract(s) into ${cfg.neo4j.uri}; import files in ${dir}`);
  const result = await runBulkLoad({
    extracts,
    dir,
    embedded,
    uri: cfg.neo4j.uri,
    migrationsDir: join(cfg.projectRoot, 'cypher/schema'),
    actor: args.actor,
    ...(args.workers !== undefined ? { workers: args.workers } : {}),
    log,
    onProgress,
    onFile: (index, file) => log(`load --bulk: reading ${file} (${index + 1}/${extracts.length})`),
  });
  const t = result.timings;
  if (!result.imported) {
    process.stderr.write(
      `\nload --bulk: NEO4J_URI is set, and Skein never stops or writes the store files of an external server.\n` +
        `The import files are ready in ${dir} (the database was empty when they were written). On the database\n` +
        'server, as its operator, with the database stopped (a cluster: every member, or seed one and let the others copy),\n' +
        `run, with the folder copied there (paths as on this machine):\n\n${result.command}\n\n` +
        `then start the database and, from here, finish the load (schema, derived data, checks, audit):\n\n` +
        `  npm run load -- --bulk-finish ${dir}\n\n`,
    );
  } else {
    log(
      `load --bulk: read and normalised in ${t.normalise.toFixed(1)} s, server stopped and imported in ${t.import.toFixed(1)} s, ` +
        `schema and indexes in ${t.schema.toFixed(1)} s; ${t.total.toFixed(1)} s in all`,
    );
  }
  return result.summaries;
}

export async function bulkFinishCommand(dir: string, actor: string, quiet: boolean): Promise<void> {
  const cfg = config();
  await finishBulkImport({
    dir,
    migrationsDir: join(cfg.projectRoot, 'cypher/schema'),
    actor,
    log: (line) => {
      if (!quiet) process.stderr.write(`${line}\n`);
    },
  });
  process.stderr.write(`load --bulk-finish: the imported graph in ${cfg.neo4j.uri} is ready\n`);
}
