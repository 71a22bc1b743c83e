/**
 * `npm run bench:soak` — a bounded soak test on loopback: the analysts' query mix at a fixed rate
 * for several minutes while an extract loads into the same database, then throughput, p99, error
 * count and the server's memory at the start, middle and end (growth would show a leak).
 *
 *   npm run bench:soak -- [--minutes 5] [--rate 100] [--extract .skein/demo/telecom-cdr.csv --mapping telecom]
 *
 * The load runs in a child process (as a batch script would); the API in this process.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { config } from '../../src/config.ts';
import { listen } from '../../src/serve/server.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { cyclingRequests, operations, sampleInputs } from './mix.ts';

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

// A load in the background: a differently named copy is a new extract, so it really writes.
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
const loadDone = new Promise<number>((done) => loader.once('exit', (code) => done(code ?? 1)));

const rss: number[] = [];
const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 5_000);
const result = await autocannon({
  url: `${listening.url}/graphql`,
  method: 'POST',
  connections: 10,
  overallRate: Number(values.rate),
  duration: seconds,
  headers: { 'content-type': 'application/json' },
  requests: cyclingRequests(ops) as never,
});
clearInterval(sampler);
const loadExit = await loadDone;
await listening.close();
await closeDriver();

const mb = (bytes: number | undefined) => `${Math.round((bytes ?? 0) / 1048576)} MB`;
const third = Math.floor(rss.length / 3);
console.log(`
bench:soak — ${seconds} s at ${values.rate} req/s with a load of ${values.extract} running (loader exit ${loadExit})
  throughput:  ${result.requests.average.toFixed(0)} req/s, ${result.requests.total} requests
  latency:     p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms
  errors:      ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx
  server RSS:  start ${mb(rss[0])}, middle ${mb(rss[third])}, end ${mb(rss.at(-1))}
  targets:     zero errors, no memory growth`);
process.exitCode = result.errors + result.timeouts + result.non2xx === 0 && loadExit === 0 ? 0 : 1;
