/**
 * `npx tsx scripts/bench/detect-robustness.ts [--seeds 1,2] [--people 8000]`
 *
 * Robustness of detection (issue #15 item 6): the same development worlds (scripts/bench/
 * detect-world.ts; never the test set) analysed with small parameter changes — Louvain resolution,
 * max network size, hub damping and exclusion, the shared-identifier hub limit — and with the data
 * added in shuffled orders (extracts arriving in another order). Against the run with the defaults it
 * reports, per variant:
 *
 * - `networkJaccard`: mean, over the baseline's top-k networks, of the member Jaccard with their best
 *   match in the variant (1 = the same networks);
 * - `plantedJaccard`: mean over planted networks of the Jaccard with their best detected network
 *   (the baseline's value is in its own row);
 * - `meanRankShift` / `maxRankShift`: how far the baseline's top-k networks move in the ranking
 *   (through their best match);
 * - `maxRiskChange`: largest risk change of a top-k network whose members are exactly the same;
 * - `recallAtK`: as scripts/bench/detect.ts.
 *
 * The spread line gives min, mean and max over the variants. k = the number of planted networks.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type AnalyseOptions, type AnalysisResult, analyse } from '../../src/analyse/pipeline.ts';
import { syntheticWorld, type WorldTruth } from './detect-world.ts';
import { shuffledGraph } from './shuffled-graph.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2' },
    people: { type: 'string', default: '8000' },
  },
});

type Variant = { name: string; options?: Partial<AnalyseOptions>; order?: number };

const VARIANTS: Variant[] = [
  { name: 'resolution 0.9', options: { communities: { resolution: 0.9 } } },
  { name: 'resolution 1.1', options: { communities: { resolution: 1.1 } } },
  { name: 'maxSize 120', options: { communities: { maxSize: 120 } } },
  { name: 'maxSize 180', options: { communities: { maxSize: 180 } } },
  { name: 'hubDampFrom 30', options: { projection: { hubDampFrom: 30 } } },
  { name: 'hubDampFrom 50', options: { projection: { hubDampFrom: 50 } } },
  { name: 'hubExcludeFrom 300', options: { projection: { hubExcludeFrom: 300 } } },
  { name: 'hubExcludeFrom 500', options: { projection: { hubExcludeFrom: 500 } } },
  { name: 'sharedIdentifierMax 25', options: { projection: { sharedIdentifierMaxActors: 25 } } },
  { name: 'sharedIdentifierMax 35', options: { projection: { sharedIdentifierMaxActors: 35 } } },
  { name: 'load order A', order: 1 },
  { name: 'load order B', order: 2 },
];

const jaccard = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
};

interface Scored {
  sets: Array<{ members: Set<string>; rank: number; risk: number; key: string }>;
  byMember: Map<string, number>;
}

function scored(result: AnalysisResult): Scored {
  const sets = result.networks.map((n) => ({
    members: new Set(n.members.map((m) => m.node)),
    rank: n.rank,
    risk: n.risk,
    key: [...n.members.map((m) => m.node)].sort().join(' '),
  }));
  const byMember = new Map<string, number>();
  sets.forEach((s, i) => {
    for (const m of s.members) byMember.set(m, i);
  });
  return { sets, byMember };
}

/** The network of `other` with the largest Jaccard with `members` (candidates: networks of its members). */
function bestMatch(members: ReadonlySet<string>, other: Scored): { index: number; jaccard: number } {
  let best = { index: -1, jaccard: 0 };
  const seen = new Set<number>();
  for (const m of members) {
    const i = other.byMember.get(m);
    if (i === undefined || seen.has(i)) continue;
    seen.add(i);
    const j = jaccard(members, other.sets[i]!.members);
    if (j > best.jaccard) best = { index: i, jaccard: j };
  }
  return best;
}

function recallAtK(result: Scored, truth: WorldTruth): number {
  const k = truth.planted.length;
  const top = result.sets.slice(0, k);
  return (
    truth.planted.filter((p) =>
      top.some((n) => p.members.filter((m) => n.members.has(m)).length >= p.members.length / 2),
    ).length / k
  );
}

function plantedJaccard(result: Scored, truth: WorldTruth): number {
  const values = truth.planted.map((p) => bestMatch(new Set(p.members), result).jaccard);
  return values.reduce((s, x) => s + x, 0) / values.length;
}

const round = (x: number) => Number(x.toFixed(3));

const rows: Array<Record<string, number | string>> = [];
const started = performance.now();
for (const seed of values.seeds.split(',').map(Number)) {
  const people = Number(values.people);
  const planted = Math.max(5, Math.round(people / 1000));
  const { graph, truth } = syntheticWorld({
    seed,
    people,
    planted,
    negatives: Math.max(3, Math.round(planted / 2)),
  });
  const base = scored(analyse(graph, { communities: { seed } }));
  const k = truth.planted.length;
  rows.push({
    world: `dev seed ${seed}`,
    variant: 'defaults',
    networkJaccard: 1,
    plantedJaccard: round(plantedJaccard(base, truth)),
    meanRankShift: 0,
    maxRankShift: 0,
    maxRiskChange: 0,
    recallAtK: round(recallAtK(base, truth)),
  });
  for (const variant of VARIANTS) {
    const input = variant.order === undefined ? graph : shuffledGraph(graph, variant.order);
    const options = { ...variant.options, communities: { seed, ...variant.options?.communities } };
    const run = scored(analyse(input, options));
    let jSum = 0;
    let shiftSum = 0;
    let shiftMax = 0;
    let riskMax = 0;
    for (const network of base.sets.slice(0, k)) {
      const match = bestMatch(network.members, run);
      jSum += match.jaccard;
      const other = match.index >= 0 ? run.sets[match.index]! : undefined;
      const shift = other ? Math.abs(other.rank - network.rank) : run.sets.length;
      shiftSum += shift;
      shiftMax = Math.max(shiftMax, shift);
      if (other && other.key === network.key)
        riskMax = Math.max(riskMax, Math.abs(other.risk - network.risk));
    }
    rows.push({
      world: `dev seed ${seed}`,
      variant: variant.name,
      networkJaccard: round(jSum / k),
      plantedJaccard: round(plantedJaccard(run, truth)),
      meanRankShift: round(shiftSum / k),
      maxRankShift: shiftMax,
      maxRiskChange: round(riskMax),
      recallAtK: round(recallAtK(run, truth)),
    });
  }
}
console.table(rows);
const variants = rows.filter((r) => r.variant !== 'defaults');
const spread = (field: string) => {
  const xs = variants.map((r) => Number(r[field]));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  return `${round(Math.min(...xs))} / ${round(mean)} ± ${round(sd)} / ${round(Math.max(...xs))}`;
};
console.log('spread over variants (min / mean ± sd / max):');
for (const field of [
  'networkJaccard',
  'plantedJaccard',
  'meanRankShift',
  'maxRankShift',
  'maxRiskChange',
  'recallAtK',
])
  console.log(`  ${field}: ${spread(field)}`);
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, ${Math.round((performance.now() - started) / 1000)} s`,
);
