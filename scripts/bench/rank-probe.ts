/**
 * `SKEIN_NEO4J_PORT=… node --import tsx scripts/bench/rank-probe.ts --out <world dir> [--top 15]`
 *
 * Why the ranking is what it is, on a world the database holds now (loaded and resolved by
 * scripts/bench/detect-sets.ts; `--out` is that world's directory under its work dir): runs the
 * analysis in memory with the current code (no detection run is stored), scores it as detect-sets
 * does, and prints, for each planted network, its best network's rank and the networks ranked above
 * the worst-placed plant with the indicators that carry their risk; for each plant whose controller
 * misses the top 3, who ranks above the controller and why; and every victim ranked as an offender
 * with the evidence that put them there. For reading ranking and key-actor failures on the DEV set.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { analyse, type DetectedNetwork } from '../../src/analyse/pipeline.ts';
import type { HGraph } from '../../src/analyse/types.ts';
import { loadGraph } from '../../src/jobs/detect.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { personsOf, type ScoredNetwork, scoreWorld } from './detection-metrics.ts';
import { type GroundTruth, truthPersonOf } from './ground-truth.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    top: { type: 'string', default: '15' },
    seed: { type: 'string', default: '1' },
    /** Read the graph and truth mapping from this file when it exists, else write them there. */
    cache: { type: 'string' },
  },
});
if (!values.out) throw new Error('bench/rank-probe: --out <world directory> is required');
const out = values.out;
const truth = JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
let graph: HGraph;
let personOf: Map<string, string>;
if (values.cache && existsSync(values.cache)) {
  const cached = JSON.parse(readFileSync(values.cache, 'utf8'));
  graph = createHGraph();
  graph.import(cached.graph);
  personOf = new Map(cached.personOf);
} else {
  ({ graph } = await loadGraph({ identities: { jurisdictions: ['*'], proposedMinScore: null } }));
  personOf = await truthPersonOf(out, truth);
  if (values.cache)
    writeFileSync(values.cache, JSON.stringify({ graph: graph.export(), personOf: [...personOf] }));
}
const started = performance.now();
const result = analyse(graph, { communities: { seed: Number(values.seed) } }, []);
console.log(
  `analyse: ${((performance.now() - started) / 1000).toFixed(1)} s, ${result.networks.length} networks`,
);

export function toScored(n: DetectedNetwork): ScoredNetwork {
  const indicators: Record<string, number> = {};
  for (const c of n.explanation.contributions) indicators[c.indicator] = (indicators[c.indicator] ?? 0) + 1;
  return {
    id: n.id,
    // As detect-sets scores: the pieces of a unit share its rank (bench/ground-truth.ts).
    rank: n.unitRank,
    risk: n.risk,
    keyActors: n.keyActors,
    offenders: n.offenders,
    indicators,
    members: n.members.flatMap((m) =>
      (m.records ?? [m.node]).map((node) => ({
        node,
        label: m.label,
        identity: m.identity ?? null,
        role: m.role,
        recordedRoles: m.recordedRoles,
        offenderRank: m.offenderRank ?? null,
      })),
    ),
  };
}

const networks = result.networks.map(toScored).sort((a, b) => a.rank - b.rank);
const lite = (g: GroundTruth['networks'][number]) => ({
  id: g.id,
  ...(g.typology ? { typology: g.typology } : {}),
  members: g.members.map((m) => ({ personId: m.personId, role: m.role, victim: m.victim })),
});
const score = scoreWorld({
  networks,
  planted: truth.networks.map(lite),
  negatives: truth.hardNegatives.map(lite),
  personOf,
});
const f = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(3));
console.log(
  `k ${score.k}: recall@k ${f(score.recallAtK)}, hard neg ${score.hardNegativesInTopK}, Jaccard ${f(score.jaccard)}, ` +
    `controller ${score.controllerHits}/${score.withController}, victims as offenders ${score.victimsAsOffenders}`,
);
const byId = new Map(result.networks.map((n) => [n.id, n]));
const roleOf = new Map<string, string>();
const plantOf = new Map<string, string>();
for (const g of [...truth.networks, ...truth.hardNegatives])
  for (const m of g.members) {
    roleOf.set(m.personId, m.role);
    plantOf.set(m.personId, g.id);
  }
const personOfNode = (n: string) => personOf.get(n) ?? n;
const describe = (n: DetectedNetwork) => {
  const persons = personsOf(toScored(n), personOf);
  const plants = new Map<string, number>();
  for (const p of persons) {
    const g = plantOf.get(p);
    if (g) plants.set(g, (plants.get(g) ?? 0) + 1);
  }
  const holds = [...plants].map(([g, c]) => `${g}×${c}`).join(' ') || 'background';
  const ind = n.explanation.byIndicator
    .slice(0, 6)
    .map((b) => `${b.indicator}×${b.matches}=${b.points.toFixed(1)}`)
    .join(', ');
  return `#${n.rank} (unit ${n.unitRank}) risk ${n.risk.toFixed(1)} size ${n.size} [${holds}] mult ${n.explanation.multipliers.crossCategory}×${n.explanation.multipliers.contextOnly}: ${ind}`;
};
for (const p of score.perPlant) console.log(`plant ${p.plant}: rank ${p.rank} Jaccard ${f(p.jaccard)}`);
const top = Number(values.top);
console.log(`\n-- top ${top} networks --`);
for (const n of [...result.networks].sort((a, b) => a.rank - b.rank).slice(0, top)) console.log(describe(n));
for (const p of score.perPlant) {
  const n = p.network ? byId.get(p.network) : undefined;
  if (n && n.unitRank > score.k) console.log(`low plant ${p.plant}: ${describe(n)}`);
}
console.log('\n-- controllers --');
for (const g of truth.networks) {
  const controllers = g.members.filter((m) => m.role === 'controller').map((m) => m.personId);
  if (controllers.length === 0) continue;
  const p = score.perPlant.find((x) => x.plant === g.id);
  const n = p?.network ? byId.get(p.network) : undefined;
  if (!n) continue;
  const top3 = n.keyActors.slice(0, 3).map(personOfNode);
  const hit = controllers.some((c) => top3.includes(c));
  const fmtMember = (node: string) => {
    const m = n.members.find((x) => x.node === node)!;
    const person = personOfNode(node);
    return `${person}(${roleOf.get(person) ?? '-'}${plantOf.get(person) && plantOf.get(person) !== g.id ? `@${plantOf.get(person)}` : ''}) off ${m.offenderScore.toFixed(1)} ctl ${m.controlScore.toFixed(1)} ${JSON.stringify(m.control)} pr ${m.pagerank.toFixed(3)}`;
  };
  console.log(`${hit ? 'HIT ' : 'MISS'} ${g.id} in #${n.rank}: controllers ${controllers.join(',')}`);
  if (!hit) {
    for (const node of n.keyActors.slice(0, 4)) console.log(`   key ${fmtMember(node)}`);
    for (const c of controllers) {
      const m = n.members.find((x) => personOfNode(x.node) === c);
      console.log(`   controller ${m ? fmtMember(m.node) : 'not a member'}`);
    }
  }
}
console.log('\n-- victims as offenders --');
for (const v of score.victimDetails) {
  const n = byId.get(v.network)!;
  const [list, index] = v.why.startsWith('offender') ? [n.offenders, 0] : [n.keyActors, 0];
  const position = Number(v.why.split(' ').pop()) - 1 + index;
  const flagged = list[position];
  const m = n.members.find((x) => x.node === flagged);
  const beneficiaryOf = m
    ? n.explanation.contributions
        .filter((c) => result.matches.find((x) => x.id === c.match)?.beneficiaries.includes(m.node))
        .map((c) => c.indicator)
    : [];
  console.log(
    `${v.personId} (${roleOf.get(v.personId)}@${plantOf.get(v.personId)}) ${v.why} of #${v.rank}: off ${m?.offenderScore.toFixed(1)} ctl ${m?.controlScore.toFixed(1)} ${JSON.stringify(m?.control)} role ${m?.role} node ${flagged} recorded ${m?.recordedRoles}; beneficiary of ${beneficiaryOf.join(',')}`,
  );
}
await closeDriver();
