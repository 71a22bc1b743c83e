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
 *
 * As the quick start does (jobs/demo.ts), a resolution run joins the records of one person or
 * company across sources before detection (`resolve: false` scores the records as loaded). The
 * shipped mappings key companies per source, so detection sees one company only through
 * resolution; `companyKeys: 'global'` loads with the former keys (normalised name + country, one
 * node for every source at load time) to measure what the change does to detection.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExtract } from '../../src/ingest/load.ts';
import { loadMapping } from '../../src/ingest/mapping/parse.ts';
import type { FieldSpec, Mapping } from '../../src/ingest/mapping/schema.ts';
import { startDetection } from '../../src/jobs/detect.ts';
import { startResolution } from '../../src/jobs/resolve.ts';
import { deleteAllData } from '../../src/store/maintenance.ts';
import { partitionAgreement, scoreWorld, type WorldScore } from './detection-metrics.ts';
import { type GroundTruth, scoredNetworks, truthPersonOf } from './ground-truth.ts';

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

export type CompanyKeys = 'source' | 'global';

export interface GeneratedOptions {
  /** Resolve records across sources before detection (default true, as the quick start does). */
  resolve?: boolean;
  /** `source`: the shipped mappings; `global`: companies keyed by name + country (the former keys). */
  companyKeys?: CompanyKeys;
}

/**
 * The shipped mapping with the keys companies had before they were keyed per source: the
 * normalised name and the country, global, so every source's record of a name is one node.
 */
export function withGlobalCompanyKeys(name: string): Mapping {
  const { mapping } = loadMapping(name);
  const column = (field: FieldSpec | undefined): string | undefined =>
    typeof field === 'string' ? field : field && 'column' in field ? field.column : undefined;
  const entities = Object.fromEntries(
    Object.entries(mapping.entities).map(([id, spec]) => {
      if (spec.label !== 'Organisation') return [id, spec];
      const nameColumn = column(spec.properties?.name);
      const country = spec.properties?.country;
      if (!nameColumn || !country)
        throw new Error(`bench/detect-generated: ${name}.${id} has no name column or country to key by`);
      return [id, { ...spec, scope: 'global', key: [{ column: nameColumn, transform: 'key' }, country] }];
    }),
  );
  return { ...mapping, entities } as Mapping;
}

/** Generates a world with the real generator and loads it through the real loader (database emptied). */
export async function generateAndLoad(
  world: WorldSpec,
  workDir: string,
  companyKeys: CompanyKeys = 'source',
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
      mapping:
        companyKeys === 'global' && extract.mapping !== 'ftm'
          ? withGlobalCompanyKeys(extract.mapping)
          : extract.mapping,
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
  /** Matches the resolution run wrote (0 without one) and records detection folded into identities. */
  sameAs: number;
  possiblySameAs: number;
  foldedRecords: number;
  rowsLoaded: number;
  planted: number;
  hardNegatives: number;
  networks: number;
  /** Ranked by unit (the top k are the first k units: pieces of one unit share its rank). */
  score: WorldScore;
  /** recall@k and hard negatives in the top k when every piece of a unit takes a place of its own. */
  byPiece: { recallAtK: number; hardNegativesInTopK: number };
  ari: number;
  nmi: number;
  seconds: { generate: number; load: number; resolve: number; detect: number; total: number };
}

/** The resolution run the quick start makes (jobs/demo.ts), with the world's seed. */
export async function resolveLoaded(spec: WorldSpec) {
  const resolution = await startResolution({ seed: spec.seed }, { actor: 'bench', onWarning: () => {} });
  const resolved = await resolution.done;
  await resolution.audited.catch(() => {});
  return resolved;
}

/** Generate, load, resolve, detect and score one world. */
export async function scoreGenerated(
  spec: WorldSpec,
  workDir: string,
  options: GeneratedOptions = {},
): Promise<GeneratedResult> {
  const started = performance.now();
  const { out, truth, rows, loadMs, generateMs } = await generateAndLoad(
    spec,
    workDir,
    options.companyKeys ?? 'source',
  );
  const resolveStarted = performance.now();
  const resolved = options.resolve === false ? undefined : await resolveLoaded(spec);
  const resolveMs = performance.now() - resolveStarted;
  const detectStarted = performance.now();
  const detection = await startDetection({ seed: spec.seed });
  const run = await detection.done;
  await detection.audited.catch(() => {});
  const detectMs = performance.now() - detectStarted;

  const networks = await scoredNetworks(run.runId, 'unit');
  const pieces = await scoredNetworks(run.runId, 'piece');
  const personOf = await truthPersonOf(out, truth);
  const lite = (g: GroundTruth['networks'][number]) => ({
    id: g.id,
    ...(g.typology ? { typology: g.typology } : {}),
    members: g.members.map((m) => ({ personId: m.personId, role: m.role, victim: m.victim })),
  });
  const input = { planted: truth.networks.map(lite), negatives: truth.hardNegatives.map(lite), personOf };
  const score = scoreWorld({ networks, ...input });
  const byPiece = scoreWorld({ networks: pieces, ...input });

  const { ari, nmi } = partitionAgreement(networks, truth.networks, personOf);
  return {
    world: worldName(spec),
    spec,
    sameAs: resolved?.counts.written.SAME_AS ?? 0,
    possiblySameAs: resolved?.counts.written.POSSIBLY_SAME_AS ?? 0,
    foldedRecords: run.identities.mergedRecords,
    rowsLoaded: rows,
    planted: truth.networks.length,
    hardNegatives: truth.hardNegatives.length,
    networks: networks.length,
    score,
    byPiece: { recallAtK: byPiece.recallAtK, hardNegativesInTopK: byPiece.hardNegativesInTopK },
    ari,
    nmi,
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
  options: GeneratedOptions = {},
): Promise<Record<string, number | string>> {
  const r = await scoreGenerated({ seed, people }, workDir, options);
  const f = (x: number) => (Number.isNaN(x) ? '-' : Number(x.toFixed(3)));
  return {
    seed,
    people,
    companyKeys: options.companyKeys ?? 'source',
    resolved: (options.resolve ?? true) ? 'yes' : 'no',
    sameAs: r.sameAs,
    possiblySameAs: r.possiblySameAs,
    foldedRecords: r.foldedRecords,
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
    resolveS: Number(r.seconds.resolve.toFixed(1)),
    detectS: Number(r.seconds.detect.toFixed(1)),
  };
}
