/**
 * `npx tsx scripts/bench/detect-digest.ts [--work DIR] [--out file.json] FILE…`
 *
 * The whole analysis of saved graphs (detect-sets.ts `--save`: `inspect-*.json` in the work
 * directory), as one SHA-256 per world over everything `analyse` returns but its timings —
 * networks, members, ranks, risk and its explanation, bridges, linked networks, indicator matches,
 * identities, counts, modularity. Run it in two trees (a `git worktree` of the commit before a
 * change and this one) on the same files: equal digests are equal results, field by field, where
 * a detection score (detect-sets.ts `--saved`) could stay equal with different networks. Each
 * world is analysed with the seed scoreSaved (detect-saved.ts) uses: the world's.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { analyse } from '../../src/analyse/pipeline.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    work: { type: 'string', default: '.skein/bench/detect-sets' },
    out: { type: 'string' },
  },
});

const files =
  positionals.length > 0
    ? positionals
    : readdirSync(values.work)
        .filter((name) => name.startsWith('inspect-') && name.endsWith('.json'))
        .sort()
        .map((name) => join(values.work, name));
if (files.length === 0) {
  throw new Error(
    `bench/detect-digest: no inspect-*.json in ${values.work}; run detect-sets.ts with --save first`,
  );
}

const digests: Record<string, { seed: number; networks: number; matches: number; digest: string }> = {};
for (const file of files) {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { world: string; graph: never };
  // "seed 6, 3000 people, typologies": the seed scoreSaved analyses the world with.
  const seed = Number(/seed (\d+)/.exec(data.world)?.[1]);
  if (!Number.isInteger(seed))
    throw new Error(`bench/detect-digest: no seed in the world name "${data.world}"`);
  const graph = createHGraph();
  graph.import(data.graph);
  const { timings: _t, indicatorTimings: _i, ...result } = analyse(graph, { communities: { seed } });
  const digest = createHash('sha256').update(JSON.stringify(result)).digest('hex');
  digests[data.world] = { seed, networks: result.networks.length, matches: result.matches.length, digest };
  console.error(`detect-digest: ${data.world}: ${digest.slice(0, 16)} (${result.networks.length} networks)`);
}
const json = JSON.stringify(digests, null, 2);
if (values.out) writeFileSync(values.out, `${json}\n`);
console.log(json);
