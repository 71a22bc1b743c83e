/**
 * Detection quality on worlds from the real generator (src/generate) loaded through the real loader
 * (src/ingest/load.ts) into Neo4j, scored against the generator's ground-truth.json. Used by
 * scripts/bench/detect.ts (`--generated`); needs a running Neo4j (the one config() points at), whose
 * database it empties.
 *
 * Per world: adjusted Rand index and NMI of detected vs planted networks over the planted members
 * found in the graph (a member's network: the one holding most of their graph records), recall@k
 * (k = planted networks; recalled when the network holding most of a plant's members is in the
 * top k) and hard negatives in the top k (networks holding most of a hard negative that hold no
 * plant).
 *
 * As the quick start does (jobs/demo.ts), a resolution run joins the records of one person or
 * company across sources before detection (`resolve: false` scores the records as loaded). The
 * shipped mappings key companies per source, so detection sees one company only through
 * resolution; `companyKeys: 'global'` loads with the former keys (normalised name + country, one
 * node for every source at load time) to measure what the change does to detection.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExtract } from '../../src/ingest/load.ts';
import { loadMapping } from '../../src/ingest/mapping/parse.ts';
import type { FieldSpec, Mapping } from '../../src/ingest/mapping/schema.ts';
import { startDetection } from '../../src/jobs/detect.ts';
import { startResolution } from '../../src/jobs/resolve.ts';
import { deleteAllData } from '../../src/store/maintenance.ts';
import { type GroundTruth, graphNodesOf, place, storedNetworks } from './ground-truth.ts';
import { adjustedRandIndex, normalisedMutualInformation } from './partition-metrics.ts';

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
  seed: number,
  people: number,
  workDir: string,
  companyKeys: CompanyKeys = 'source',
): Promise<{ out: string; truth: GroundTruth; rows: number; loadMs: number }> {
  const out = join(workDir, `world-${seed}-${people}`);
  mkdirSync(out, { recursive: true });
  // The generator is deterministic: a world already written for this seed and size is reused.
  if (!existsSync(join(out, 'manifest.json')))
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/generate.ts',
        '--seed',
        String(seed),
        '--people',
        String(people),
        '--out',
        out,
        '--quiet',
      ],
      { stdio: 'inherit' },
    );
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
  return { out, truth, rows, loadMs: performance.now() - loadStarted };
}

export async function generatedQuality(
  seed: number,
  people: number,
  workDir: string,
  options: GeneratedOptions = {},
): Promise<Record<string, number | string>> {
  const companyKeys = options.companyKeys ?? 'source';
  const { truth, rows, loadMs } = await generateAndLoad(seed, people, workDir, companyKeys);
  const resolveStarted = performance.now();
  let resolution: Awaited<ReturnType<typeof startResolution>> | undefined;
  if (options.resolve ?? true) {
    resolution = await startResolution({ seed }, { actor: 'bench', onWarning: () => undefined });
    await resolution.done;
    await resolution.audited;
  }
  const resolved = resolution ? await resolution.done : undefined;
  const resolveMs = performance.now() - resolveStarted;
  const detectStarted = performance.now();
  const { done } = await startDetection({ seed });
  const run = await done;
  const detectMs = performance.now() - detectStarted;

  const networks = await storedNetworks(run.runId);
  const groups = [...truth.networks, ...truth.hardNegatives];
  const nodesOf = await graphNodesOf(groups.flatMap((g) => g.members));
  const networkOfNode = new Map<string, string>();
  for (const network of networks) for (const node of network.members) networkOfNode.set(node, network.id);
  const trueLabels: string[] = [];
  const predicted: string[] = [];
  for (const group of truth.networks) {
    for (const member of group.members) {
      const votes = new Map<string, number>();
      for (const node of nodesOf.get(member.personId) ?? []) {
        const network = networkOfNode.get(node);
        if (network) votes.set(network, (votes.get(network) ?? 0) + 1);
      }
      const best = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      if (!best) continue;
      trueLabels.push(group.id);
      predicted.push(best[0]);
    }
  }
  const k = truth.networks.length;
  const planted = truth.networks.map((g) => place(g, nodesOf, networks));
  const plantedNetworks = new Set(planted.map((p) => p.network?.id));
  const recalled = planted.filter((p) => p.network && p.network.rank <= k).length;
  if (process.env.SKEIN_BENCH_VERBOSE === '1') {
    // Where each planted network and hard negative landed: rank, risk, categories, members held.
    const rows = [...truth.networks, ...truth.hardNegatives].map((group) => {
      const p = place(group, nodesOf, networks);
      return {
        group: group.id,
        members: group.members.length,
        found: p.found,
        inNetwork: p.inNetwork,
        rank: p.network?.rank ?? '-',
        risk: p.network?.risk ?? '-',
        size: p.network?.members.length ?? '-',
        categories: p.network?.categories.join(',') ?? '-',
      };
    });
    console.table(rows);
    console.table(
      networks.slice(0, k + 3).map((n) => ({
        id: n.id,
        rank: n.rank,
        risk: n.risk,
        size: n.members.length,
        categories: n.categories.join(','),
      })),
    );
  }
  const negativesInTop = new Set(
    truth.hardNegatives
      .map((g) => place(g, nodesOf, networks).network)
      .filter((n) => n !== undefined && n.rank <= k && !plantedNetworks.has(n.id))
      .map((n) => n!.id),
  ).size;
  return {
    seed,
    people,
    companyKeys,
    resolved: resolved ? 'yes' : 'no',
    sameAs: resolved?.counts.written.SAME_AS ?? 0,
    possiblySameAs: resolved?.counts.written.POSSIBLY_SAME_AS ?? 0,
    foldedRecords: run.identities.mergedRecords,
    rowsLoaded: rows,
    projected: run.counts.projectedRelationships,
    planted: k,
    hardNegatives: truth.hardNegatives.length,
    membersFound: `${trueLabels.length}/${truth.networks.reduce((n, g) => n + g.members.length, 0)}`,
    ari: Number(adjustedRandIndex(trueLabels, predicted).toFixed(3)),
    nmi: Number(normalisedMutualInformation(trueLabels, predicted).toFixed(3)),
    recallAtK: Number((recalled / k).toFixed(3)),
    hardNegativesInTopK: negativesInTop,
    loadS: Number((loadMs / 1000).toFixed(1)),
    resolveS: Number((resolveMs / 1000).toFixed(1)),
    detectS: Number((detectMs / 1000).toFixed(1)),
  };
}
