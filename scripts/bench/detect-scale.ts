/**
 * `npx tsx scripts/bench/detect-scale.ts [--sizes 1000000,5000000,20000000] [--gds-max 5000000]
 *   [--engines in-process,gds,igraph] [--seed 1] [--out docs/benchmarks/detect-scale.json]`
 *
 * Community detection at scale, one weighted edge list per size, every engine on the same list:
 * - in-process: the analysis's own community step (analyse/communities.ts detectCommunities: Louvain,
 *   split of disconnected communities, local moving; no size split), in a child Node process;
 * - gds: the list put into Neo4j (needs GDS: SKEIN_NEO4J_GDS=true), projected natively, Louvain and
 *   Leiden (store/gds-bench.ts); loading is timed apart from detection. `--gds-write import` (the
 *   default on the embedded server) writes it with neo4j-admin's offline importer into the embedded
 *   server's data directory, which it OVERWRITES (stop, import, start): give the benchmark a data
 *   directory of its own (SKEIN_NEO4J_DATA_DIR). `--gds-write cypher` (the default with NEO4J_URI)
 *   writes it through Bolt, 20,000 links a statement: 1M links took 178 s that way on the shared
 *   machine and 5M did not finish in 25 min, which is why the importer is the default;
 * - igraph: python-igraph's community_multilevel (Louvain) in a child python process.
 * Each reports wall time, CPU time, peak memory (child: VmHWM; Neo4j: the JVM's VmHWM after the
 * run, which includes its page cache, and GDS's own estimate) and modularity — recomputed here for
 * every engine with the same function (analyse/communities.ts modularity) on the same graph.
 *
 * The graph: planted communities of 10..200 nodes (about m/10 nodes, mean degree 20), 80 % of the
 * edges inside a community, weights 1..3, seeded. Writes the JSON figures to --out and a PNG plot
 * next to it with matplotlib when python has it (scripts/bench/detect-scale-plot.py).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { detectCommunities, modularity } from '../../src/analyse/communities.ts';
import { compactFromEdges } from '../../src/analyse/compact.ts';
import { seededRng } from '../../src/analyse/rng.ts';
import { config } from '../../src/config.ts';
import { databaseContents, type ImportFile, runAdminImport } from '../../src/store/bulk-import.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { start as startEmbedded, stop as stopEmbedded } from '../../src/store/embedded.ts';
import { gdsVersion } from '../../src/store/gds.ts';
import { benchGds, clearBenchGraph, writeBenchLinks, writeBenchNodes } from '../../src/store/gds-bench.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,5000000,20000000' },
    'gds-max': { type: 'string', default: '20000000' },
    'gds-write': { type: 'string' },
    engines: { type: 'string', default: 'in-process,gds,igraph' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'docs/benchmarks/detect-scale.json' },
    child: { type: 'string' },
    size: { type: 'string' },
  },
});

const DIR = join(tmpdir(), 'skein-detect-scale');
const files = (m: number) => ({
  u: join(DIR, `${m}.u.bin`),
  v: join(DIR, `${m}.v.bin`),
  w: join(DIR, `${m}.w.bin`),
  meta: join(DIR, `${m}.json`),
  labels: (engine: string) => join(DIR, `${m}.${engine}.labels.bin`),
});

interface EdgeList {
  n: number;
  u: Int32Array;
  v: Int32Array;
  w: Float64Array;
}

/** Planted partition, seeded: the same list for every engine. */
function generate(m: number, seed: number): EdgeList {
  const rng = seededRng(seed);
  const n = Math.max(100, Math.round(m / 10));
  const community = new Int32Array(n);
  const starts: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < n; ) {
    const size = Math.min(n - i, 10 + Math.floor(rng() * 191));
    starts.push(i);
    sizes.push(size);
    for (let j = 0; j < size; j++) community[i + j] = starts.length - 1;
    i += size;
  }
  const u = new Int32Array(m);
  const v = new Int32Array(m);
  const w = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const a = Math.floor(rng() * n);
    let b: number;
    do {
      if (rng() < 0.8) {
        const c = community[a]!;
        b = starts[c]! + Math.floor(rng() * sizes[c]!);
      } else {
        b = Math.floor(rng() * n);
      }
    } while (b === a);
    u[e] = a;
    v[e] = b;
    w[e] = 1 + Math.floor(rng() * 3);
  }
  return { n, u, v, w };
}

function save(m: number, list: EdgeList): void {
  mkdirSync(DIR, { recursive: true });
  const f = files(m);
  writeFileSync(f.u, Buffer.from(list.u.buffer));
  writeFileSync(f.v, Buffer.from(list.v.buffer));
  writeFileSync(f.w, Buffer.from(list.w.buffer));
  writeFileSync(f.meta, JSON.stringify({ n: list.n, m }));
}

function load(m: number): EdgeList {
  const f = files(m);
  const { n } = JSON.parse(readFileSync(f.meta, 'utf8')) as { n: number };
  const buf = (p: string) => {
    const b = readFileSync(p);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  return { n, u: new Int32Array(buf(f.u)), v: new Int32Array(buf(f.v)), w: new Float64Array(buf(f.w)) };
}

function peakRssMb(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, 100 Hz ticks
}

/** Child: the in-process community step on the saved list; prints its figures as JSON. */
function childInProcess(m: number): void {
  const list = load(m);
  const ids = Array.from({ length: list.n }, (_, i) => String(i));
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const graph = compactFromEdges(ids, list.u, list.v, list.w);
  const result = detectCommunities(graph, { seed: 42, maxSize: 1_000_000_000 });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const labels = new Int32Array(list.n);
  result.communities.forEach((c, k) => {
    for (const id of c.members) labels[Number(id)] = k;
  });
  writeFileSync(files(m).labels('in-process'), Buffer.from(labels.buffer));
  console.log(
    JSON.stringify({
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb: peakRssMb(),
      communities: result.communities.length,
    }),
  );
}

const IGRAPH = `
import sys, time, resource, json
from array import array
import igraph as ig
m = int(sys.argv[1]); d = sys.argv[2]
meta = json.load(open(f"{d}/{m}.json")); n = meta["n"]
u = array('i'); u.frombytes(open(f"{d}/{m}.u.bin", 'rb').read())
v = array('i'); v.frombytes(open(f"{d}/{m}.v.bin", 'rb').read())
w = array('d'); w.frombytes(open(f"{d}/{m}.w.bin", 'rb').read())
t0 = time.time(); c0 = time.process_time()
g = ig.Graph(n=n, edges=list(zip(u, v)), directed=False)
g.es["weight"] = w
del u, v
build = time.time() - t0
t1 = time.time()
part = g.community_multilevel(weights="weight")
ms = (time.time() - t1) * 1000
cpu = (time.process_time() - c0) * 1000
labels = array('i', part.membership)
open(f"{d}/{m}.igraph.labels.bin", 'wb').write(labels.tobytes())
print(json.dumps({"ms": round(ms), "buildMs": round(build * 1000), "cpuMs": round(cpu),
  "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "communities": len(part),
  "modularityIgraph": part.modularity}))
`;

function readLabels(path: string, n: number): Int32Array {
  const b = readFileSync(path);
  const labels = new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  if (labels.length !== n)
    throw new Error(`bench/detect-scale: ${path} has ${labels.length} labels, expected ${n}`);
  return labels;
}

function modularityOfLabels(list: EdgeList, labels: Int32Array): number {
  const ids = Array.from({ length: list.n }, (_, i) => String(i));
  const graph = compactFromEdges(ids, list.u, list.v, list.w);
  const partition = new Map<string, number>();
  for (let i = 0; i < list.n; i++) partition.set(ids[i]!, labels[i]!);
  return modularity(graph, partition);
}

function neo4jPid(): number | null {
  const pidFile = join(config().embedded.dataDir, 'skein-neo4j.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : null;
}

async function writeListWithCypher(m: number, list: EdgeList): Promise<void> {
  await clearBenchGraph();
  await writeBenchNodes(list.n);
  const batch = 20_000;
  for (let from = 0; from < m; from += batch) {
    const rows: Array<[number, number, number]> = [];
    for (let e = from; e < Math.min(m, from + batch); e++) rows.push([list.u[e]!, list.v[e]!, list.w[e]!]);
    await writeBenchLinks(rows);
  }
}

/** Lines of text appended to a file in blocks (a 20M-link file is about 400 MB: never one string). */
function writeLines(path: string, count: number, line: (i: number) => string): void {
  const fd = openSync(path, 'w');
  try {
    const block: string[] = [];
    for (let i = 0; i < count; i++) {
      block.push(line(i));
      if (block.length === 100_000 || i === count - 1) {
        writeSync(fd, `${block.join('\n')}\n`);
        block.length = 0;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The list as neo4j-admin import files, imported offline into the embedded server's data directory
 * (the server stopped, its store replaced, started again). Refuses a database holding anything but
 * a previous benchmark graph: the importer overwrites the whole database.
 */
async function importList(m: number, list: EdgeList): Promise<void> {
  const cfg = config();
  if (!cfg.neo4j.embedded) {
    throw new Error(
      'bench/detect-scale: --gds-write import needs the embedded server (unset NEO4J_URI) or use --gds-write cypher',
    );
  }
  const { empty, labels } = await databaseContents();
  if (!empty && labels.some((label) => label !== 'SkeinBench')) {
    throw new Error(
      `bench/detect-scale: the database holds ${labels.join(', ')}, and the importer overwrites it; ` +
        'give the benchmark its own data directory (SKEIN_NEO4J_DATA_DIR=.skein/neo4j-bench) or use --gds-write cypher',
    );
  }
  const dir = join(DIR, `import-${m}`);
  mkdirSync(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  writeFileSync(path('nodes-header.csv'), 'id:ID,i:int\n');
  writeLines(path('nodes.csv'), list.n, (i) => `${i},${i}`);
  writeFileSync(path('links-header.csv'), ':START_ID,:END_ID,w:double\n');
  writeLines(path('links.csv'), m, (e) => `${list.u[e]},${list.v[e]},${list.w[e]}`);
  const importFiles: ImportFile[] = [
    { kind: 'nodes', name: 'SkeinBench', header: path('nodes-header.csv'), data: path('nodes.csv') },
    {
      kind: 'relationships',
      name: 'SKEIN_BENCH_LINK',
      header: path('links-header.csv'),
      data: path('links.csv'),
    },
  ];
  const embedded = {
    projectRoot: cfg.projectRoot,
    ...cfg.embedded,
    log: (l: string) => console.error(`  ${l}`),
  };
  await closeDriver();
  await stopEmbedded(embedded);
  const imported = await runAdminImport({
    projectRoot: cfg.projectRoot,
    home: join(embedded.dataDir, 'home'),
    files: importFiles,
    multiline: false,
    reportFile: path('import.report'),
    heap: '2g',
    maxOffHeap: '2g',
    log: (line) => (/IMPORT DONE|Imported|Peak/.test(line) ? console.error(`  import: ${line}`) : undefined),
  });
  await startEmbedded(embedded);
  if (imported.imported.nodes !== list.n || imported.imported.relationships !== m) {
    throw new Error(
      `bench/detect-scale: the importer wrote ${imported.imported.nodes} nodes and ${imported.imported.relationships} links, not ${list.n} and ${m}`,
    );
  }
}

async function gdsRuns(m: number, list: EdgeList, seed: number): Promise<Record<string, unknown>> {
  const version = await gdsVersion();
  if (version === null) return { skipped: 'no GDS on the server (SKEIN_NEO4J_GDS=true)' };
  const write = values['gds-write'] ?? (config().neo4j.embedded ? 'import' : 'cypher');
  let started = performance.now();
  if (write === 'import') await importList(m, list);
  else await writeListWithCypher(m, list);
  const loadMs = Math.round(performance.now() - started);
  const out: Record<string, unknown> = { version, write, loadMs };
  const pid = neo4jPid();
  for (const algorithm of ['louvain', 'leiden'] as const) {
    const cpu0 = pid ? cpuMsOf(pid) : null;
    started = performance.now();
    const run = await benchGds(list.n, algorithm, 2, seed);
    const wall = performance.now() - started;
    out[algorithm] = {
      ms: Math.round(run.projectMs + run.detectMs),
      projectMs: Math.round(run.projectMs),
      detectMs: Math.round(run.detectMs),
      wallWithStreamMs: Math.round(wall),
      cpuMs: pid && cpu0 !== null ? Math.round(cpuMsOf(pid) - cpu0) : null,
      jvmPeakRssMb: pid ? peakRssMb(pid) : null,
      estimate: run.estimate,
      communities: run.communities,
      modularityGds: run.modularity,
      modularity: modularityOfLabels(list, run.labels),
    };
    console.error(`  gds ${algorithm}: ${JSON.stringify(out[algorithm])}`);
  }
  // The next import overwrites the store; deleting 20M links through Cypher would take longer than the run.
  if (write !== 'import') await clearBenchGraph();
  return out;
}

async function main(): Promise<void> {
  if (values.child === 'in-process') {
    childInProcess(Number(values.size));
    return;
  }
  const sizes = values.sizes.split(',').map(Number);
  const engines = new Set(values.engines.split(','));
  const seed = Number(values.seed);
  const gdsMax = Number(values['gds-max']);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const report: Record<string, unknown> = {
    command: `npx tsx scripts/bench/detect-scale.ts ${process.argv.slice(2).join(' ')}`,
    commit,
    cpus: cpus().length,
    loadStart: loadavg().map((l) => Number(l.toFixed(2))),
    results: [] as unknown[],
  };
  const results = report.results as Array<Record<string, unknown>>;
  for (const m of sizes) {
    console.error(`detect-scale: ${m} relationships`);
    const list = generate(m, seed);
    save(m, list);
    const row: Record<string, unknown> = { relationships: m, nodes: list.n, load: loadavg()[0] };
    if (engines.has('in-process')) {
      const child = spawnSync(
        process.execPath,
        [
          '--max-old-space-size=12288',
          '--max-semi-space-size=64',
          '--import',
          'tsx',
          resolve(import.meta.dirname, 'detect-scale.ts'),
          '--child',
          'in-process',
          '--size',
          String(m),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      if (child.status !== 0) {
        row.inProcess = { failed: child.stderr.split('\n').slice(-5).join(' ') };
      } else {
        const figures = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
        figures.modularity = modularityOfLabels(list, readLabels(files(m).labels('in-process'), list.n));
        row.inProcess = figures;
      }
      console.error(`  in-process: ${JSON.stringify(row.inProcess)}`);
    }
    if (engines.has('igraph')) {
      const child = spawnSync('python3', ['-c', IGRAPH, String(m), DIR], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      if (child.status !== 0) {
        row.igraph = { failed: child.stderr.split('\n').slice(-3).join(' ') };
      } else {
        const figures = JSON.parse(child.stdout.trim()) as Record<string, unknown>;
        figures.modularity = modularityOfLabels(list, readLabels(files(m).labels('igraph'), list.n));
        row.igraph = figures;
      }
      console.error(`  igraph: ${JSON.stringify(row.igraph)}`);
    }
    if (engines.has('gds')) {
      row.gds = m <= gdsMax ? await gdsRuns(m, list, seed) : { skipped: `above --gds-max ${gdsMax}` };
    }
    results.push(row);
    report.loadEnd = loadavg().map((l) => Number(l.toFixed(2)));
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  }
  await closeDriver();
  const plot = spawnSync('python3', [resolve(import.meta.dirname, 'detect-scale-plot.py'), values.out], {
    encoding: 'utf8',
  });
  console.error(plot.status === 0 ? plot.stdout.trim() : `plot: ${plot.stderr.trim().split('\n').at(-1)}`);
  console.log(JSON.stringify(report, null, 2));
}

main().catch(async (error: unknown) => {
  console.error(error);
  await closeDriver();
  process.exitCode = 1;
});
