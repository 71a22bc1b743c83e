/**
 * `SKEIN_NEO4J_PORT=… npx tsx scripts/bench/indicator-counts.ts [--seed 1] [--people 3000] [--variants a+b] [--reuse]`
 *
 * How often each indicator matches on a world of the real generator loaded through the real loader
 * (the configured Neo4j is emptied first, as scripts/bench/detect.ts --generated does), and how many
 * of those matches touch no planted network and no hard negative ("background": the look-alikes an
 * indicator should not fire on; a planted network's matches are what it is for). An indicator whose
 * background matches run into the hundreds on a few thousand people is a look-alike to fix.
 *
 * `--reuse` skips generating and loading: counts on what the database holds now (the world of the
 * same seed and size must already be loaded, its ground truth is read from the work directory).
 * `--json` prints one JSON object instead of tables; `--show <indicator>` also prints the facts of
 * up to 15 of its background matches (what a look-alike looks like). Indicator parameters are their
 * DEFAULTS.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeIdentities } from '../../src/analyse/identities.ts';
import { runIndicators } from '../../src/analyse/indicators/index.ts';
import { loadGraph } from '../../src/jobs/detect.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { generateAndLoad } from './detect-generated.ts';
import { type GroundTruth, graphNodesOf } from './ground-truth.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    people: { type: 'string', default: '3000' },
    /** Generator variants joined by "+" (scripts/bench/detect-sets.ts names them). */
    variants: { type: 'string' },
    'work-dir': { type: 'string', default: '.skein/bench/detect-generated' },
    reuse: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    show: { type: 'string' },
  },
});

const seed = Number(values.seed);
const people = Number(values.people);
const variants = values.variants ? values.variants.split('+') : undefined;
let truth: GroundTruth;
if (values.reuse) {
  const out = join(values['work-dir'], `world-${seed}-${people}${variants ? `-${variants.join('+')}` : ''}`);
  truth = JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
} else {
  truth = (await generateAndLoad({ seed, people, variants }, values['work-dir'])).truth;
}
const { graph: records } = await loadGraph({});
const { graph } = mergeIdentities(records);
const groups = [...truth.networks, ...truth.hardNegatives];
const nodesOf = await graphNodesOf(groups.flatMap((g) => g.members));
const planted = new Set<string>();
for (const group of truth.networks)
  for (const m of group.members) for (const n of nodesOf.get(m.personId) ?? []) planted.add(n);
const negative = new Set<string>();
for (const group of truth.hardNegatives)
  for (const m of group.members) for (const n of nodesOf.get(m.personId) ?? []) negative.add(n);

const started = performance.now();
const run = runIndicators(graph);
const ms = Math.round(performance.now() - started);
const rows: Record<
  string,
  { matches: number; planted: number; hardNegative: number; background: number; ms: number }
> = {};
for (const match of run.matches) {
  const row = rows[match.indicator] ?? {
    matches: 0,
    planted: 0,
    hardNegative: 0,
    background: 0,
    ms: run.timings[match.indicator] ?? 0,
  };
  rows[match.indicator] = row;
  row.matches++;
  const nodes = [...match.actors, ...match.nodes];
  if (nodes.some((n) => planted.has(n))) row.planted++;
  else if (nodes.some((n) => negative.has(n))) row.hardNegative++;
  else {
    row.background++;
    if (match.indicator === values.show && row.background <= 15)
      console.log(
        JSON.stringify({ subject: match.subject, facts: match.facts, actors: match.actors.length }),
      );
  }
}
for (const id of Object.keys(run.timings))
  rows[id] ??= { matches: 0, planted: 0, hardNegative: 0, background: 0, ms: run.timings[id]! };
const context = {
  seed,
  people,
  variants: variants?.join('+') ?? '-',
  nodes: graph.order,
  relationships: graph.size,
  indicatorsMs: ms,
  loadAverage: loadavg()
    .map((l) => l.toFixed(1))
    .join(' '),
};
if (values.json) console.log(JSON.stringify({ ...context, indicators: rows }));
else {
  console.table(context);
  console.table(rows);
}
await closeDriver();
