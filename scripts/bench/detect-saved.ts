/**
 * Score a world from its saved analysis graph (detect-sets.ts `--save` / `--dump`), in-process,
 * with the same analysis, seed and metrics as a stored run (detect-generated.ts scoreGenerated):
 * a change to detection is re-scored on every world in minutes instead of regenerating, reloading
 * and re-resolving each one (world 106 alone took 24 minutes to load and resolve at load 20).
 *
 * The saved graph is what loadGraph read after the resolution run (the identities, projection and
 * seed startDetection uses), so only the analysis code differs between two scorings. Test worlds
 * are saved for this re-scoring only; their per-plant detail is printed exactly as detect-sets.ts
 * prints it for a stored run (the misses and their reasons), never more.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { analyse } from '../../src/analyse/pipeline.ts';
import type { GeneratedResult, WorldSpec } from './detect-generated.ts';
import { worldName } from './detect-generated.ts';
import { type Dump, fileOf, scoredFromResult } from './detect-inspect.ts';
import { partitionAgreement, scoreWorld } from './detection-metrics.ts';
import type { GroundTruth } from './ground-truth.ts';

export function hasSaved(spec: WorldSpec, work: string): boolean {
  return existsSync(fileOf(work, spec));
}

export function scoreSaved(spec: WorldSpec, work: string): GeneratedResult {
  const file = fileOf(work, spec);
  if (!existsSync(file))
    throw new Error(
      `bench/detect-saved: no saved graph ${file}; run detect-sets.ts with --save (or --dump for dev worlds) first`,
    );
  const started = performance.now();
  const data = JSON.parse(readFileSync(file, 'utf8')) as Dump;
  const graph = createHGraph();
  graph.import(data.graph);
  const personOf = new Map(data.personOf);
  const loadedAt = performance.now();
  // The seed startDetection gets from scoreGenerated: the world's.
  const result = analyse(graph, { communities: { seed: spec.seed } });
  const detectMs = performance.now() - loadedAt;
  const lite = (g: GroundTruth['networks'][number]) => ({
    id: g.id,
    ...(g.typology ? { typology: g.typology } : {}),
    members: g.members.map((m) => ({ personId: m.personId, role: m.role, victim: m.victim })),
  });
  const input = {
    planted: data.truth.networks.map(lite),
    negatives: data.truth.hardNegatives.map(lite),
    personOf,
  };
  const networks = scoredFromResult(result, 'unit').sort((a, b) => a.rank - b.rank);
  const score = scoreWorld({ networks, ...input });
  const byPiece = scoreWorld({
    networks: scoredFromResult(result, 'piece').sort((a, b) => a.rank - b.rank),
    ...input,
  });

  const { ari, nmi } = partitionAgreement(networks, data.truth.networks, personOf);
  return {
    world: worldName(spec),
    spec,
    sameAs: 0,
    possiblySameAs: 0,
    foldedRecords: result.identities.mergedRecords,
    rowsLoaded: 0,
    planted: data.truth.networks.length,
    hardNegatives: data.truth.hardNegatives.length,
    networks: networks.length,
    score,
    byPiece: { recallAtK: byPiece.recallAtK, hardNegativesInTopK: byPiece.hardNegativesInTopK },
    ari,
    nmi,
    seconds: {
      generate: 0,
      load: (loadedAt - started) / 1000,
      resolve: 0,
      detect: detectMs / 1000,
      total: (performance.now() - started) / 1000,
    },
  };
}
