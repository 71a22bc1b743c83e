/**
 * `npm run bench:api` — the analysts' API under load, on loopback only.
 *
 * Against the database as it is (load the demo world first: `npm start` once, or `npm run load`),
 * it listens on a free loopback port and drives a mix of search, neighbourhood(depth 2),
 * moneyFlow and node queries with autocannon at a fixed rate (default 200 requests/s for 30 s),
 * then reports requests/s and p50/p99 latency. In the same run it times the same operations'
 * Cypher straight through the store (no HTTP, no GraphQL) and reports the GraphQL layer's share.
 *
 *   npm run bench:api -- [--rate 200] [--seconds 30] [--connections 20]
 *
 * It uses the configured Neo4j (NEO4J_URI, else the embedded one on SKEIN_NEO4J_PORT); to keep a
 * benchmark off a shared instance, point it at a dedicated one: SKEIN_NEO4J_PORT=7731
 * SKEIN_NEO4J_DATA_DIR=.skein/neo4j-bench-api (load the demo world there first).
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { config } from '../../src/config.ts';
import { RELATIONSHIP_TYPES } from '../../src/model/relationships.ts';
import { listen } from '../../src/serve/server.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { loadEntities, loadSources } from '../../src/store/read/entities.ts';
import { moneyFlow } from '../../src/store/read/money.ts';
import { neighbourhood } from '../../src/store/read/neighbourhood.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { searchEntities } from '../../src/store/read/search.ts';
import { cyclingRequests, operations, pick, sampleInputs } from './mix.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '20' },
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

// Direct: the same store calls (so the same Cypher) the resolvers make, sequentially, one at a time.
async function directMs(samples: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
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
  return (performance.now() - started) / samples;
}

const listening = await listen('127.0.0.1', 0);
const url = `${listening.url}/graphql`;

async function graphqlMs(samples: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    const op = OPERATIONS[i % 4]!;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: op.query, variables: op.vars(i) }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`bench:api: ${op.name} failed: ${JSON.stringify(body.errors)}`);
  }
  return (performance.now() - started) / samples;
}

// Warm both paths, then measure them alternately so machine noise hits both alike.
await directMs(40);
await graphqlMs(40);
let direct = 0;
let graphql = 0;
for (let round = 0; round < 3; round++) {
  direct += await directMs(100);
  graphql += await graphqlMs(100);
}
direct /= 3;
graphql /= 3;

const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(values.connections),
  overallRate: rate,
  duration: seconds,
  headers: { 'content-type': 'application/json' },
  requests: cyclingRequests(OPERATIONS) as never,
});

await listening.close();
await closeDriver();

const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
console.log(`
bench:api — mix of search, neighbourhood(depth 2), moneyFlow, node; ${seconds} s at ${rate} req/s target, load average ${load}
  throughput:  ${result.requests.average.toFixed(0)} req/s (${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)
  latency:     p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms
  sequential:  direct store ${direct.toFixed(2)} ms/op, through HTTP + GraphQL ${graphql.toFixed(2)} ms/op → GraphQL layer adds ${(((graphql - direct) / direct) * 100).toFixed(1)} %
  targets:     p99 < 100 ms at 200 req/s; GraphQL layer < 25 %`);
