/**
 * Generator benchmark: writes worlds at two (or more) scales, each in its own process, and reports
 * rows/s (wall and CPU) and peak RSS, so a reader sees throughput and that memory does not grow with
 * the world. `npm run bench:generate -- --scales 20000,200000`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface Measure {
  people: number;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  tableMb: number;
  peakHeapMb: number;
}

const { values } = parseArgs({
  options: { scales: { type: 'string' }, child: { type: 'string' }, months: { type: 'string' } },
});

if (values.child) {
  // Child mode: one scale in a fresh process, so peak RSS is this scale's alone.
  const { generate } = await import('../../src/generate/generate.ts');
  const out = mkdtempSync(join(tmpdir(), 'skein-bench-gen-'));
  const before = process.cpuUsage();
  // Heap in use, sampled about once a second (garbage not yet collected included).
  let peakHeap = 0;
  const result = generate({
    seed: 7,
    people: Number(values.child),
    months: Number(values.months ?? 6),
    out,
    identities: false,
    progress: () => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    },
  });
  const cpu = process.cpuUsage(before);
  rmSync(out, { recursive: true, force: true });
  const measure: Measure = {
    people: Number(values.child),
    rows: result.rows,
    seconds: result.seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    tableMb: result.tableBytes / 1024 / 1024,
    peakHeapMb: peakHeap / 1024 / 1024,
  };
  console.log(JSON.stringify(measure));
} else {
  // The node flags of `npm run generate` (GC sizing matters here), so the bench measures what users run.
  const generateScript = (
    JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
  ).scripts.generate!;
  const nodeFlags = generateScript.split(/\s+/).filter((token) => /^--(max|min)-[a-z-]+=\d+$/.test(token));
  process.stderr.write(`bench:generate: node flags ${nodeFlags.join(' ') || '(none)'}\n`);
  const scales = (values.scales ?? '20000,200000').split(',').map(Number);
  const results: Measure[] = [];
  for (const people of scales) {
    process.stderr.write(`bench:generate: ${people} people...\n`);
    const output = execFileSync(
      process.execPath,
      [
        ...nodeFlags,
        '--import',
        'tsx',
        'scripts/bench/generate.ts',
        '--child',
        String(people),
        '--months',
        values.months ?? '6',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    results.push(JSON.parse(output.trim().split('\n').pop()!) as Measure);
  }
  console.log(
    'people     rows        wall s  rows/s(wall)  cpu s  rows/s(cpu)  peak RSS MB  peak heap MB  tables MB',
  );
  for (const r of results) {
    console.log(
      `${String(r.people).padEnd(10)} ${String(r.rows).padEnd(11)} ${r.seconds.toFixed(1).padStart(6)}  ${String(Math.round(r.rows / r.seconds)).padStart(12)}  ${r.cpuSeconds.toFixed(1).padStart(5)}  ${String(Math.round(r.rows / r.cpuSeconds)).padStart(11)}  ${r.maxRssMb.toFixed(0).padStart(11)}  ${r.peakHeapMb.toFixed(0).padStart(12)}  ${r.tableMb.toFixed(2).padStart(9)}`,
    );
  }
  const [small, large] = [results[0]!, results[results.length - 1]!];
  console.log(
    `scale x${(large.people / small.people).toFixed(0)}: rows x${(large.rows / small.rows).toFixed(1)}, peak RSS x${(large.maxRssMb / small.maxRssMb).toFixed(2)}, sampled heap x${(large.peakHeapMb / small.peakHeapMb).toFixed(2)}`,
  );
}
