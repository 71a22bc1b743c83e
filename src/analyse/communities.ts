/**
 * Seeded community detection on the entity graph.
 *
 * 1. Louvain (graphology-communities-louvain) with a seeded rng, `runs` times with seeds derived
 *    from `seed`, keeping the partition of highest modularity: same graph + same seed = same result.
 * 2. Refinement: communities that are not connected are split into their connected components
 *    (Leiden's guarantee), then node-level local moving on the final partition (Louvain never revisits
 *    single nodes after aggregating, which is where it loses modularity on sparse graphs).
 * 3. Splitting: a community larger than `maxSize` is split by a local Louvain pass on its induced
 *    subgraph (resolution raised step by step if one pass does not split it), recursively; every
 *    resulting network records the community it was split from (`parent`).
 */
import { UndirectedGraph } from 'graphology';
import louvainImport from 'graphology-communities-louvain';
import { cjsDefault } from './cjs.ts';
import { resolveParams } from './hgraph.ts';
import { seededRng } from './rng.ts';
import type { EEdgeAttributes, EGraph, ENodeAttributes } from './types.ts';

export interface CommunityOptions {
  seed: number;
  resolution: number;
  /** Louvain restarts (seeds derived from `seed`); the best modularity wins. */
  runs: number;
  /** Node-level local-moving passes after Louvain (0 disables). */
  refinePasses: number;
  /** Networks larger than this are split by a local Louvain pass. */
  maxSize: number;
  /** Resolution multiplier per attempt when a local pass does not split a large community. */
  splitResolutionStep: number;
  splitMaxAttempts: number;
}

export const DEFAULTS: CommunityOptions = {
  seed: 42,
  resolution: 1,
  runs: 3,
  refinePasses: 4,
  maxSize: 150,
  splitResolutionStep: 2,
  splitMaxAttempts: 4,
};

export interface Community {
  /** `c<n>` for a community as found, `c<n>.<m>` for a part split from c<n>. */
  key: string;
  members: string[];
  /** Key of the community this one was split from. */
  parent?: string;
  level: number;
}

export interface ParentCommunity {
  key: string;
  size: number;
  children: string[];
}

export interface CommunityResult {
  communities: Community[];
  /** Communities larger than maxSize that were split (their parts are in `communities`). */
  parents: ParentCommunity[];
  /** Modularity of the top-level partition (before splitting) and of the final partition. */
  modularity: number;
  finalModularity: number;
  louvainMs: number;
  runs: Array<{ seed: number; modularity: number }>;
}

export type Partition = Map<string, number>;

const louvain = cjsDefault(louvainImport);

export function resolveCommunityOptions(input: Partial<CommunityOptions> = {}): CommunityOptions {
  const options = resolveParams('analyse/communities', DEFAULTS, input);
  if (!(options.resolution > 0)) {
    throw new Error(`analyse/communities: resolution must be > 0, got ${options.resolution}`);
  }
  if (!(Number.isInteger(options.runs) && options.runs >= 1)) {
    throw new Error(`analyse/communities: runs must be an integer >= 1, got ${options.runs}`);
  }
  if (!(options.maxSize >= 2)) {
    throw new Error(`analyse/communities: maxSize must be >= 2, got ${options.maxSize}`);
  }
  return options;
}

/** Weighted modularity of a partition of an undirected graph (Newman, with resolution γ). */
export function modularity(graph: EGraph, partition: Partition, resolution = 1): number {
  let twoM = 0;
  const tot = new Map<number, number>();
  const inside = new Map<number, number>();
  graph.forEachEdge((_edge, attributes, source, target) => {
    const weight = attributes.weight;
    twoM += 2 * weight;
    const cs = partition.get(source)!;
    const ct = partition.get(target)!;
    tot.set(cs, (tot.get(cs) ?? 0) + weight);
    tot.set(ct, (tot.get(ct) ?? 0) + weight);
    if (cs === ct) inside.set(cs, (inside.get(cs) ?? 0) + 2 * weight);
  });
  if (twoM === 0) return 0;
  let q = 0;
  for (const [community, total] of tot) {
    q += (inside.get(community) ?? 0) / twoM - resolution * (total / twoM) ** 2;
  }
  return q;
}

/** One seeded Louvain run; returns the partition keyed by node. */
export function louvainPartition(graph: EGraph, seed: number, resolution: number): Partition {
  const mapping = louvain(graph, { rng: seededRng(seed), resolution, getEdgeWeight: 'weight' });
  return new Map(Object.entries(mapping));
}

/** Splits every community into its connected components (within the community). */
export function splitDisconnected(graph: EGraph, partition: Partition): Partition {
  const result: Partition = new Map();
  let next = 0;
  graph.forEachNode((start) => {
    if (result.has(start)) return;
    const community = partition.get(start);
    const id = next++;
    result.set(start, id);
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      graph.forEachNeighbor(node, (neighbour) => {
        if (!result.has(neighbour) && partition.get(neighbour) === community) {
          result.set(neighbour, id);
          stack.push(neighbour);
        }
      });
    }
  });
  return result;
}

/**
 * Node-level local moving: each node (in seeded random order) moves to the neighbouring community
 * with the largest positive modularity gain. Returns a new partition; never lowers modularity.
 */
export function localMoving(
  graph: EGraph,
  partition: Partition,
  options: { resolution: number; passes: number; seed: number },
): Partition {
  const result: Partition = new Map(partition);
  if (options.passes <= 0 || graph.size === 0) return result;
  const strength = new Map<string, number>();
  const tot = new Map<number, number>();
  let twoM = 0;
  graph.forEachNode((node) => {
    let s = 0;
    graph.forEachEdge(node, (_edge, attributes, source, target) => {
      s += source === target ? 2 * attributes.weight : attributes.weight;
    });
    strength.set(node, s);
    twoM += s;
    const c = result.get(node)!;
    tot.set(c, (tot.get(c) ?? 0) + s);
  });
  if (twoM === 0) return result;
  const rng = seededRng(options.seed);
  const order = graph.nodes();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const gamma = options.resolution;
  for (let pass = 0; pass < options.passes; pass++) {
    let moves = 0;
    for (const node of order) {
      const current = result.get(node)!;
      const k = strength.get(node)!;
      const links = new Map<number, number>();
      graph.forEachEdge(node, (_edge, attributes, source, target) => {
        const other = source === node ? target : source;
        if (other === node) return;
        const c = result.get(other)!;
        links.set(c, (links.get(c) ?? 0) + attributes.weight);
      });
      // Gain of joining c after leaving current: k_in(c) - γ k tot(c) / 2m (same constant dropped).
      const totCurrent = tot.get(current)! - k;
      const stay = (links.get(current) ?? 0) - (gamma * k * totCurrent) / twoM;
      let best = current;
      let bestGain = stay;
      for (const [c, kin] of links) {
        if (c === current) continue;
        const gain = kin - (gamma * k * (tot.get(c) ?? 0)) / twoM;
        if (gain > bestGain + 1e-12) {
          best = c;
          bestGain = gain;
        }
      }
      if (best !== current) {
        tot.set(current, totCurrent);
        tot.set(best, (tot.get(best) ?? 0) + k);
        result.set(node, best);
        moves++;
      }
    }
    if (moves === 0) break;
  }
  return result;
}

function groups(partition: Partition): string[][] {
  const byCommunity = new Map<number, string[]>();
  for (const [node, community] of partition) {
    let list = byCommunity.get(community);
    if (!list) {
      list = [];
      byCommunity.set(community, list);
    }
    list.push(node);
  }
  const result = [...byCommunity.values()].map((members) => members.sort());
  return result.sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
}

/** Splits one large member set by local Louvain passes, recursively; parts are sorted lists. */
function splitLarge(graph: EGraph, members: string[], options: CommunityOptions, seed: number): string[][] {
  const memberSet = new Set(members);
  const sub: EGraph = new UndirectedGraph<ENodeAttributes, EEdgeAttributes>();
  for (const node of members) sub.addNode(node, graph.getNodeAttributes(node));
  for (const node of members) {
    graph.forEachEdge(node, (_edge, attributes, source, target) => {
      // Each edge once: from its source side.
      if (source === node && memberSet.has(target) && source !== target)
        sub.addUndirectedEdge(source, target, attributes);
    });
  }
  let resolution = options.resolution;
  for (let attempt = 0; attempt < options.splitMaxAttempts; attempt++) {
    const parts = groups(splitDisconnected(sub, louvainPartition(sub, seed + attempt, resolution)));
    if (parts.length > 1) {
      return parts.flatMap((part) =>
        part.length > options.maxSize ? splitLarge(graph, part, options, seed + 7919) : [part],
      );
    }
    resolution *= options.splitResolutionStep;
  }
  return [members];
}

/** Finds communities with the options' seed; deterministic for a given graph and options. */
export function detectCommunities(graph: EGraph, input: Partial<CommunityOptions> = {}): CommunityResult {
  const options = resolveCommunityOptions(input);
  const started = performance.now();
  const runs: Array<{ seed: number; modularity: number }> = [];
  let best: Partition | undefined;
  let bestQ = Number.NEGATIVE_INFINITY;
  for (let run = 0; run < options.runs; run++) {
    const seed = options.seed + run * 1_000_003;
    const partition =
      graph.size === 0
        ? new Map(graph.nodes().map((node, index) => [node, index]))
        : louvainPartition(graph, seed, options.resolution);
    const q = modularity(graph, partition, options.resolution);
    runs.push({ seed, modularity: q });
    if (q > bestQ) {
      bestQ = q;
      best = partition;
    }
  }
  let partition = splitDisconnected(graph, best ?? new Map());
  partition = localMoving(graph, partition, {
    resolution: options.resolution,
    passes: options.refinePasses,
    seed: options.seed,
  });
  partition = splitDisconnected(graph, partition);
  const louvainMs = performance.now() - started;
  const topModularity = modularity(graph, partition, options.resolution);

  const communities: Community[] = [];
  const parents: ParentCommunity[] = [];
  groups(partition).forEach((members, index) => {
    const key = `c${index + 1}`;
    if (members.length <= options.maxSize) {
      communities.push({ key, members, level: 0 });
      return;
    }
    const parts = splitLarge(graph, members, options, options.seed + index);
    if (parts.length === 1) {
      communities.push({ key, members, level: 0 });
      return;
    }
    const children = parts.map((part, partIndex) => {
      const childKey = `${key}.${partIndex + 1}`;
      communities.push({ key: childKey, members: part, parent: key, level: 1 });
      return childKey;
    });
    parents.push({ key, size: members.length, children });
  });
  const final: Partition = new Map();
  communities.forEach((community, index) => {
    for (const member of community.members) final.set(member, index);
  });
  return {
    communities,
    parents,
    modularity: topModularity,
    finalModularity: modularity(graph, final, options.resolution),
    louvainMs,
    runs,
  };
}
