/**
 * Detection quality on worlds from the real generator (src/generate) loaded through the real loader
 * (src/ingest/load.ts) into Neo4j, resolved and analysed as the quick start does (src/jobs/demo.ts:
 * a resolution run, then a detection run over its identities), scored against the generator's
 * ground-truth.json. Used by scripts/bench/detect.ts (`--generated`) and scripts/bench/detect-sets.ts;
 * needs a running Neo4j (the one config() points at), whose database it empties.
 *
 * Measures (bench/detection-metrics.ts, unit-tested): recall@k, hard negatives in the top k, mean
 * member Jaccard with each plant's best network, planted controller among its top-3 key actors,
 * victims ranked as offenders, and for each miss its rank, what its network holds and which
 * indicators fired; plus ARI and NMI over the planted members found.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExtract } from '../../src/ingest/load.ts';
import { startDetection } from '../../src/jobs/detect.ts';
import { startResolution } from '../../src/jobs/resolve.ts';
import { deleteAllData } from '../../src/store/maintenance.ts';
import { personsOf, scoreWorld, type WorldScore } from './detection-metrics.ts';
import { type GroundTruth, scoredNetworks, truthPersonOf } from './ground-truth.ts';
import { adjustedRandIndex, normalisedMutualInformation } from './partition-metrics.ts';

/** One world of a set: the generator's seed, size and variants (src/generate/variants.ts). */
export interface WorldSpec {
  seed: number;
  people: number;
  variants?: string[];
  /** Months simulated (generator default 6). */
  months?: number;
}

export const worldName = (w: WorldSpec) =>
  `seed ${w.seed}, ${w.people} people${w.variants?.length ? `, ${w.variants.join('+')}` : ''}`;

/** Generates a world with the real generator and loads it through the real loader (database emptied). */
export async function generateAndLoad(
  world: WorldSpec,
  workDir: string,
): Promise<{ out: string; truth: GroundTruth; rows: number; loadMs: number; generateMs: number }> {
  const tag = world.variants?.length ? `-${world.variants.join('+')}` : '';
  const out = join(
    workDir,
    `world-${world.seed}-${world.people}${tag}${world.months ? `-m${world.months}` : ''}`,
  );
  mkdirSync(out, { recursive: true });
  const generateStarted = performance.now();
  execFileSync(
    process.execPath,
    [
      '--max-semi-space-size=16',
      '--import',
      'tsx',
      'scripts/generate.ts',
      '--seed',
      String(world.seed),
      '--people',
      String(world.people),
      ...(world.months ? ['--months', String(world.months)] : []),
      ...(world.variants?.length ? ['--variants', world.variants.join(',')] : []),
      '--out',
      out,
      '--quiet',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const generateMs = performance.now() - generateStarted;
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
    extracts: Array<{ file: string; mapping: string; jurisdiction: string }>;
  };
  const truth = JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
  await deleteAllData();
  const loadStarted = performance.now();
  let rows = 0;
  for (const extract of manifest.extracts) {
    const summary = await loadExtract({
      file: join(out, extract.file),
      mapping: extract.mapping,
      jurisdiction: extract.jurisdiction,
      rejectsFile: join(out, 'rejects', `${extract.file}.rejects.jsonl`),
    });
    rows += summary.rowsLoaded;
  }
  return { out, truth, rows, loadMs: performance.now() - loadStarted, generateMs };
}

export interface GeneratedResult {
  world: string;
  spec: WorldSpec;
  rowsLoaded: number;
  planted: number;
  hardNegatives: number;
  networks: number;
  score: WorldScore;
  ari: number;
  nmi: number;
  seconds: { generate: number; load: number; resolve: number; detect: number; total: number };
}

/** Generate, load, resolve, detect and score one world. */
export async function scoreGenerated(spec: WorldSpec, workDir: string): Promise<GeneratedResult> {
  const started = performance.now();
  const { out, truth, rows, loadMs, generateMs } = await generateAndLoad(spec, workDir);
  const resolveStarted = performance.now();
  const resolution = await startResolution({ seed: spec.seed }, { actor: 'bench', onWarning: () => {} });
  await resolution.done;
  await resolution.audited.catch(() => {});
  const resolveMs = performance.now() - resolveStarted;
  const detectStarted = performance.now();
  const detection = await startDetection({ seed: spec.seed });
  const run = await detection.done;
  await detection.audited.catch(() => {});
  const detectMs = performance.now() - detectStarted;

  const networks = await scoredNetworks(run.runId);
  const personOf = await truthPersonOf(out, truth);
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

  // ARI / NMI over the planted persons found in some network (a person's network: the first holding them).
  const networkOfPerson = new Map<string, string>();
  for (const network of networks)
    for (const person of personsOf(network, personOf))
      if (!networkOfPerson.has(person)) networkOfPerson.set(person, network.id);
  const trueLabels: string[] = [];
  const predicted: string[] = [];
  for (const group of truth.networks)
    for (const m of group.members) {
      const network = networkOfPerson.get(m.personId);
      if (!network) continue;
      trueLabels.push(group.id);
      predicted.push(network);
    }
  return {
    world: worldName(spec),
    spec,
    rowsLoaded: rows,
    planted: truth.networks.length,
    hardNegatives: truth.hardNegatives.length,
    networks: networks.length,
    score,
    ari: trueLabels.length ? adjustedRandIndex(trueLabels, predicted) : Number.NaN,
    nmi: trueLabels.length ? normalisedMutualInformation(trueLabels, predicted) : Number.NaN,
    seconds: {
      generate: generateMs / 1000,
      load: loadMs / 1000,
      resolve: resolveMs / 1000,
      detect: detectMs / 1000,
      total: (performance.now() - started) / 1000,
    },
  };
}

/** The row detect.ts --generated prints for one world. */
export async function generatedQuality(
  seed: number,
  people: number,
  workDir: string,
): Promise<Record<string, number | string>> {
  const r = await scoreGenerated({ seed, people }, workDir);
  const f = (x: number) => (Number.isNaN(x) ? '-' : Number(x.toFixed(3)));
  return {
    seed,
    people,
    rowsLoaded: r.rowsLoaded,
    planted: r.planted,
    hardNegatives: r.hardNegatives,
    ari: f(r.ari),
    nmi: f(r.nmi),
    recallAtK: f(r.score.recallAtK),
    hardNegativesInTopK: r.score.hardNegativesInTopK,
    jaccard: f(r.score.jaccard),
    controllerTop3: f(r.score.controllerTop3),
    victimsAsOffenders: r.score.victimsAsOffenders,
    loadS: Number(r.seconds.load.toFixed(1)),
    detectS: Number((r.seconds.resolve + r.seconds.detect).toFixed(1)),
  };
}
