/**
 * `npm run load -- --mapping <file|name> [options] <extract...>` — loads extracts into the graph.
 * A progress bar on a terminal, plain periodic lines otherwise (CI logs, batch scripts); a summary
 * table at the end. Exit codes: 0 loaded; 1 more rows rejected than --max-rejects; 2 bad arguments or
 * mapping; 3 malformed input file; 4 database error; 130 interrupted (Ctrl-C; run again to resume).
 */

import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { LoadAbortedError, type LoadProgress, type LoadSummary } from '../ingest/load.ts';
import { MappingError } from '../ingest/mapping/parse.ts';
import { loadPackage } from '../ingest/package/load.ts';
import { MalformedFileError } from '../ingest/read/record.ts';
import { NotEmptyError } from '../jobs/bulk-load.ts';
import { runLoad } from '../jobs/load.ts';
import { StoreError } from '../store/errors.ts';
import { ensureSchema, SchemaNotReadyError } from '../store/migrate.ts';
import { bulkFinishCommand, bulkLoadCommand, withBulkHeap } from './bulk.ts';
import { runCommand } from './run.ts';

const USAGE = `usage: npm run load -- --mapping <file|name|ftm> [options] <extract...>
       npm run load -- --package <file|name> [options] [<file...>]

  --mapping <m>        mapping file (YAML/JSON), a shipped mapping name (src/ingest/mappings), or "ftm"
  --package <p>        a source package (several files of one source; docs/packages.md),
                       or a shipped one by name (neo4j-admin: give its files)
  --jurisdiction <cc>  ISO 3166-1 alpha-2 of the extract (overrides the mapping's)
  --source <name>      source name (overrides the mapping's; scopes local ids such as customer numbers)
  --dry-run            validate and count without writing to the database
  --rejects <file>     rejects file (JSON lines); default .skein/rejects/<extract>.<sha>-<mapping>.rejects.jsonl
  --max-rejects <n>    exit 1 when more rows than this are rejected in total (default 0)
  --batch-size <n>     input rows per write transaction (default 10000)
  --encoding <e>       read the file as utf-8, windows-1252 (cp1252), latin1 (iso-8859-1), windows-1250,
                       -1251, -1253, -1254, -1257, iso-8859-2, -5, -7, koi8-r, koi8-u, ibm866, utf-16le
                       or utf-16be, overriding the mapping's input.encoding (docs/loading.md)
  --delimiter <c>      CSV delimiter, one character ("\t" or tab for a tab), overriding the mapping's
  --on-replacement <r> a row whose values hold U+FFFD replacement characters: reject (default: to the
                       rejects file, naming the column) or keep (loaded, counted as a warning per column)
  --quiet              no progress output
  --bulk               first load into an EMPTY database through neo4j-admin import (docs/loading.md
                       "Bulk first load"): the same graph, accounting and rejects, with less than half
                       the CPU per row at a million rows;
                       the embedded server is stopped for the import and started again
  --bulk-dir <dir>     where --bulk writes its import files (default .skein/bulk/<time>)
  --workers <n>        --bulk: normalising threads (default: one per core, at most 4)
  --bulk-finish <dir>  after an operator imported --bulk's files into an external server (NEO4J_URI):
                       schema, derived data, checks and audit records
`;

const EXIT = { ok: 0, rejects: 1, usage: 2, malformed: 3, store: 4, interrupted: 130 } as const;

function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function progressReporter(quiet: boolean): (p: LoadProgress) => void {
  if (quiet) return () => undefined;
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  return (p) => {
    const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
    const counts = `${p.rowsRead.toLocaleString('en')} rows (${p.rowsRejected} rejected) · ${p.rowsPerSecond.toLocaleString('en')} rows/s · ETA ${formatDuration(p.etaSeconds)}`;
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      process.stderr.write(`\r${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${counts}\u001b[K`);
    } else if (Date.now() - lastLine >= 5_000) {
      lastLine = Date.now();
      process.stderr.write(`load: ${(fraction * 100).toFixed(1)}% ${counts}\n`);
    }
  };
}

function table(summaries: LoadSummary[]): string {
  const header = ['extract', 'status', 'read', 'loaded', 'rejected', 'rows/s', 'seconds'];
  const rows = summaries.map((s) => [
    s.name,
    s.status === 'resumed' ? `resumed after line ${s.resumedAfterLine}` : s.status,
    String(s.rowsRead),
    String(s.rowsLoaded),
    String(s.rowsRejected),
    String(s.rowsPerSecond),
    s.seconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        mapping: { type: 'string' },
        package: { type: 'string' },
        jurisdiction: { type: 'string' },
        source: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        rejects: { type: 'string' },
        'max-rejects': { type: 'string', default: '0' },
        'batch-size': { type: 'string' },
        encoding: { type: 'string' },
        delimiter: { type: 'string' },
        'on-replacement': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        bulk: { type: 'boolean', default: false },
        'bulk-dir': { type: 'string' },
        'bulk-finish': { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const actor = `cli:${userInfo().username}`;
  if (values['bulk-finish'] !== undefined) {
    await bulkFinishCommand(values['bulk-finish'], actor, values.quiet);
    return EXIT.ok;
  }
  if (values.bulk && (values.package !== undefined || values['dry-run'])) {
    process.stderr.write(
      'load: --bulk takes --mapping and extract files; source packages and dry runs use the online loader (leave out --bulk)\n',
    );
    return EXIT.usage;
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 16)) {
    process.stderr.write('load: --workers takes a whole number between 0 and 16 (0: on the main thread)\n');
    return EXIT.usage;
  }
  if (values.package !== undefined && values.mapping !== undefined) {
    process.stderr.write(`load: give --mapping or --package, not both\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.package === undefined && (values.mapping === undefined || positionals.length === 0)) {
    process.stderr.write(`load: give --mapping and at least one extract file\n${USAGE}`);
    return EXIT.usage;
  }
  const maxRejects = Number(values['max-rejects']);
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (!Number.isInteger(maxRejects) || maxRejects < 0) {
    process.stderr.write('load: --max-rejects takes a whole number of rows (0 or more)\n');
    return EXIT.usage;
  }
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)) {
    process.stderr.write('load: --batch-size takes a whole number between 1 and 100000\n');
    return EXIT.usage;
  }
  if (values.rejects !== undefined && (positionals.length > 1 || values.package !== undefined)) {
    process.stderr.write(
      'load: --rejects names one file; give one extract per run, or leave --rejects out\n',
    );
    return EXIT.usage;
  }

  if (values.bulk) {
    const code = withBulkHeap();
    if (code !== undefined) return code;
    const summaries = await bulkLoadCommand(
      {
        mapping: values.mapping,
        files: positionals,
        actor,
        ...(values.jurisdiction !== undefined ? { jurisdiction: values.jurisdiction } : {}),
        ...(values.source !== undefined ? { source: values.source } : {}),
        ...(values.rejects !== undefined ? { rejects: values.rejects } : {}),
        ...(values.encoding !== undefined ? { encoding: values.encoding } : {}),
        ...(values.delimiter !== undefined ? { delimiter: values.delimiter } : {}),
        ...(values['on-replacement'] !== undefined ? { onReplacement: values['on-replacement'] } : {}),
        ...(values['bulk-dir'] !== undefined ? { dir: values['bulk-dir'] } : {}),
        ...(workers !== undefined ? { workers } : {}),
      },
      progressReporter(values.quiet),
      values.quiet,
    );
    return report(summaries, maxRejects);
  }

  // Loads rely on the uniqueness constraints (MERGE by id) and write what search indexes: the schema
  // comes first (applied here when pending; refused with the command when it cannot be).
  if (!values['dry-run']) {
    await ensureSchema(join(config().projectRoot, 'cypher/schema'), (line) =>
      process.stderr.write(`${line}\n`),
    );
  }

  const summaries: LoadSummary[] = [];
  const onProgress = progressReporter(values.quiet);
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nload: stopping after the current batch (run again to resume)…\n');
    controller.abort();
  });
  if (values.package !== undefined) {
    const result = await loadPackage(
      {
        package: values.package,
        files: positionals,
        ...(values.jurisdiction !== undefined ? { jurisdiction: values.jurisdiction } : {}),
        ...(values.source !== undefined ? { source: values.source } : {}),
        ...(batchSize !== undefined ? { batchSize } : {}),
        dryRun: values['dry-run'],
      },
      {
        onProgress,
        signal: controller.signal,
        onFile: (alias) => {
          if (!values.quiet) process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}load: ${alias}\n`);
        },
      },
      (options, hooks) => runLoad(options, hooks, actor),
    );
    if (!values.quiet && process.stderr.isTTY) process.stderr.write('\n');
    summaries.push(...result.files);
    for (const summary of result.files) {
      if (summary.rowsRejected > 0) {
        process.stderr.write(
          `load: ${summary.rowsRejected} rejected rows of ${summary.name} → ${summary.rejectsFile}\n`,
        );
      }
    }
  }
  for (const file of values.package === undefined ? positionals : []) {
    const summary = await runLoad(
      {
        file,
        mapping: values.mapping as string,
        ...(values.jurisdiction !== undefined ? { jurisdiction: values.jurisdiction } : {}),
        ...(values.source !== undefined ? { source: values.source } : {}),
        ...(values.rejects !== undefined ? { rejectsFile: values.rejects } : {}),
        ...(batchSize !== undefined ? { batchSize } : {}),
        ...(values.encoding !== undefined ? { encoding: values.encoding } : {}),
        ...(values.delimiter !== undefined ? { delimiter: values.delimiter } : {}),
        ...(values['on-replacement'] !== undefined ? { onReplacement: values['on-replacement'] } : {}),
        dryRun: values['dry-run'],
      },
      { onProgress, signal: controller.signal },
      actor,
    );
    if (!values.quiet && process.stderr.isTTY) process.stderr.write('\n');
    summaries.push(summary);
    for (const warning of summary.readWarnings) process.stderr.write(`load: warning: ${warning}\n`);
    if (summary.rowsRejected > 0) {
      process.stderr.write(
        `load: ${summary.rowsRejected} rejected rows of ${summary.name} → ${summary.rejectsFile}\n`,
      );
    }
    if (summary.warnings > 0) {
      const columns = Object.entries(summary.warningsByColumn)
        .sort((a, b) => b[1] - a[1])
        .map(([column, n]) => `${column}: ${n}`)
        .join(', ');
      process.stderr.write(
        `load: ${summary.warnings} warnings in ${summary.name} (invalid optional values left out, values with U+FFFD kept; ${columns}) → ${summary.warningsFile}\n`,
      );
    }
  }
  return report(summaries, maxRejects);
}

/** The summary table, then the exit code the rejects decide. */
function report(summaries: LoadSummary[], maxRejects: number): number {
  process.stdout.write(`${table(summaries)}\n`);
  for (const s of summaries) process.stdout.write(`${s.name}: extract ${s.extractId}\n`);
  const rejected = summaries.reduce((sum, s) => sum + s.rowsRejected, 0);
  if (rejected > maxRejects) {
    process.stderr.write(`load: ${rejected} rows rejected, more than --max-rejects ${maxRejects}\n`);
    return EXIT.rejects;
  }
  return EXIT.ok;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof LoadAbortedError) return EXIT.interrupted;
  if (error instanceof NotEmptyError) return EXIT.usage;
  if (error instanceof MappingError) return EXIT.usage;
  if (error instanceof MalformedFileError) return EXIT.malformed;
  if (error instanceof StoreError || error instanceof SchemaNotReadyError) return EXIT.store;
  return EXIT.usage;
}

await runCommand('load', () => main(process.argv.slice(2)), exitCodeFor);
