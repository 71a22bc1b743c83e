/**
 * Load benchmark: generates bank-statement CSVs (scripts/bench/bank-csv.ts) and loads each into a
 * clean database, end to end (read → map → batch → write), reporting rows/s, the loader's peak RSS
 * and the CPU per row of Neo4j and of the loader. Each load runs in its own Node process so its
 * peak RSS is its own. Then, as its peer, the floor (load-floor.ts) on the same rows: what the
 * least a loader could ask of Neo4j per row costs here, and how many cores it would need for the
 * 25,000 rows/s target.
 *
 *   npm run bench:load                       # 100k and 1M rows
 *   npm run bench:load -- --rows 100000      # one size
 *   npm run bench:load -- --no-floor         # the loads only
 *   npm run bench:load -- --profile          # and where the online load's time in Neo4j goes, per statement
 *   npm run bench:load -- --named            # counterparties are named persons holding their IBANs
 *
 * The database is a dedicated embedded server (--port, default 7711; data in .skein/neo4j-bench-load) started and
 * stopped by the benchmark, because each run wipes it: never the dev server, never the shared test
 * server. With NEO4J_URI set, that server is used instead — and wiped: only point it at a scratch one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_MAPPING, BENCH_MAPPING_NAMED, writeBankCsv } from './bank-csv.ts';
import { fmt } from './cpu.ts';
import type { FloorResult } from './load-floor.ts';

const root = resolve(import.meta.dirname, '../..');
const BENCH_DATA = resolve(root, '.skein/neo4j-bench-load');
/** The heap limits `npm run load` runs with (package.json): without them V8 grows lazily past 300 MB. */
const LOADER_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=192'];
/** The heap `npm run load -- --bulk` gives itself (cli/bulk.ts BULK_HEAP_MB): it holds the distinct entities. */
const BULK_NODE_FLAGS = ['--max-old-space-size=3072'];

interface ChildResult {
  rows: number;
  loaded: number;
  rejected: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  samples: number[];
  /** CPU per row read: Neo4j's (n/a when its process is not ours to read) and the loader's. */
  neo4jCpuMsPerRow: number | undefined;
  nodeCpuMsPerRow: number | undefined;
}

/** The embedded Neo4j's pid, handed to the children so they can read its CPU time. */
const NEO4J_PID_ENV = 'SKEIN_BENCH_NEO4J_PID';
const neo4jPidFromEnv = () => (process.env[NEO4J_PID_ENV] ? Number(process.env[NEO4J_PID_ENV]) : undefined);

/** A child's result: the last line of its stdout, as JSON. */
/** The generated file's name says its layout (`--named`: bank-named-<rows>.csv), so children need no flag. */
const mappingOf = (file: string): string =>
  file.includes('bank-named-') ? BENCH_MAPPING_NAMED : BENCH_MAPPING;

function runChild<T>(args: string[], uri: string, neo4jPid: number | undefined, what: string): T {
  const run = spawnSync(
    process.execPath,
    [
      ...(args[0] === '--bulk' ? BULK_NODE_FLAGS : LOADER_NODE_FLAGS),
      '--import',
      'tsx',
      resolve(import.meta.dirname, 'load.ts'),
      ...args,
    ],
    {
      cwd: root,
      env: { ...process.env, NEO4J_URI: uri, ...(neo4jPid ? { [NEO4J_PID_ENV]: String(neo4jPid) } : {}) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1e8,
    },
  );
  if (run.status !== 0) throw new Error(`bench/load: ${what} failed (exit ${run.status})`);
  // A first start may print Maven's colour codes on the child's stdout (building the launcher),
  // on the result's own line: the result is that line from its opening brace.
  const last = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last.slice(Math.max(0, last.indexOf('{'))) || '{}') as T;
}

/** Both children start from the project's schema on an empty database. */
async function cleanDatabase(): Promise<void> {
  const { executeSchema } = await import('../../src/store/run.ts');
  const { migrate } = await import('../../src/store/migrate.ts');
  // The project's schema (constraints, full-text and event indexes), as a real database has it.
  await migrate(join(root, 'cypher/schema'));
  // A clean database, emptied in chunks (a million relationships do not fit one transaction).
  // Relationships first: detaching the Extract node of a big load (hundreds of thousands of
  // mentions) in one chunk exceeds Neo4j's transaction memory.
  await executeSchema('MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS', {
    timeoutMs: 3_600_000,
  });
  await executeSchema(
    'MATCH (n) WHERE NOT n:SchemaMigration CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS',
    { timeoutMs: 3_600_000 },
  );
}

/** CPU-seconds of this process's waited-for children (the importer's JVM), from /proc. */
function childrenCpuSeconds(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface BulkChildResult extends ChildResult {
  /** Phases: normalise and write the import files, neo4j-admin, schema and indexes. */
  phases: { normalise: number; import: number; schema: number };
  importCpuMsPerRow: number | undefined;
  /** The restarted server's CPU (schema, indexes, checks) per row. */
  neo4jAfterCpuMsPerRow: number | undefined;
}

/** Runs in the child: a bulk first load (jobs/bulk-load.ts) into the bench server's empty data dir. */
async function bulkChild(file: string, port: number, workers: number | undefined): Promise<void> {
  const { runBulkLoad } = await import('../../src/jobs/bulk-load.ts');
  const { closeDriver } = await import('../../src/store/driver.ts');
  const { status } = await import('../../src/store/embedded.ts');
  const { cpuSecondsOf } = await import('./cpu.ts');
  const embedded = benchServer(port);
  const own = process.cpuUsage();
  const started = performance.now();
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 1e6)), 1_000);
  const result = await runBulkLoad({
    extracts: [
      {
        file,
        mapping: mappingOf(file),
        rejectsFile: `${file}.rejects.jsonl`,
      },
    ],
    dir: resolve(root, '.skein/bench/bulk-import'),
    embedded: { ...embedded, log: () => undefined },
    uri: `bolt://127.0.0.1:${port}`,
    migrationsDir: join(root, 'cypher/schema'),
    ...(workers !== undefined ? { workers } : {}),
    // Seconds since the start on every line: where the schema phase's time goes, migration by migration.
    log: (line) => {
      if (!line.includes('import: .'))
        process.stderr.write(`  [${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
    },
    onProgress: (p) =>
      process.stderr.write(
        `\r  ${p.rowsRead.toLocaleString('en')} rows · ${p.rowsPerSecond.toLocaleString('en')} rows/s · rss ${Math.round(process.memoryUsage().rss / 1e6)} MB   `,
      ),
  });
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const summary = result.summaries[0];
  if (summary === undefined) throw new Error('bench/load: the bulk load returned no summary');
  const cpu = process.cpuUsage(own);
  const rows = summary.rowsRead;
  const serverPid = status(embedded).pid;
  const neo4jAfter = cpuSecondsOf(serverPid);
  await closeDriver();
  const out: BulkChildResult = {
    rows,
    loaded: summary.rowsLoaded,
    rejected: summary.rowsRejected,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    samples,
    neo4jCpuMsPerRow: undefined,
    nodeCpuMsPerRow: (cpu.user + cpu.system) / 1e3 / rows,
    phases: result.timings,
    importCpuMsPerRow: msPerRow(childrenCpuSeconds(), rows),
    neo4jAfterCpuMsPerRow: msPerRow(neo4jAfter, rows),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

const msPerRow = (seconds: number | undefined, rows: number) =>
  seconds === undefined ? undefined : (seconds * 1000) / rows;

/** The bench server: its own port and data directory, wiped between runs. */
function benchServer(port: number) {
  return {
    projectRoot: root,
    dataDir: BENCH_DATA,
    host: '127.0.0.1',
    port,
    heap: '2g',
    pageCache: '1g',
    log: (line: string) => console.log(line),
  };
}

/** Runs in the child: the floor (load-floor.ts) on the same file. */
async function floorChild(file: string, batchSize: number): Promise<void> {
  const { closeDriver } = await import('../../src/store/driver.ts');
  const { runFloor } = await import('./load-floor.ts');
  await cleanDatabase();
  const result = await runFloor(file, batchSize, neo4jPidFromEnv());
  await closeDriver();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Set by --profile: the online child sums the time of each statement the loader runs. */
const PROFILE_ENV = 'SKEIN_BENCH_PROFILE';

/**
 * Times every statement of the load by its shape (the first line after the plan hint, labels
 * included), and prints the sums, largest first, when the returned function is called: where the
 * loader's time in Neo4j goes, against the floor's one statement.
 */
async function profileStatements(): Promise<() => void> {
  const { onQuery } = await import('../../src/store/run.ts');
  const sums = new Map<string, { ms: number; calls: number }>();
  const off = onQuery(({ cypher, ms }) => {
    const lines = cypher.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('CYPHER '));
    const shape = lines.slice(0, 3).join(' ⏎ ').slice(0, 110);
    const sum = sums.get(shape) ?? { ms: 0, calls: 0 };
    sum.ms += ms;
    sum.calls += 1;
    sums.set(shape, sum);
  });
  // Transactions by purpose (their metadata), commits included, and auto-commit statements (the
  // money summaries, the minors' facts, the schema), which the statement sums above cannot see.
  const { defaultExecutor } = await import('../../src/store/executor.ts');
  const { cpuSecondsOf } = await import('./cpu.ts');
  const executor = defaultExecutor();
  // Neo4j's CPU-seconds per purpose beside the wall time: on a shared machine the wall time
  // measures the neighbours too (the same load's batches took 118 s and 260 s in two runs), its CPU
  // what the work costs. The loader runs one statement at a time, so each delta is that purpose's
  // (Neo4j's background threads, its GC and the commit included).
  const neo4jPid = neo4jPidFromEnv();
  const byPurpose = new Map<string, { ms: number; calls: number; cpu: number | undefined }>();
  const timed =
    <A extends unknown[], R>(
      kind: string,
      method: (...args: A) => Promise<R>,
      options: (args: A) => unknown,
    ) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      const cpuBefore = cpuSecondsOf(neo4jPid);
      try {
        return await method(...args);
      } finally {
        const purpose = (options(args) as { metadata?: { purpose?: string } } | undefined)?.metadata?.purpose;
        const key = `${kind} ${purpose ?? '(no purpose)'}`;
        const sum = byPurpose.get(key) ?? { ms: 0, calls: 0, cpu: 0 };
        sum.ms += performance.now() - started;
        sum.calls += 1;
        const cpuAfter = cpuSecondsOf(neo4jPid);
        sum.cpu =
          sum.cpu === undefined || cpuBefore === undefined || cpuAfter === undefined
            ? undefined
            : sum.cpu + cpuAfter - cpuBefore;
        byPurpose.set(key, sum);
      }
    };
  const transaction = executor.transaction.bind(executor);
  const autoCommit = executor.autoCommit.bind(executor);
  executor.transaction = timed('transaction', transaction, (args) => args[2]) as typeof executor.transaction;
  executor.autoCommit = timed('auto-commit', autoCommit, (args) => args[2]);
  return () => {
    off();
    executor.transaction = transaction;
    executor.autoCommit = autoCommit;
    process.stderr.write(
      'transactions and auto-commit statements by purpose (commits included; wall ms, Neo4j CPU s):\n',
    );
    for (const [key, { ms, calls, cpu }] of [...byPurpose].sort((a, b) => b[1].ms - a[1].ms)) {
      const cpuText = cpu === undefined ? 'n/a' : cpu.toFixed(1);
      process.stderr.write(
        `  ${String(Math.round(ms)).padStart(8)} ms ${cpuText.padStart(7)} s CPU ${String(calls).padStart(6)}×  ${key}\n`,
      );
    }
    const total = [...sums.values()].reduce((t, s) => t + s.ms, 0);
    process.stderr.write(`statements (${Math.round(total)} ms in Neo4j round trips):\n`);
    for (const [shape, { ms, calls }] of [...sums].sort((a, b) => b[1].ms - a[1].ms)) {
      process.stderr.write(
        `  ${String(Math.round(ms)).padStart(8)} ms ${String(calls).padStart(6)}×  ${shape}\n`,
      );
    }
  };
}

/** Runs in the child: one load, reporting throughput, memory and CPU as JSON on stdout. */
async function child(file: string, batchSize: number): Promise<void> {
  const { loadExtract } = await import('../../src/ingest/load.ts');
  const { closeDriver } = await import('../../src/store/driver.ts');
  const { startCpuMeter } = await import('./cpu.ts');
  await cleanDatabase();
  const stopProfile = process.env[PROFILE_ENV] === '1' ? await profileStatements() : undefined;
  const cpu = startCpuMeter(neo4jPidFromEnv());
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 1e6)), 1_000);
  const summary = await loadExtract(
    {
      file,
      mapping: mappingOf(file),
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
  const perRow = cpu.msPer(summary.rowsRead);
  process.stderr.write('\n');
  stopProfile?.();
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
    neo4jCpuMsPerRow: perRow.neo4j,
    nodeCpuMsPerRow: perRow.node,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      floor: { type: 'string' },
      'no-floor': { type: 'boolean', default: false },
      rows: { type: 'string', default: '100000,1000000' },
      'batch-size': { type: 'string', default: '10000' },
      port: { type: 'string', default: '7711' },
      bulk: { type: 'string' },
      'no-bulk': { type: 'boolean', default: false },
      'no-online': { type: 'boolean', default: false },
      'online-max': { type: 'string', default: '3000000' },
      workers: { type: 'string' },
      profile: { type: 'boolean', default: false },
      named: { type: 'boolean', default: false },
    },
  });
  if (values.profile) process.env[PROFILE_ENV] = '1';
  const batchSize = Number(values['batch-size']);
  const port = Number(values.port);
  if (values.child !== undefined) return child(values.child, batchSize);
  if (values.floor !== undefined) return floorChild(values.floor, batchSize);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (values.bulk !== undefined) return bulkChild(values.bulk, port, workers);

  const sizes = values.rows.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('bench/load: --rows takes whole numbers, e.g. 100000,1000000');
  const benchDir = resolve(root, '.skein/bench');
  mkdirSync(benchDir, { recursive: true });

  const { start, stop, status } = await import('../../src/store/embedded.ts');
  const embedded = benchServer(port);
  const external = process.env.NEO4J_URI;
  const uri = external ?? `bolt://127.0.0.1:${port}`;
  console.log(
    `bench/load: ${cpus().length} cores, ${Math.round(totalmem() / 1e9)} GB, load average ${loadavg()[0]?.toFixed(1)}; database ${uri}; batch ${batchSize}`,
  );
  /** Every run starts from a new, empty store (emptying one of ten million rows takes longer than a start). */
  const fresh = async (startIt: boolean): Promise<number | undefined> => {
    if (external !== undefined) return undefined;
    await stop({ ...embedded, log: () => undefined });
    rmSync(BENCH_DATA, { recursive: true, force: true });
    if (!startIt) return undefined;
    await start(embedded);
    return status(embedded).pid;
  };
  const onlineMax = Number(values['online-max']);
  const results: (ChildResult & { file: string; megabytes: number })[] = [];
  const floors = new Map<number, FloorResult>();
  const bulks = new Map<number, BulkChildResult>();
  const loads: number[] = [];
  try {
    for (const rows of sizes) {
      const file = join(benchDir, `bank-${values.named ? 'named-' : ''}${rows}.csv`);
      if (!existsSync(file)) {
        console.log(`bench/load: generating ${file}`);
        await writeBankCsv(file, { rows, seed: 1, rejectEvery: 10_000, namedCounterparties: values.named });
      }
      const megabytes = Math.round(statSync(file).size / 1e6);
      if (!values['no-bulk'] && external === undefined) {
        console.log(
          `bench/load: bulk first load of ${rows.toLocaleString('en')} rows (load average ${loadavg()[0]?.toFixed(1)})`,
        );
        await fresh(false);
        const args = [
          '--bulk',
          file,
          '--port',
          String(port),
          ...(workers !== undefined ? ['--workers', String(workers)] : []),
        ];
        bulks.set(rows, runChild<BulkChildResult>(args, uri, undefined, `the bulk load of ${rows} rows`));
        loads.push(loadavg()[0] ?? 0);
      }
      if (!values['no-online'] && rows <= onlineMax) {
        console.log(
          `bench/load: loading ${rows.toLocaleString('en')} rows online (load average ${loadavg()[0]?.toFixed(1)})`,
        );
        const pid = await fresh(true);
        const result = runChild<ChildResult>(
          ['--child', file, '--batch-size', String(batchSize)],
          uri,
          pid,
          `the load of ${rows} rows`,
        );
        results.push({ ...result, file, megabytes });
        loads.push(loadavg()[0] ?? 0);
      }
      if (!values['no-floor'] && rows <= onlineMax) {
        console.log(`bench/load: the floor on the same ${rows.toLocaleString('en')} rows`);
        const pid = await fresh(true);
        floors.set(
          rows,
          runChild<FloorResult>(['--floor', file, '--batch-size', String(batchSize)], uri, pid, 'the floor'),
        );
        loads.push(loadavg()[0] ?? 0);
      }
    }
  } finally {
    await fresh(false);
  }
  if (bulks.size > 0) {
    const c = (value: string | number, width: number) => String(value).padStart(width);
    console.log(
      '\nbulk first load (end to end: read, normalise on worker threads, import files, neo4j-admin import, restart, schema and indexes)',
    );
    console.log(
      'rows        seconds  rows/s   peak RSS MB  normalise s  import s  schema s  loader CPU ms/row  importer CPU ms/row  Neo4j CPU ms/row (after)',
    );
    for (const [rows, b] of bulks) {
      console.log(
        `${String(rows).padEnd(11)} ${c(b.seconds, 7)}  ${c(b.rowsPerSecond, 6)}   ${c(b.peakRssMb, 11)}  ${c(b.phases.normalise.toFixed(1), 11)}  ${c(b.phases.import.toFixed(1), 8)}  ${c(b.phases.schema.toFixed(1), 8)}  ${c(fmt(b.nodeCpuMsPerRow, 3), 17)}  ${c(fmt(b.importCpuMsPerRow, 3), 19)}  ${c(fmt(b.neo4jAfterCpuMsPerRow, 3), 24)}`,
      );
    }
  }
  const summary = {
    when: new Date().toISOString(),
    cores: cpus().length,
    batchSize,
    loadAverages: loads,
    bulk: Object.fromEntries(bulks),
    online: results,
    floor: Object.fromEntries(floors),
  };
  const out = resolve(benchDir, `load-${Date.now()}.json`);
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`bench/load: results in ${out}`);
  const col = (value: string | number, width: number) => String(value).padStart(width);
  console.log(
    '\nrows        file MB  seconds  rows/s   peak RSS MB  loaded     rejected  Neo4j CPU ms/row  loader CPU ms/row',
  );
  for (const r of results) {
    console.log(
      `${String(r.rows).padEnd(11)} ${col(r.megabytes, 7)}  ${col(r.seconds, 7)}  ${col(r.rowsPerSecond, 6)}   ${col(r.peakRssMb, 11)}  ${String(r.loaded).padEnd(10)} ${String(r.rejected).padEnd(8)}  ${col(fmt(r.neo4jCpuMsPerRow, 3), 16)}  ${col(fmt(r.nodeCpuMsPerRow, 3), 17)}`,
    );
  }
  if (floors.size > 0) {
    // The target is 25,000 rows/s: the CPU the floor statement alone would need for it, against
    // the cores there are (the loader needs CPU of its own on the same machine).
    console.log(
      "\nfloor: each row's payment alone (one PAID with its properties and provenance, key checked; accounts made first)",
    );
    console.log(
      'rows        seconds  rows/s   Neo4j CPU ms/row  loader time / floor time  loader Neo4j CPU / floor  Neo4j cores for 25,000 rows/s',
    );
    for (const r of results) {
      const floor = floors.get(r.rows);
      if (!floor) continue;
      const cores =
        floor.neo4jCpuMsPerRow === undefined ? 'n/a' : ((floor.neo4jCpuMsPerRow * 25_000) / 1000).toFixed(2);
      // The same ratio in Neo4j's CPU per row: what the wall ratio would be on idle cores with
      // Neo4j the bottleneck, and far steadier than it on a shared machine.
      const cpuRatio =
        r.neo4jCpuMsPerRow === undefined || floor.neo4jCpuMsPerRow === undefined
          ? 'n/a'
          : (r.neo4jCpuMsPerRow / floor.neo4jCpuMsPerRow).toFixed(2);
      console.log(
        `${String(floor.rows).padEnd(11)} ${col(floor.seconds, 7)}  ${col(floor.rowsPerSecond, 6)}   ${col(fmt(floor.neo4jCpuMsPerRow, 3), 16)}  ${col((r.seconds / floor.seconds).toFixed(2), 24)}  ${col(cpuRatio, 24)}  ${col(cores, 29)} of ${cpus().length}`,
      );
    }
  }
  console.log(`load average after: ${loadavg()[0]?.toFixed(1)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
