/**
 * `scripts/bench/minors-planning.ts` — what the minors rule costs a read the first time Neo4j sees it
 * (issue #18 item 3): the rule sits inside every PROPS/VISIBLE of a person, and a query's first run
 * pays for planning it. Times, through the API in-process (app.fetch, as the page asks), a person
 * with their timeline, a depth-2 neighbourhood, a search and the first networks page, each
 * **cold** (Neo4j's query caches cleared just before: `CALL db.clearQueryCaches()`, what a freshly
 * started server does on its first request) and **warm** (median of the next runs), for a GB
 * analyst without the `minors` role and for an analyst of every jurisdiction.
 *
 *   LOG_LEVEL=warn npx tsx scripts/bench/minors-planning.ts [--people 2000] [--seed 7] [--warm 5] [--rounds 3]
 *
 * The world is the generator's with the `child-victims` variant (children among the victims),
 * generated into .skein/bench-minors-<people>-<seed>/ and loaded, resolved and detected on an
 * empty database; an existing database is used as it is. Keep it off a shared instance:
 * SKEIN_NEO4J_PORT=7941 SKEIN_NEO4J_DATA_DIR=.skein/neo4j-bench-minors. Cold figures are the
 * median of `--rounds` clear-and-run rounds (the machine is shared: report its load average).
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from '../../src/generate/generate.ts';
import { ensureDemoWorld } from '../../src/jobs/demo.ts';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import { NETWORKS } from '../../src/serve/viewer/queries.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { ensureSchema } from '../../src/store/migrate.ts';
import { executeRead, executeWrite } from '../../src/store/run.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '7' },
    warm: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
  },
});
const people = Number(values.people);
const seed = Number(values.seed);
const dir = resolve('.skein', `bench-minors-${people}-${seed}`);
if (!existsSync(resolve(dir, 'manifest.json'))) {
  generate({ seed, people, out: dir, variants: ['child-victims'] });
}
// The schema first (as the server does at start): an existing database gets pending migrations.
await ensureSchema(resolve('cypher/schema'), console.log);
await ensureDemoWorld(dir, console.log, { seed, people });

const SECRET = 'bench-minors-bench-minors-bench-minors!';
const app = createApp({
  graphiql: false,
  authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
});
const VIEWERS: Viewer[] = [
  { id: 'bench-gb', roles: ['analyst'], jurisdictions: ['GB'] },
  { id: 'bench-all', roles: ['analyst'], jurisdictions: ['*'] },
];
const tokens = new Map<string, string>();
for (const v of VIEWERS) tokens.set(v.id, await signDevelopmentToken(SECRET, v, { expiresIn: '2h' }));

// A child of the variant (born within 18 years of the period) as the subject, else any person.
const [child] = await executeRead(
  `MATCH (e:Extract {jurisdiction: 'GB'})-[:MENTIONS]->(p:Person) WHERE p.birthDate >= '2005'
   RETURN p.id AS id, split(p.name, ' ')[-1] AS surname ORDER BY p.birthDate DESC, p.id LIMIT 1`,
);
if (child === undefined)
  throw new Error('bench:minors-planning: the world holds no child; was it generated with child-victims?');
const subject = { id: String(child.id), surname: String(child.surname) };

const QUERIES: Record<string, { query: string; variables: Record<string, unknown> }> = {
  'person + timeline': {
    query: `query($id: ID!) { entity(id: $id) { id name ... on Person { birthDate detailsWithheld minor { certainty }
      timeline(first: 50) { totalCount edges { node { at type other { id name } } } } } } }`,
    variables: { id: subject.id },
  },
  'neighbourhood d2': {
    query: `query($id: ID!) { neighbourhood(id: $id, depth: 2) { nodes { entity { id name ... on Person { detailsWithheld } } } } }`,
    variables: { id: subject.id },
  },
  search: {
    query: `query($text: String!) { search(text: $text, first: 12) { totalCount edges { node { id name } } } }`,
    variables: { text: subject.surname },
  },
  // The page's own first networks page.
  'networks page 1': { query: NETWORKS, variables: { first: 20 } },
};

async function timed(
  viewer: Viewer,
  q: { query: string; variables: Record<string, unknown> },
): Promise<number> {
  const started = performance.now();
  const response = await app.fetch('http://bench.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(viewer.id)}` },
    body: JSON.stringify(q),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  const ms = performance.now() - started;
  if (body.errors) throw new Error(`bench:minors-planning: ${body.errors[0]?.message}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `subject ${subject.id}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log('| viewer | query | cold ms (median of rounds) | warm ms (median) |');
console.log('|---|---|---:|---:|');
const totals = { cold: 0, warm: 0 };
for (const viewer of VIEWERS) {
  for (const [name, q] of Object.entries(QUERIES)) {
    const cold: number[] = [];
    for (let round = 0; round < Number(values.rounds); round++) {
      await executeWrite('CALL db.clearQueryCaches()');
      cold.push(await timed(viewer, q));
    }
    const warm: number[] = [];
    for (let i = 0; i < Number(values.warm); i++) warm.push(await timed(viewer, q));
    totals.cold += median(cold);
    totals.warm += median(warm);
    console.log(
      `| ${viewer.jurisdictions.join(',')} | ${name} | ${median(cold).toFixed(0)} | ${median(warm).toFixed(0)} |`,
    );
  }
}
console.log(`| all | sum | ${totals.cold.toFixed(0)} | ${totals.warm.toFixed(0)} |`);
console.log(
  `load average after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await closeDriver();
