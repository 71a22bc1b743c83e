/**
 * `node --expose-gc --max-old-space-size=6144 --import tsx scripts/bench/detect-phase-heap.ts
 *    (--neo4j | --dump FILE | --synthetic PEOPLE) [--seed N] [--save FILE] [--out FILE.json]`
 *
 * What the analysis holds, phase by phase, in one process (no worker): the graph is read from the
 * database config() points at (as jobs/detect.ts's in-process path reads it), from a saved graph
 * (`--save` writes one; detect-sets.ts dumps), or built synthetically (detect-world.ts). At the
 * start of each phase of analyse/pipeline.ts a full GC runs and the heap still in use is recorded
 * — what the phases before it keep alive, which is what sets the worker's peak on a big graph
 * (issue 16) — with the CPU each phase took and the heap seen just before that GC (the garbage
 * included). The forced GCs add CPU; compare CPU with detect-e2e.ts, not here. Ends with one SHA-256 over the whole result but its timings,
 * network by network (the result of a big world is too long for one JSON string): equal digests
 * before and after a change are equal results.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { type AnalysisResult, analyse } from '../../src/analyse/pipeline.ts';
import type { HGraph } from '../../src/analyse/types.ts';

const { values } = parseArgs({
  options: {
    neo4j: { type: 'boolean', default: false },
    dump: { type: 'string' },
    synthetic: { type: 'string' },
    seed: { type: 'string', default: '42' },
    save: { type: 'string' },
    out: { type: 'string' },
  },
});

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('bench/detect-phase-heap: run with node --expose-gc (see the usage line)');
const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const heap = () => process.memoryUsage().heapUsed;
// Typed arrays' memory (the graph's adjacency and attribute columns) is outside V8's heap.
const buffers = () => process.memoryUsage().arrayBuffers;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const rssMb = () => mb(process.memoryUsage().rss);

async function readGraph(): Promise<HGraph> {
  if (values.synthetic) {
    const { syntheticWorld } = await import('./detect-world.ts');
    const people = Number(values.synthetic);
    return syntheticWorld({
      seed: 1,
      people,
      planted: Math.round(people / 400),
      negatives: Math.round(people / 1000),
    }).graph;
  }
  if (values.dump) {
    const data = JSON.parse(readFileSync(values.dump, 'utf8')) as { graph: never };
    return createHGraph().import(data.graph);
  }
  if (values.neo4j) {
    const { loadGraph } = await import('../../src/jobs/detect.ts');
    const { ANALYSIS_ATTRIBUTES } = await import('../../src/analyse/attributes.ts');
    const { closeDriver } = await import('../../src/store/driver.ts');
    // As jobs/detect.ts reads a default run: every jurisdiction, SAME_AS identities, kept attributes.
    const { graph } = await loadGraph({
      identities: { jurisdictions: ['*'], proposedMinScore: null },
      attributes: [...ANALYSIS_ATTRIBUTES],
    });
    await closeDriver();
    return graph;
  }
  throw new Error('bench/detect-phase-heap: give --neo4j, --dump FILE or --synthetic PEOPLE');
}

/** One SHA-256 over everything analyse returns but its timings, a network at a time. */
export function resultDigest(result: AnalysisResult): string {
  const { timings: _t, indicatorTimings: _i, networks, ...rest } = result;
  const hash = createHash('sha256');
  hash.update(JSON.stringify(rest));
  for (const network of networks) hash.update(JSON.stringify(network));
  return hash.digest('hex');
}

const loadBefore = loadavg();
gc();
const base = heap();
const baseBuffers = buffers();
const readCpu = cpu();
const graph: HGraph = await readGraph();
// As jobs/graph-builder.ts finishes a graph (a tree without releaseEdgeKeys keeps the map).
(graph as { releaseEdgeKeys?: () => void }).releaseEdgeKeys?.();
const counts = { nodes: graph.order, relationships: graph.size };
if (values.save) {
  writeFileSync(values.save, JSON.stringify({ world: `seed ${values.seed}`, graph: graph.export() }));
  console.error(`detect-phase-heap: saved ${values.save}`);
}
gc();
const graphMb = mb(heap() - base);
const graphBuffersMb = mb(buffers() - baseBuffers);
console.error(
  `detect-phase-heap: ${counts.nodes} nodes, ${counts.relationships} relationships, graph ${graphMb} MB (+${graphBuffersMb} MB typed arrays), read ${((cpu() - readCpu) / 1000).toFixed(1)} s CPU`,
);

interface PhaseHeap {
  phase: string;
  /** Heap in use at the phase's start after a full GC, less the heap before the graph was read. */
  liveMb: number;
  /** Heap in use just before that GC: the previous phase's garbage included. */
  beforeGcMb: number;
  /** Typed arrays' memory at the phase's start (outside the heap), less the amount before the read. */
  buffersMb: number;
  rssMb: number;
  cpuMs: number;
}
const phases: PhaseHeap[] = [];
let current: { phase: string; cpu: number } | undefined;
let gcCpu = 0;
const enter = (phase: string) => {
  if (current?.phase === phase) return;
  const now = cpu();
  if (current) phases[phases.length - 1]!.cpuMs = Math.round(now - current.cpu);
  const beforeGc = heap();
  gc();
  const afterGc = cpu();
  gcCpu += afterGc - now;
  phases.push({
    phase,
    liveMb: mb(heap() - base),
    beforeGcMb: mb(beforeGc - base),
    buffersMb: mb(buffers() - baseBuffers),
    rssMb: rssMb(),
    cpuMs: 0,
  });
  current = { phase, cpu: afterGc };
};
const result = analyse(
  graph,
  { communities: { seed: Number(values.seed) }, progress: (event) => enter(event.phase) },
  [],
);
enter('result');
const digest = resultDigest(result);
const report = {
  source: values.neo4j ? 'neo4j' : (values.dump ?? `synthetic ${values.synthetic}`),
  seed: Number(values.seed),
  ...counts,
  graphMb,
  graphBuffersMb,
  phases,
  gcCpuMs: Math.round(gcCpu),
  peakRssMb:
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN) / 1024,
  networks: result.networks.length,
  matches: result.matches.length,
  digest,
  loadBefore,
  loadAfter: loadavg(),
};
if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
console.log(
  '| phase | live MB at start | before GC MB | typed arrays MB | RSS MB | CPU s |\n|---|---|---|---|---|---|',
);
for (const p of phases)
  console.log(
    `| ${p.phase} | ${p.liveMb} | ${p.beforeGcMb} | ${p.buffersMb} | ${p.rssMb} | ${(p.cpuMs / 1000).toFixed(1)} |`,
  );
console.log(
  JSON.stringify({
    graphMb,
    graphBuffersMb,
    networks: report.networks,
    matches: report.matches,
    digest,
    load: report.loadAfter,
  }),
);
