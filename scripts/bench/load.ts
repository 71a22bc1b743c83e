/**
 * Load benchmark: generates bank-statement CSVs (scripts/bench/bank-csv.ts) and loads each into a
 * clean database, end to end (read → map → batch → write), reporting rows/s and the loader's peak
 * RSS. Each load runs in its own Node process so its peak RSS is its own.
 *
 *   npm run bench:load                       # 100k and 1M rows
 *   npm run bench:load -- --rows 100000      # one size
 *
 * The database is a dedicated embedded server (--port, default 7711; data in .skein/neo4j-bench-load) started and
 * stopped by the benchmark, because each run wipes it: never the dev server, never the shared test
 * server. With NEO4J_URI set, that server is used instead — and wiped: only point it at a scratch one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBankCsv } from './bank-csv.ts';

const root = resolve(import.meta.dirname, '../..');
const BENCH_DATA = resolve(root, '.skein/neo4j-bench-load');
/** The heap limits `npm run load` runs with (package.json): without them V8 grows lazily past 300 MB. */
const LOADER_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=192'];

interface ChildResult {
  rows: number;
  loaded: number;
  rejected: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  samples: number[];
}

/** Runs in the child: one load, reporting throughput and memory as JSON on stdout. */
async function child(file: string, batchSize: number): Promise<void> {
  const { loadExtract } = await import('../../src/ingest/load.ts');
  const { closeDriver } = await import('../../src/store/driver.ts');
  const { executeSchema } = await import('../../src/store/run.ts');
  const { migrate } = await import('../../src/store/migrate.ts');
  // The project's schema (constraints, full-text and event indexes), as a real database has it.
  await migrate(join(root, 'cypher/schema'));
  // A clean database, emptied in chunks (a million relationships do not fit one transaction).
  await executeSchema(
    'MATCH (n) WHERE NOT n:SchemaMigration CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS',
    { timeoutMs: 3_600_000 },
  );
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 1e6)), 1_000);
  const summary = await loadExtract(
    {
      file,
      mapping: resolve(import.meta.dirname, 'bank-bench.yaml'),
      batchSize,
      rejectsFile: `${file}.rejects.jsonl`,
    },
    {
      onProgress: (p) => {
        process.stderr.write(
          `\r  ${p.rowsRead.toLocaleString('en')} rows · ${p.rowsPerSecond.toLocaleString('en')} rows/s · rss ${Math.round(process.memoryUsage().rss / 1e6)} MB   `,
        );
      },
    },
  );
  clearInterval(timer);
  process.stderr.write('\n');
  await closeDriver();
  const result: ChildResult = {
    rows: summary.rowsRead,
    loaded: summary.rowsLoaded,
    rejected: summary.rowsRejected,
    seconds: Math.round(summary.seconds * 10) / 10,
    rowsPerSecond: summary.rowsPerSecond,
    // maxRSS is in kilobytes: the high-water mark of the whole process, not a sample.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    samples,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      rows: { type: 'string', default: '100000,1000000' },
      'batch-size': { type: 'string', default: '10000' },
      port: { type: 'string', default: '7711' },
    },
  });
  const batchSize = Number(values['batch-size']);
  const port = Number(values.port);
  if (values.child !== undefined) return child(values.child, batchSize);

  const sizes = values.rows.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('bench/load: --rows takes whole numbers, e.g. 100000,1000000');
  const benchDir = resolve(root, '.skein/bench');
  mkdirSync(benchDir, { recursive: true });

  const { start, stop, status } = await import('../../src/store/embedded.ts');
  const embedded = {
    projectRoot: root,
    dataDir: BENCH_DATA,
    host: '127.0.0.1',
    port,
    heap: '2g',
    pageCache: '1g',
    log: (line: string) => console.log(line),
  };
  const external = process.env.NEO4J_URI;
  let startedHere = false;
  if (external === undefined && !status(embedded).running) {
    await start(embedded);
    startedHere = true;
  }
  const uri = external ?? `bolt://127.0.0.1:${port}`;
  console.log(
    `bench/load: ${cpus().length} cores, ${Math.round(totalmem() / 1e9)} GB, load average ${loadavg()[0]?.toFixed(1)}; database ${uri}; batch ${batchSize}`,
  );

  const results: (ChildResult & { file: string; megabytes: number })[] = [];
  try {
    for (const rows of sizes) {
      const file = join(benchDir, `bank-${rows}.csv`);
      if (!existsSync(file)) {
        console.log(`bench/load: generating ${file}`);
        await writeBankCsv(file, { rows, seed: 1, rejectEvery: 10_000 });
      }
      console.log(`bench/load: loading ${rows.toLocaleString('en')} rows`);
      const run = spawnSync(
        process.execPath,
        [
          ...LOADER_NODE_FLAGS,
          '--import',
          'tsx',
          resolve(import.meta.dirname, 'load.ts'),
          '--child',
          file,
          '--batch-size',
          String(batchSize),
        ],
        {
          cwd: root,
          env: { ...process.env, NEO4J_URI: uri },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 1e8,
        },
      );
      if (run.status !== 0)
        throw new Error(`bench/load: the load of ${rows} rows failed (exit ${run.status})`);
      const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
      results.push({ ...result, file, megabytes: Math.round(statSync(file).size / 1e6) });
    }
  } finally {
    if (startedHere) await stop(embedded);
  }
  console.log('\nrows        file MB  seconds  rows/s   peak RSS MB  loaded     rejected');
  for (const r of results) {
    console.log(
      `${String(r.rows).padEnd(11)} ${String(r.megabytes).padStart(7)}  ${String(r.seconds).padStart(7)}  ${String(r.rowsPerSecond).padStart(6)}   ${String(r.peakRssMb).padStart(11)}  ${String(r.loaded).padEnd(10)} ${r.rejected}`,
    );
  }
  console.log(`load average after: ${loadavg()[0]?.toFixed(1)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
