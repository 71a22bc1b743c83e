/**
 * `npm run bench:api` — the analysts' API under load, on loopback only.
 *
 * Against the database as it is (load the demo world first: `npm start` once, or `npm run load`),
 * it listens on a free loopback port and drives a mix of search, neighbourhood(depth 2),
 * moneyFlow and node queries with autocannon at a fixed rate (default 200 requests/s for 30 s),
 * then reports requests/s and p50/p99 latency. In the same run it times the same operations'
 * Cypher straight through the store (no HTTP, no GraphQL) and reports the GraphQL layer's share.
 *
 *   npm run bench:api -- [--rate 200] [--seconds 30] [--connections 20] [--ratio-rounds 5]
 *
 * The throughput ratio to the store alone is measured in alternating rounds (600 store operations,
 * then 4 s of GraphQL flat out), and the median of the rounds' ratios reported with each round.
 *
 * It uses the configured Neo4j (NEO4J_URI, else the embedded one on SKEIN_NEO4J_PORT); to keep a
 * benchmark off a shared instance, point it at a dedicated one: SKEIN_NEO4J_PORT=7731
 * SKEIN_NEO4J_DATA_DIR=.skein/neo4j-bench-api (load the demo world there first).
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { config } from '../../src/config.ts';
import { RELATIONSHIP_TYPES } from '../../src/model/relationships.ts';
import { listen } from '../../src/serve/server.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { appendAudit } from '../../src/store/audit.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { loadEntities, loadSources } from '../../src/store/read/entities.ts';
import { moneyFlow } from '../../src/store/read/money.ts';
import { neighbourhood } from '../../src/store/read/neighbourhood.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { searchEntities } from '../../src/store/read/search.ts';
import { type LoadResult, runClient } from './client.ts';
import { embeddedNeo4jPid, fmt, msPer, startCpuMeter } from './cpu.ts';
import { operations, pick, requestBodies, sampleInputs } from './mix.ts';
import { describeTail, watchTail } from './tail.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '20' },
    'ratio-rounds': { type: 'string', default: '5' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);

if (config().limits.ratePerMinute > 0) {
  console.error(
    'bench:api: run with SKEIN_RATE_LIMIT_PER_MINUTE=0 (one benchmark user would hit the per-user limit)',
  );
  process.exit(2);
}

const samples = await sampleInputs();
const { names, persons, accounts } = samples;
const OPERATIONS = operations(samples);

// Direct: the same store calls (so the same Cypher) the resolvers make.
async function directOp(i: number): Promise<void> {
  switch (i % 4) {
    case 0:
      await searchEntities({
        text: pick(names, i),
        exactIds: [],
        labels: null,
        skip: 0,
        limit: 10,
        scope: FULL_SCOPE,
      });
      break;
    case 1:
      await neighbourhood({
        id: pick(persons, i),
        depth: 2,
        types: RELATIONSHIP_TYPES,
        since: null,
        until: null,
        limitPerNode: 25,
        scope: FULL_SCOPE,
      });
      break;
    case 2:
      await moneyFlow({
        accountId: pick(accounts, i),
        direction: 'OUT',
        since: null,
        until: null,
        minAmount: null,
        maxHops: 2,
        perHop: 50,
        scope: FULL_SCOPE,
      });
      break;
    default:
      // entity(id) { sources }: the entity loader, then the sources loader for the nested field.
      await loadEntities([pick(persons, i)], FULL_SCOPE);
      await loadSources([pick(persons, i)], FULL_SCOPE);
  }
}

/** Sequentially, one at a time: milliseconds per operation. */
async function directMs(samples: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < samples; i++) await directOp(i);
  return (performance.now() - started) / samples;
}

/**
 * `total` operations, `concurrency` at a time, as the server meets them under load: operations per
 * second and the CPU they cost this process and Neo4j. This is the store's own ceiling: what two
 * cores could serve with no HTTP, GraphQL or audit at all.
 */
async function directConcurrent(total: number, concurrency: number) {
  const [cpu, started] = [startCpuMeter(neo4jPid), performance.now()];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await directOp(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { opsPerSecond: total / seconds, ...cpu.msPer(total) };
}

const neo4jPid = embeddedNeo4jPid();
const listening = await listen('127.0.0.1', 0);
const url = `${listening.url}/graphql`;

/** The same application without a socket: yoga's own fetch, as the API tests drive it. */
const app = createApp();

/**
 * Sequentially through GraphQL: milliseconds per request, over HTTP with this process's fetch as
 * the client (a client in another process measured 2–4 ms slower per request here, from
 * cross-process wake-ups, not from the server's work), or in-process through the app's own fetch
 * (the GraphQL layer without HTTP).
 */
async function graphqlMs(samples: number, offset: number, via: 'http' | 'app' = 'http'): Promise<number> {
  const send = via === 'http' ? fetch : (input: string, init: RequestInit) => app.fetch(input, init);
  const started = performance.now();
  for (let i = offset; i < offset + samples; i++) {
    const op = OPERATIONS[i % OPERATIONS.length]!;
    const response = await send(via === 'http' ? url : 'http://bench.invalid/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: op.query, variables: op.vars(i) }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`bench:api: ${op.name} failed: ${JSON.stringify(body.errors)}`);
  }
  return (performance.now() - started) / samples;
}

/**
 * The durable audit write every GraphQL response waits for (#8), timed on its own, one at a time as
 * in the sequential run: the part of the GraphQL path's latency that is the audit trail, not GraphQL.
 */
async function auditMs(samples: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    await appendAudit({
      actor: 'bench:api',
      action: 'graphql',
      operation: 'audit-latency-probe',
      args: '{}',
      entityIds: [pick(persons, i)],
      outcome: 'ok',
    });
  }
  return (performance.now() - started) / samples;
}

// Warm both paths, then measure them alternately so machine noise hits both alike.
await directMs(40);
await graphqlMs(40, 0);
await graphqlMs(40, 0, 'app');
await auditMs(10);
let direct = 0;
let graphql = 0;
let inProcess = 0;
let audit = 0;
for (let round = 0; round < 3; round++) {
  direct += await directMs(100);
  graphql += await graphqlMs(100, 100 * round);
  inProcess += await graphqlMs(100, 100 * round, 'app');
  audit += await auditMs(25);
}
direct /= 3;
graphql /= 3;
inProcess /= 3;
audit /= 3;

const cpuUnderLoad = startCpuMeter(neo4jPid);
const tailWatch = watchTail(neo4jPid);
const result = await runClient<LoadResult>({
  mode: 'load',
  url,
  rate,
  seconds,
  connections: Number(values.connections),
  bodies: requestBodies(OPERATIONS, 1_000),
});
const served = result.total;
const { node: server, neo4j } = cpuUnderLoad.msPer(served);
const tail = tailWatch.stop();

// Flat out through HTTP + GraphQL (+ the audit write) against the store alone on the same calls,
// as many at a time: the throughput ratio (target >= 0.8). Measured in alternating rounds, each
// ratio from a store slice and the GraphQL slice right after it: one slice of each, a minute apart,
// gave 0.68-1.04x for the same code as the machine's state drifted between them.
type Round = { store: Awaited<ReturnType<typeof directConcurrent>>; flatOut: LoadResult; ratio: number };
const rounds: Round[] = [];
for (let round = 0; round < Number(values['ratio-rounds']); round++) {
  const store = await directConcurrent(600, Number(values.connections));
  const flatOut = await runClient<LoadResult>({
    mode: 'load',
    url,
    seconds: 4,
    connections: Number(values.connections),
    bodies: requestBodies(OPERATIONS, 1_000),
  });
  rounds.push({ store, flatOut, ratio: flatOut.average / store.opsPerSecond });
}
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ratios = rounds.map((r) => r.ratio);
const store = {
  opsPerSecond: median(rounds.map((r) => r.store.opsPerSecond)),
  node: median(rounds.map((r) => r.store.node ?? Number.NaN)),
  neo4j: rounds.some((r) => r.store.neo4j === undefined)
    ? undefined
    : median(rounds.map((r) => r.store.neo4j!)),
};
const flatOut = {
  average: median(rounds.map((r) => r.flatOut.average)),
  non2xx: rounds.reduce((n, r) => n + r.flatOut.non2xx, 0),
  errors: rounds.reduce((n, r) => n + r.flatOut.errors, 0),
};

await listening.close();
await closeDriver();

// What the machine can carry at all: CPU per request against the cores there are. A rate near the
// ceiling queues requests, and p99 grows without bound as it is approached.
const cores = cpus().length;
const perRequest = {
  server,
  neo4j,
  client: msPer(result.cpuSeconds, served),
};
const totalPerRequest =
  perRequest.neo4j === undefined ? undefined : perRequest.server! + perRequest.neo4j + perRequest.client!;
const storeTotal = store.neo4j === undefined ? undefined : store.node! + store.neo4j;
const ceiling = (ms: number | undefined) => (ms === undefined ? 'n/a' : ((cores * 1000) / ms).toFixed(0));

const pct = (ms: number) => (((ms - direct) / direct) * 100).toFixed(1);
const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
console.log(`
bench:api — mix of search, neighbourhood(depth 2), moneyFlow, node; ${seconds} s at ${rate} req/s target, load average ${load}
  throughput:  ${result.average.toFixed(0)} req/s (${result.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)
  latency:     p50 ${result.p50} ms   p99 ${result.p99} ms   max ${result.max} ms
${describeTail(tail)}
  sequential:  direct store ${direct.toFixed(2)} ms/op, through HTTP + GraphQL ${graphql.toFixed(2)} ms/op → adds ${pct(graphql)} %;
               of that, the durable audit write (#8) ${audit.toFixed(2)} ms: HTTP + GraphQL alone add ${pct(graphql - audit)} %;
               GraphQL without HTTP (the app's own fetch) ${inProcess.toFixed(2)} ms/op → adds ${pct(inProcess)} %, ${pct(inProcess - audit)} % without the audit write
  CPU/request: server ${fmt(perRequest.server)} ms + Neo4j ${fmt(perRequest.neo4j)} ms + load client ${fmt(perRequest.client)} ms = ${fmt(totalPerRequest)} ms → ${cores} cores carry at most ${ceiling(totalPerRequest)} req/s
  GraphQL flat out: ${flatOut.average.toFixed(0)} req/s (median of ${rounds.length} rounds; ${flatOut.non2xx} non-2xx, ${flatOut.errors} errors) = ${median(ratios).toFixed(2)}x the store alone (target >= 0.8), median of the rounds' ratios
               rounds (store op/s → GraphQL req/s = ratio): ${rounds.map((r) => `${r.store.opsPerSecond.toFixed(0)} → ${r.flatOut.average.toFixed(0)} = ${r.ratio.toFixed(2)}x`).join('; ')}
  store alone: ${store.opsPerSecond.toFixed(0)} op/s flat out (median), ${values.connections} at a time (no HTTP, GraphQL, audit); CPU/op: Node ${fmt(store.node)} ms + Neo4j ${fmt(store.neo4j)} ms = ${fmt(storeTotal)} ms → at most ${ceiling(storeTotal)} op/s
  targets:     p99 < 100 ms at 200 req/s; GraphQL layer < 25 %; GraphQL throughput >= 0.8x the store alone`);
