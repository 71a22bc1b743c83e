/**
 * `node --max-semi-space-size=64 --import tsx scripts/bench/indicator-speed.ts [--people 95000]`
 *
 * Per-indicator time and match count on the speed world of scripts/bench/detect.ts (seed 99, ~1.17M
 * relationships at 95,000 people): which indicator the indicators' share of the < 60 s budget goes
 * to. Each indicator's CPU time is measured next to its wall time (shared cores inflate the wall).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { graphIndex } from '../../src/analyse/hgraph.ts';
import { INDICATORS } from '../../src/analyse/indicators/index.ts';
import { syntheticWorld } from './detect-world.ts';

const { values } = parseArgs({ options: { people: { type: 'string', default: '95000' } } });
const people = Number(values.people);
const world = syntheticWorld({ seed: 99, people, planted: Math.round(people / 1000), negatives: 40 });
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
graphIndex(world.graph);
const rows: Record<string, { matches: number; ms: number; cpuMs: number }> = {};
let totalCpu = 0;
for (const indicator of INDICATORS) {
  const t = performance.now();
  const c = cpu();
  const matches = indicator.match(world.graph).length;
  const cpuMs = Math.round(cpu() - c);
  totalCpu += cpuMs;
  rows[indicator.id] = { matches, ms: Math.round(performance.now() - t), cpuMs };
}
console.log(
  `speed world: ${world.graph.order} nodes, ${world.graph.size} relationships; indicators ${totalCpu} ms CPU; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.table(rows);
