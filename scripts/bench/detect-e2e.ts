/**
 * `npx tsx scripts/bench/detect-e2e.ts [--max-heap-mb N] [--engine auto|in-process|gds] [--engine-defaults JSON] [--out file.json]`
 *
 * `--engine-defaults '{"bytesPerRelationship":600,"heapHeadroom":1.15}'` overrides jobs/engine.ts's
 * coefficients in the child, to measure a worker heap ceiling before it becomes the default.
 *
 * One detection run end to end on the loaded database, as `npm run analyse` starts it (default
 * settings unless given: the analysis worker, the engine and heap jobs/engine.ts picks), in a child
 * Node process started without node flags, so its peak RSS is the run's alone. Per phase (sizing,
 * projection read, each analysis step, writing) the child records wall time, CPU of the whole process
 * (main thread and analysis worker), the highest RSS seen (sampled every 100 ms from
 * /proc/self/status) and the main thread's own V8 heap (the worker's is in the engine report), and
 * at the end the process's VmHWM, the run's stored timings (write split into networks, members,
 * matches), counts and engine report (heap estimate, limit, and the worker's measured heap). Prints a table and the load average before and after; `--out` keeps the
 * JSON. Load a world first: scripts/bench/detect-e2e-load.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    child: { type: 'boolean', default: false },
    'max-heap-mb': { type: 'string' },
    engine: { type: 'string' },
    // Calibration only: jobs/engine.ts ENGINE_DEFAULTS overrides as JSON, e.g. '{"heapHeadroom":1.15}'.
    'engine-defaults': { type: 'string' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
  },
});

interface Phase {
  phase: string;
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  /** The main thread's own V8 heap, highest sample (the worker's is the engine report's). */
  mainHeapMb: number;
}

const mainHeapMb = () => Math.round(process.memoryUsage().heapUsed / 1_048_576);

function statusMb(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : 0;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

if (values.child) {
  const { startDetection } = await import('../../src/jobs/detect.ts');
  if (values['engine-defaults']) {
    const { ENGINE_DEFAULTS } = await import('../../src/jobs/engine.ts');
    Object.assign(ENGINE_DEFAULTS, JSON.parse(values['engine-defaults']));
  }
  const { closeDriver } = await import('../../src/store/driver.ts');
  const phases: Phase[] = [];
  let current: { phase: string; started: number; cpu: number; peak: number; heap: number } | undefined;
  const close = () => {
    if (!current) return;
    phases.push({
      phase: current.phase,
      ms: Math.round(performance.now() - current.started),
      cpuMs: Math.round(cpuMs() - current.cpu),
      peakRssMb: Math.max(current.peak, statusMb('VmRSS')),
      mainHeapMb: Math.max(current.heap, mainHeapMb()),
    });
  };
  const enter = (phase: string) => {
    if (current?.phase === phase) return;
    close();
    current = {
      phase,
      started: performance.now(),
      cpu: cpuMs(),
      peak: statusMb('VmRSS'),
      heap: mainHeapMb(),
    };
  };
  const sampler = setInterval(() => {
    if (!current) return;
    current.peak = Math.max(current.peak, statusMb('VmRSS'));
    current.heap = Math.max(current.heap, mainHeapMb());
  }, 100);
  const started = performance.now();
  const startCpu = cpuMs();
  enter('start');
  const params: Parameters<typeof startDetection>[0] = { seed: Number(values.seed) };
  if (values['max-heap-mb']) params.maxHeapMb = Number(values['max-heap-mb']);
  if (values.engine) params.engine = values.engine as 'auto';
  let error: string | null = null;
  let summary: Awaited<Awaited<ReturnType<typeof startDetection>>['done']> | undefined;
  try {
    const run = await startDetection(params, {
      actor: 'bench',
      onProgress: (p) => enter(p.phase),
      onWarning: () => undefined,
    });
    summary = await run.done;
    await run.audited.catch(() => undefined);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  close();
  clearInterval(sampler);
  await closeDriver();
  console.log(
    JSON.stringify({
      ms: Math.round(performance.now() - started),
      cpuMs: Math.round(cpuMs() - startCpu),
      peakRssMb: statusMb('VmHWM'),
      error,
      phases,
      timings: summary?.timings ?? null,
      counts: summary?.counts ?? null,
      engine: summary?.engine ?? null,
      networks: summary?.counts.networks ?? null,
    }),
  );
  process.exit(0);
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const before = loadavg();
console.error(`detect-e2e: commit ${commit}, load average ${before.map((l) => l.toFixed(2)).join(' ')}`);
const args = [
  '--import',
  'tsx',
  'scripts/bench/detect-e2e.ts',
  '--child',
  '--seed',
  values.seed,
  ...(values['max-heap-mb'] ? ['--max-heap-mb', values['max-heap-mb']] : []),
  ...(values.engine ? ['--engine', values.engine] : []),
  ...(values['engine-defaults'] ? ['--engine-defaults', values['engine-defaults']] : []),
];
const output = execFileSync(process.execPath, args, {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 64 * 1024 * 1024,
});
const result = JSON.parse(output.trim().split('\n').pop()!) as {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  error: string | null;
  phases: Phase[];
  timings: Record<string, number> | null;
};
const after = loadavg();
const report = { commit, loadBefore: before, loadAfter: after, date: new Date().toISOString(), ...result };
if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
console.log('| phase | wall s | CPU s | peak RSS MB | main heap MB |\n|---|---|---|---|---|');
for (const p of result.phases) {
  console.log(
    `| ${p.phase} | ${(p.ms / 1000).toFixed(1)} | ${(p.cpuMs / 1000).toFixed(1)} | ${p.peakRssMb} | ${p.mainHeapMb} |`,
  );
}
console.log(
  `| **total** | ${(result.ms / 1000).toFixed(1)} | ${(result.cpuMs / 1000).toFixed(1)} | ${result.peakRssMb} (VmHWM) |`,
);
if (result.error) console.log(`error: ${result.error}`);
console.log(JSON.stringify({ timings: result.timings, loadAfter: after }));
