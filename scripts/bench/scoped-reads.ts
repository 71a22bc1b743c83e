/**
 * `npm run bench:scoped-reads` — what need-to-know costs an analyst's reads. Times, one after
 * another through the store (the Cypher the resolvers run), `entity` (the entity and its sources),
 * `search` and `neighbourhood` (depth 2) for a viewer of every jurisdiction and for a viewer of one,
 * over the same sampled inputs, and reports p50 / p95 / mean in ms and the one-jurisdiction
 * viewer's ratio to the viewer of all.
 *
 *   npm run bench:scoped-reads -- [--jurisdiction GB] [--iterations 200] [--people 2000]
 *
 * Against the configured Neo4j (NEO4J_URI, else the embedded one on SKEIN_NEO4J_PORT). An empty
 * database first gets the synthetic demo world of `--people` people (generated into .skein/).
 * Keep a benchmark off a shared instance: SKEIN_NEO4J_PORT=7732 SKEIN_NEO4J_DATA_DIR=.skein/neo4j-bench-scoped.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoWorld } from '../../src/jobs/demo.ts';
import { RELATIONSHIP_TYPES } from '../../src/model/relationships.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { loadEntities, loadSources } from '../../src/store/read/entities.ts';
import { neighbourhood } from '../../src/store/read/neighbourhood.ts';
import { FULL_SCOPE, type ReadScope, scopeForJurisdictions } from '../../src/store/read/scope.ts';
import { searchEntities } from '../../src/store/read/search.ts';
import { executeRead } from '../../src/store/run.ts';

const { values } = parseArgs({
  options: {
    jurisdiction: { type: 'string', default: 'GB' },
    iterations: { type: 'string', default: '200' },
    people: { type: 'string', default: '2000' },
  },
});
const iterations = Number(values.iterations);
const jurisdiction = values.jurisdiction.toUpperCase();

await ensureDemoWorld(resolve('.skein', `bench-world-${values.people}`), console.log, {
  people: Number(values.people),
});

// Inputs a one-jurisdiction viewer may ask about: persons and surnames its extracts recorded.
const persons = (
  await executeRead(
    `MATCH (e:Extract {jurisdiction: $j})-[:MENTIONS]->(p:Person) WHERE p.name IS NOT NULL
     RETURN DISTINCT p.id AS id, split(p.name, ' ')[-1] AS surname ORDER BY id LIMIT 100`,
    { j: jurisdiction },
  )
).map((r) => ({ id: String(r.id), surname: String(r.surname) }));
if (persons.length === 0)
  throw new Error(`bench:scoped-reads: no person is mentioned by a ${jurisdiction} extract`);

type Op = (i: number, scope: ReadScope) => Promise<unknown>;
const OPS: Record<string, Op> = {
  entity: async (i, scope) => {
    const id = persons[i % persons.length]!.id;
    await Promise.all([loadEntities([id], scope), loadSources([id], scope)]);
  },
  search: (i, scope) =>
    searchEntities({
      text: persons[i % persons.length]!.surname,
      exactIds: [],
      labels: null,
      skip: 0,
      limit: 10,
      scope,
    }),
  neighbourhood: (i, scope) =>
    neighbourhood({
      id: persons[i % persons.length]!.id,
      depth: 2,
      types: RELATIONSHIP_TYPES,
      since: null,
      until: null,
      limitPerNode: 25,
      scope,
    }),
};

function stats(ms: number[]): { p50: number; p95: number; mean: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

const scopes: [string, ReadScope][] = [
  ['all jurisdictions', FULL_SCOPE],
  [jurisdiction, await scopeForJurisdictions([jurisdiction])],
];
const fmt = (n: number) => n.toFixed(2).padStart(7);
console.log(`bench:scoped-reads: ${iterations} calls per operation and viewer, sequential`);
console.log('operation      viewer              p50 ms  p95 ms  mean ms');
const results: Record<string, Record<string, ReturnType<typeof stats>>> = {};
for (const [name, op] of Object.entries(OPS)) {
  results[name] = {};
  // Interleaved viewers, after a warm-up, so a busy moment of the machine hits both alike.
  const times: number[][] = scopes.map(() => []);
  for (let i = 0; i < 20; i++) for (const [, scope] of scopes) await op(i, scope);
  for (let i = 0; i < iterations; i++) {
    for (const [k, [, scope]] of scopes.entries()) {
      const started = performance.now();
      await op(i, scope);
      times[k]!.push(performance.now() - started);
    }
  }
  for (const [k, [label]] of scopes.entries()) {
    const s = stats(times[k]!);
    results[name][label] = s;
    console.log(`${name.padEnd(14)} ${label.padEnd(18)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.mean)}`);
  }
  const [all, one] = scopes.map(([label]) => results[name]![label]!);
  console.log(`${''.padEnd(14)} ${`${jurisdiction} / all (p50)`.padEnd(18)} ${fmt(one!.p50 / all!.p50)}x`);
}
console.log(JSON.stringify({ jurisdiction, iterations, results }));
await closeDriver();
