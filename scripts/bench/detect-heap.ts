/**
 * `node --expose-gc --max-old-space-size=8000 --import tsx scripts/bench/detect-heap.ts [people]`
 *
 * The heap an analysis takes, against jobs/engine.ts's estimate: builds the synthetic detection
 * world (scripts/bench/detect-world.ts) of `people` (default 20,000), measures the graph's heap
 * after a GC, runs the whole analysis (analyse/pipeline.ts) sampling the heap every 50 ms, and prints
 * graph size, peak heap, RSS and the estimate for the same counts.
 */
import { analyse } from '../../src/analyse/pipeline.ts';
import { estimateHeapMb } from '../../src/jobs/engine.ts';
import { syntheticWorld } from './detect-world.ts';

const people = Number(process.argv[2] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('bench/detect-heap: run with node --expose-gc (see the usage line)');
gc();
const before = process.memoryUsage().heapUsed;
const world = syntheticWorld({
  seed: 1,
  people,
  planted: Math.round(people / 400),
  negatives: Math.round(people / 1000),
});
gc();
const graphMb = (process.memoryUsage().heapUsed - before) / 1_048_576;
const nodes = world.graph.order;
const relationships = world.graph.size;
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}, 50);
const started = performance.now();
const result = analyse(world.graph, {});
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().heapUsed);
console.log(
  JSON.stringify({
    people,
    nodes,
    relationships,
    graphMb: Math.round(graphMb),
    peakHeapMb: Math.round(peak / 1_048_576),
    rssMb: Math.round(process.memoryUsage().rss / 1_048_576),
    estimateMb: estimateHeapMb({ nodes, relationships }),
    analyseMs: Math.round(performance.now() - started),
    networks: result.networks.length,
  }),
);
