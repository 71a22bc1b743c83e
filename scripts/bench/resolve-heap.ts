/**
 * `node --expose-gc --max-old-space-size=6144 --import tsx scripts/bench/resolve-heap.ts [--records 300000]`
 *
 * What a resolution run holds, phase by phase, on the speed benchmark's world (scripts/bench/resolve.ts,
 * seed 99): the heap retained after a full GC once the world is generated, once the records are
 * prepared (name forms, census, name words), after the first pass (candidates compared, kept as
 * typed columns) and after the run's answer; with array buffers (typed arrays) apart, and the RSS
 * high-water mark beside. Retained, not peak: the difference from the speed benchmark's peak RSS is
 * garbage V8 lets grow before collecting and the transient structures of a phase.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { finishResolution, firstPass, prepareResolution } from '../../src/analyse/resolve/resolve.ts';
import { generateResolutionWorld } from '../../src/generate/resolution/records.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '300000' } } });
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('bench/resolve-heap: run with node --expose-gc (see the usage line)');
const target = Number(values.records);
const mb = (bytes: number) => Math.round(bytes / 1e6);
const rows: string[] = [];
let last = 0;
const measure = (what: string) => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  const peak = process.resourceUsage().maxRSS * 1024;
  rows.push(
    `${what.padEnd(34)} heap ${String(mb(heapUsed)).padStart(6)} MB (${mb(heapUsed - last) >= 0 ? '+' : ''}${mb(heapUsed - last)}), typed arrays ${mb(arrayBuffers)} MB, peak RSS so far ${mb(peak)} MB`,
  );
  last = heapUsed;
};
const load = loadavg()[0]!;
measure('start');
const world = generateResolutionWorld({
  seed: 99,
  persons: Math.round(target / 3.1),
  companies: Math.round(target / 31),
  syntheticShare: 0.7,
});
measure(`world (${world.records.length} records)`);
const prepared = prepareResolution(world.records);
measure('prepared records, census, words');
const pass = firstPass(prepared);
measure(`first pass (${pass.pairs.a.length} pairs kept)`);
const result = finishResolution(prepared, [pass]);
measure(`answer (${result.proposed.length} proposals)`);
console.log(
  `resolve-heap: ${world.records.length} records, load average ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
);
for (const row of rows) console.log(`  ${row}`);
