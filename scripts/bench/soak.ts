/**
 * `npm run bench:soak` — a bounded soak test on loopback: the analysts' query mix at a fixed rate
 * for several minutes while extracts load into the same database (one load after another, for the
 * whole soak), then throughput, p99, error
 * count and the server's memory at the start, middle and end (growth would show a leak).
 *
 *   npm run bench:soak -- [--minutes 5] [--rate 100] [--extract .skein/demo/telecom-cdr.csv --mapping telecom]
 *
 * The load runs in a child process (as a batch script would), the HTTP client in another (so the
 * RSS sampled is the server's alone); the API in this process.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../../src/config.ts';
import { listen } from '../../src/serve/server.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { type LoadResult, runClient } from './client.ts';
import { operations, requestBodies, sampleInputs } from './mix.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    rate: { type: 'string', default: '100' },
    extract: { type: 'string', default: '.skein/demo/telecom-cdr.csv' },
    mapping: { type: 'string', default: 'telecom' },
  },
});
if (config().limits.ratePerMinute > 0) {
  console.error(
    'bench:soak: run with SKEIN_RATE_LIMIT_PER_MINUTE=0 (one benchmark user would hit the per-user limit)',
  );
  process.exit(2);
}
const seconds = Math.round(Number(values.minutes) * 60);
const ops = operations(await sampleInputs());
const listening = await listen('127.0.0.1', 0);

// Loads in the background for the whole soak, one after another (as batch scripts would): each
// under a new source is a new extract, so it really writes (a re-run of the same one would not).
const soakEnds = Date.now() + seconds * 1000;
let loads = 0;
const loadExits: number[] = [];
function startLoad(): Promise<void> {
  loads++;
  const loader = spawn(
    'npx',
    [
      'tsx',
      'src/cli/load.ts',
      '--mapping',
      values.mapping,
      '--max-rejects',
      '1000',
      '--source',
      `soak-${Date.now()}`,
      '--quiet',
      resolve(values.extract),
    ],
    { cwd: config().projectRoot, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return new Promise<void>((done) =>
    loader.once('exit', (code) => {
      loadExits.push(code ?? 1);
      done(Date.now() < soakEnds - 5_000 ? startLoad() : undefined);
    }),
  );
}
const loadDone = startLoad();

const rss: number[] = [];
const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 5_000);
// The client runs in a process of its own, so the RSS sampled here is the server's alone.
const result = await runClient<LoadResult>({
  mode: 'load',
  url: `${listening.url}/graphql`,
  connections: 10,
  rate: Number(values.rate),
  seconds,
  bodies: requestBodies(ops, 1_000),
});
clearInterval(sampler);
await loadDone;
await listening.close();
await closeDriver();

const mb = (bytes: number | undefined) => `${Math.round((bytes ?? 0) / 1048576)} MB`;
/** Samples are taken every 5 s: the highest of each minute shows a trend that single samples hide. */
const perMinute = (samples: number[]) =>
  Array.from({ length: Math.ceil(samples.length / 12) }, (_, i) =>
    Math.max(...samples.slice(i * 12, i * 12 + 12)),
  );
const third = Math.floor(rss.length / 3);
console.log(`
bench:soak — ${seconds} s at ${values.rate} req/s with loads of ${values.extract} running back to back (${loads} loads, exit codes ${[...new Set(loadExits)].join(',')})
  throughput:  ${result.average.toFixed(0)} req/s, ${result.total} requests
  latency:     p50 ${result.p50} ms   p99 ${result.p99} ms   max ${result.max} ms
  errors:      ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx
  server RSS:  start ${mb(rss[0])}, middle ${mb(rss[third])}, end ${mb(rss.at(-1))}
  RSS by minute (highest sample): ${perMinute(rss).map(mb).join(', ')}
  targets:     zero errors, no memory growth`);
process.exitCode =
  result.errors + result.timeouts + result.non2xx === 0 && loadExits.every((code) => code === 0) ? 0 : 1;
