/**
 * `node --max-semi-space-size=64 --import tsx scripts/bench/detect-inspect.ts --world 3:3000:shared-infra [--dump] [--options '{"infrastructure":{...}}']`
 *
 * What sits in each planted network's best detected network, for reading the DEV worlds (never the
 * test set): `--dump` generates, loads (EMPTIES the configured Neo4j) and resolves the world as
 * detect-sets.ts does, then saves the analysis graph, the truth and the node → truth person map to
 * `<work>/inspect-<world>.json`; without it the saved file is analysed in-process (seconds), so
 * detection changes can be read world by world without reloading. Prints, per plant: its best
 * network's Jaccard and rank, the plant members it lacks (and where they are), and what it holds
 * beyond the plant (other plants' members with their roles, hard negatives, background persons).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { mergeIdentities } from '../../src/analyse/identities.ts';
import { type AnalyseOptions, type AnalysisResult, analyse } from '../../src/analyse/pipeline.ts';
import { project } from '../../src/analyse/project.ts';
import { loadGraph } from '../../src/jobs/detect.ts';
import { startResolution } from '../../src/jobs/resolve.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { generateAndLoad, type WorldSpec, worldName } from './detect-generated.ts';
import { parseWorlds } from './detect-sets.ts';
import {
  personsOf,
  type ScoredNetwork,
  scoreWorld,
  type TruthGroupLite,
  type WorldScore,
} from './detection-metrics.ts';
import { type GroundTruth, truthPersonOf } from './ground-truth.ts';

export interface Dump {
  world: string;
  graph: ReturnType<ReturnType<typeof createHGraph>['export']>;
  truth: GroundTruth;
  personOf: Array<[string, string]>;
}

export const fileOf = (work: string, spec: WorldSpec) =>
  join(
    work,
    `inspect-${spec.seed}-${spec.people}${spec.variants?.length ? `-${spec.variants.join('+')}` : ''}.json`,
  );

export async function dump(spec: WorldSpec, work: string, loaded: boolean): Promise<void> {
  let out: string;
  let truth: GroundTruth;
  if (loaded) {
    // The database already holds this world, resolved (the last world detect-sets.ts ran).
    out = fileOf(work, spec)
      .replace('inspect-', 'world-')
      .replace(/\.json$/, '');
    truth = JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
  } else {
    ({ out, truth } = await generateAndLoad(spec, work));
    const resolution = await startResolution({ seed: spec.seed }, { actor: 'bench', onWarning: () => {} });
    await resolution.done;
    await resolution.audited.catch(() => {});
  }
  const { graph } = await loadGraph({ identities: { jurisdictions: ['*'], proposedMinScore: null } });
  const personOf = await truthPersonOf(out, truth);
  const data: Dump = { world: worldName(spec), graph: graph.export(), truth, personOf: [...personOf] };
  writeFileSync(fileOf(work, spec), JSON.stringify(data));
  console.error(`detect-inspect: saved ${fileOf(work, spec)}`);
}

/** The analysis result as the metrics read it (one member per record, as the store keeps them). */
export function scoredFromResult(result: AnalysisResult, by: 'unit' | 'piece' = 'unit'): ScoredNetwork[] {
  const indicatorOf = new Map(result.matches.map((m) => [m.id, m.indicator]));
  return result.networks.map((n) => {
    const indicators: Record<string, number> = {};
    for (const id of n.matches) {
      const indicator = indicatorOf.get(id);
      if (indicator) indicators[indicator] = (indicators[indicator] ?? 0) + 1;
    }
    return {
      id: n.id,
      // As detect-sets scores: the pieces of a unit share its rank (bench/ground-truth.ts).
      rank: by === 'unit' ? n.unitRank : n.rank,
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
  });
}

const lite = (g: GroundTruth['networks'][number]): TruthGroupLite => ({
  id: g.id,
  ...(g.typology ? { typology: g.typology } : {}),
  members: g.members.map((m) => ({ personId: m.personId, role: m.role, victim: m.victim })),
});

export function inspect(
  data: Dump,
  options: Partial<Omit<AnalyseOptions, 'progress'>>,
  verbose: boolean,
): { score: WorldScore; result: AnalysisResult } {
  const graph = createHGraph();
  graph.import(data.graph);
  const personOf = new Map(data.personOf);
  const seed = Number(/seed (\d+)/.exec(data.world)?.[1] ?? 42);
  const result = analyse(graph, { ...options, communities: { seed, ...(options.communities ?? {}) } });
  const networks = scoredFromResult(result);
  const planted = data.truth.networks.map(lite);
  const score = scoreWorld({ networks, planted, negatives: data.truth.hardNegatives.map(lite), personOf });
  if (!verbose) return { score, result };
  const sets = new Map(networks.map((n) => [n, personsOf(n, personOf)] as const));
  const roleOf = new Map<string, string>();
  for (const g of data.truth.networks)
    for (const m of g.members)
      roleOf.set(
        m.personId,
        `${roleOf.has(m.personId) ? `${roleOf.get(m.personId)}+` : ''}${g.id}:${m.role}`,
      );
  for (const g of data.truth.hardNegatives)
    for (const m of g.members) roleOf.set(m.personId, `${g.id}:${m.role}`);
  const networkOfPerson = new Map<string, ScoredNetwork>();
  for (const [n, persons] of sets)
    for (const p of persons) if (!networkOfPerson.has(p)) networkOfPerson.set(p, n);
  const byId = new Map(result.networks.map((n) => [n.id, n]));
  const projected = project(mergeIdentities(graph, options.identities ?? {}).graph, options.projection ?? {});
  for (const [i, plant] of planted.entries()) {
    const best = score.perPlant[i]!;
    const network = networks.find((n) => n.id === best.network);
    const persons = network ? sets.get(network)! : new Set<string>();
    const truthSet = new Set(plant.members.map((m) => m.personId));
    const lacks = plant.members
      .filter((m) => !persons.has(m.personId))
      .map((m) => `${m.personId}:${m.role}@${networkOfPerson.get(m.personId)?.rank ?? '-'}`);
    const extra = [...persons].filter((p) => !truthSet.has(p));
    const background = extra.filter((p) => !roleOf.has(p));
    const detected = network ? byId.get(network.id) : undefined;
    // What the extras are: label, held or not, and how many distinct neighbours they have.
    const shape = new Map<string, number>();
    const compact = projected.compact;
    for (const m of detected?.members ?? []) {
      const person = personOf.get(m.node) ?? m.identity ?? m.node;
      if (truthSet.has(person) || roleOf.has(person)) continue;
      const i = compact ? compact.ids.indexOf(m.node) : -1;
      const degree = i >= 0 ? compact!.offsets[i + 1]! - compact!.offsets[i]! : -1;
      const key = `${m.label}${m.node.includes('|EXH-') ? '(contact)' : ''} deg${degree > 2 ? '3+' : degree}`;
      shape.set(key, (shape.get(key) ?? 0) + 1);
    }
    const planted = plant.members.map((pm) => pm.personId);
    let plantLeaves = 0;
    for (const m of detected?.members ?? []) {
      const person = personOf.get(m.node);
      if (!person || !planted.includes(person)) continue;
      const i = compact ? compact.ids.indexOf(m.node) : -1;
      if (i >= 0 && compact!.offsets[i + 1]! - compact!.offsets[i]! <= 1) plantLeaves++;
    }
    const links = (detected?.linkedNetworks ?? []).map(
      (l) => `#${l.rank} via ${l.shared.map((s) => `${s.node}(${s.kinds.join('/')})`).join(',')}`,
    );
    console.log(
      `${plant.id} (${plant.typology}, ${plant.members.length}): J ${best.jaccard.toFixed(3)} rank ${best.rank} size ${persons.size} (${detected?.key})\n` +
        `  lacks ${lacks.length}: ${lacks.join(' ')}\n` +
        `  extra planted ${extra.length - background.length}: ${extra
          .filter((p) => roleOf.has(p))
          .map((p) => roleOf.get(p))
          .join(' ')}\n` +
        `  extra background ${background.length}: ${[...shape].map(([k, n]) => `${k} ×${n}`).join(', ')}; plant leaves ${plantLeaves}\n` +
        `  links: ${links.join('; ')}`,
    );
  }
  for (const m of score.misses)
    console.log(
      `${m.kind} ${m.plant}: rank ${m.rank} (risk ${m.risk.toFixed(1)}), best rank ${m.bestRank} J ${m.bestJaccard.toFixed(3)}`,
    );
  for (const v of score.victimDetails)
    console.log(`victim as offender: ${v.personId} ${v.why} of network rank ${v.rank}`);
  return { score, result };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      world: { type: 'string' },
      dump: { type: 'boolean', default: false },
      loaded: { type: 'boolean', default: false },
      options: { type: 'string', default: '{}' },
      quiet: { type: 'boolean', default: false },
      work: { type: 'string', default: '.skein/bench/detect-sets' },
    },
  });
  if (!values.world) throw new Error('detect-inspect: --world seed:people[:variant+variant] is required');
  try {
    for (const spec of parseWorlds(values.world)) {
      if (values.dump) {
        await dump(spec, values.work, values.loaded);
        continue;
      }
      const file = fileOf(values.work, spec);
      if (!existsSync(file)) throw new Error(`detect-inspect: no ${file}; run with --dump first`);
      const data = JSON.parse(readFileSync(file, 'utf8')) as Dump;
      const started = performance.now();
      const { score, result } = inspect(data, JSON.parse(values.options), !values.quiet);
      console.log(
        `${data.world}: recall@k ${score.recallAtK.toFixed(3)} distinct ${score.recallDistinct.toFixed(3)} Jaccard ${score.jaccard.toFixed(3)} ` +
          `ctrl ${score.controllerHits}/${score.withController} victims ${score.victimsAsOffenders} hardneg ${score.hardNegativesInTopK} ` +
          `cuts ${result.cuts.length} networks ${result.networks.length} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
  } finally {
    await closeDriver();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
