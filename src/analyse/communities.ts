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
 *
 * Everything runs on the compact graph (compact.ts) with one community number per node index;
 * Louvain itself runs on a graphology graph keyed by node index, fed nodes and edges in the same
 * order as the entity graph, so its result is the one graphology gives on the entity graph.
 */
import louvainImport from 'graphology-communities-louvain';
import { cjsDefault } from './cjs.ts';
import {
  type CompactGraph,
  compactFromEdges,
  compactFromGraph,
  indexOf,
  isCompactGraph,
  louvainView,
  strengths,
} from './compact.ts';
import { resolveParams } from './hgraph.ts';
import { seededRng } from './rng.ts';
import type { EGraph } from './types.ts';

export interface CommunityOptions {
  seed: number;
  resolution: number;
  /**
   * Louvain restarts (seeds derived from `seed`); the best modularity wins. One by default: with the
   * refinement below a single run matches python-igraph's modularity (scripts/bench/detect.ts).
   */
  runs: number;
  /** Node-level local-moving passes after Louvain (0 disables). */
  refinePasses: number;
  /** Networks larger than this are split by a local Louvain pass. */
  maxSize: number;
  /** Resolution multiplier per attempt when a local pass does not split a large community. */
  splitResolutionStep: number;
  splitMaxAttempts: number;
  /**
   * Communities found by another engine (the database's Graph Data Science library, jobs/gds-engine.ts):
   * node id → community number. Used instead of the Louvain runs; everything after them (split of
   * disconnected communities, local moving, size split) is the same. A node it does not name starts
   * alone. Null: Louvain here.
   */
  partition: Record<string, number> | null;
}

export const DEFAULTS: CommunityOptions = {
  seed: 42,
  resolution: 1,
  runs: 1,
  refinePasses: 4,
  maxSize: 150,
  splitResolutionStep: 2,
  splitMaxAttempts: 4,
  partition: null,
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

function compact(graph: EGraph | CompactGraph): CompactGraph {
  return isCompactGraph(graph) ? graph : compactFromGraph(graph);
}

/** A Map partition (keyed by node) as dense community numbers per node index. */
function toLabels(graph: CompactGraph, partition: Partition): Int32Array {
  const labels = new Int32Array(graph.ids.length);
  const dense = new Map<number, number>();
  graph.ids.forEach((id, i) => {
    const community = partition.get(id);
    if (community === undefined) {
      throw new Error(
        `analyse/communities: node "${id}" has no community in the partition; give every node one`,
      );
    }
    let d = dense.get(community);
    if (d === undefined) {
      d = dense.size;
      dense.set(community, d);
    }
    labels[i] = d;
  });
  return labels;
}

function toPartition(graph: CompactGraph, labels: Int32Array): Partition {
  return new Map(graph.ids.map((id, i) => [id, labels[i]!]));
}

/**
 * Weighted modularity (Newman, with resolution γ). Sums run over the edges in order and over the
 * communities in the order the edges first meet them, so equal inputs give bit-identical values.
 */
function modularityOf(graph: CompactGraph, labels: Int32Array, resolution: number): number {
  const n = graph.ids.length;
  const tot = new Float64Array(n);
  const inside = new Float64Array(n);
  const seen = new Uint8Array(n);
  const order: number[] = [];
  let twoM = 0;
  for (let e = 0; e < graph.edgeU.length; e++) {
    const weight = graph.edgeW[e]!;
    twoM += 2 * weight;
    const cs = labels[graph.edgeU[e]!]!;
    const ct = labels[graph.edgeV[e]!]!;
    if (!seen[cs]) {
      seen[cs] = 1;
      order.push(cs);
    }
    tot[cs]! += weight;
    if (!seen[ct]) {
      seen[ct] = 1;
      order.push(ct);
    }
    tot[ct]! += weight;
    if (cs === ct) inside[cs]! += 2 * weight;
  }
  if (twoM === 0) return 0;
  let q = 0;
  for (const c of order) q += inside[c]! / twoM - resolution * (tot[c]! / twoM) ** 2;
  return q;
}

/** Weighted modularity of a partition of an undirected graph (Newman, with resolution γ). */
export function modularity(graph: EGraph | CompactGraph, partition: Partition, resolution = 1): number {
  const c = compact(graph);
  return modularityOf(c, toLabels(c, partition), resolution);
}

export function louvainLabels(graph: CompactGraph, seed: number, resolution: number): Int32Array {
  const { view, getEdgeWeight } = louvainView(graph);
  const mapping = louvain(view, { rng: seededRng(seed), resolution, getEdgeWeight });
  const labels = new Int32Array(graph.ids.length);
  for (let i = 0; i < labels.length; i++) labels[i] = mapping[i]!;
  return labels;
}

/** One seeded Louvain run; returns the partition keyed by node. */
export function louvainPartition(graph: EGraph | CompactGraph, seed: number, resolution: number): Partition {
  const c = compact(graph);
  return toPartition(c, louvainLabels(c, seed, resolution));
}

/** Splits every community into its connected components (within the community); dense labels. */
export function splitDisconnectedLabels(graph: CompactGraph, labels: Int32Array): Int32Array {
  const n = graph.ids.length;
  const result = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (result[start] !== -1) continue;
    const community = labels[start];
    const id = next++;
    result[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (let slot = graph.offsets[node]!; slot < graph.offsets[node + 1]!; slot++) {
        const other = graph.neighbour[slot]!;
        if (result[other] === -1 && labels[other] === community) {
          result[other] = id;
          stack.push(other);
        }
      }
    }
  }
  return result;
}

/** Splits every community into its connected components (within the community). */
export function splitDisconnected(graph: EGraph | CompactGraph, partition: Partition): Partition {
  const c = compact(graph);
  return toPartition(c, splitDisconnectedLabels(c, toLabels(c, partition)));
}

/**
 * Node-level local moving on dense labels (< node count): each node, in seeded random order,
 * moves to the neighbouring community with the largest positive modularity gain. Never lowers
 * modularity. Neighbouring communities are weighed in the order the node's links meet them.
 */
function localMovingLabels(
  graph: CompactGraph,
  labels: Int32Array,
  options: { resolution: number; passes: number; seed: number },
): Int32Array {
  const result = labels.slice();
  const n = graph.ids.length;
  if (options.passes <= 0 || graph.edgeU.length === 0) return result;
  const strength = strengths(graph);
  const tot = new Float64Array(n);
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    twoM += strength[i]!;
    tot[result[i]!]! += strength[i]!;
  }
  if (twoM === 0) return result;
  const rng = seededRng(options.seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const gamma = options.resolution;
  // Sparse accumulator of link weight per neighbouring community, reset after each node.
  const kin = new Float64Array(n);
  const touched = new Uint8Array(n);
  const met: number[] = [];
  for (let pass = 0; pass < options.passes; pass++) {
    let moves = 0;
    for (const node of order) {
      const current = result[node]!;
      const k = strength[node]!;
      for (let slot = graph.offsets[node]!; slot < graph.offsets[node + 1]!; slot++) {
        const other = graph.neighbour[slot]!;
        if (other === node) continue;
        const c = result[other]!;
        if (!touched[c]) {
          touched[c] = 1;
          met.push(c);
        }
        kin[c]! += graph.edgeW[graph.slotEdge[slot]!]!;
      }
      // Gain of joining c after leaving current: k_in(c) - γ k tot(c) / 2m (same constant dropped).
      const totCurrent = tot[current]! - k;
      const stay = kin[current]! - (gamma * k * totCurrent) / twoM;
      let best = current;
      let bestGain = stay;
      for (const c of met) {
        if (c === current) continue;
        const gain = kin[c]! - (gamma * k * tot[c]!) / twoM;
        if (gain > bestGain + 1e-12) {
          best = c;
          bestGain = gain;
        }
      }
      for (const c of met) {
        kin[c] = 0;
        touched[c] = 0;
      }
      met.length = 0;
      if (best !== current) {
        tot[current] = totCurrent;
        tot[best]! += k;
        result[node] = best;
        moves++;
      }
    }
    if (moves === 0) break;
  }
  return result;
}

/**
 * Node-level local moving: each node (in seeded random order) moves to the neighbouring community
 * with the largest positive modularity gain. Returns a new partition; never lowers modularity.
 */
export function localMoving(
  graph: EGraph | CompactGraph,
  partition: Partition,
  options: { resolution: number; passes: number; seed: number },
): Partition {
  const c = compact(graph);
  return toPartition(c, localMovingLabels(c, toLabels(c, partition), options));
}

/** Member lists (sorted) of each community, largest first, ties by first member. */
function groups(graph: CompactGraph, labels: Int32Array): string[][] {
  return groupsOfLabels(graph.ids, labels);
}

/** Member lists (sorted) per label of `ids[i]`, largest first, ties by first member. */
export function groupsOfLabels(ids: readonly string[], labels: Int32Array): string[][] {
  const byCommunity = new Map<number, string[]>();
  for (let i = 0; i < labels.length; i++) {
    let list = byCommunity.get(labels[i]!);
    if (!list) {
      list = [];
      byCommunity.set(labels[i]!, list);
    }
    list.push(ids[i]!);
  }
  const result = [...byCommunity.values()].map((members) => members.sort());
  return result.sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
}

/** The subgraph induced by `members` (in that order), each edge added from its source's side. */
export function induced(graph: CompactGraph, members: readonly string[]): CompactGraph {
  const index = indexOf(graph);
  const local = new Map<number, number>();
  members.forEach((member, i) => {
    local.set(index.get(member)!, i);
  });
  const u: number[] = [];
  const v: number[] = [];
  const w: number[] = [];
  members.forEach((member, i) => {
    const node = index.get(member)!;
    for (let slot = graph.offsets[node]!; slot < graph.offsets[node + 1]!; slot++) {
      const e = graph.slotEdge[slot]!;
      const other = graph.neighbour[slot]!;
      const j = local.get(other);
      if (graph.edgeU[e] !== node || j === undefined || other === node) continue;
      u.push(i);
      v.push(j);
      w.push(graph.edgeW[e]!);
    }
  });
  return compactFromEdges([...members], Int32Array.from(u), Int32Array.from(v), Float64Array.from(w));
}

/** Splits one large member set by local Louvain passes, recursively; parts are sorted lists. */
function splitLarge(
  graph: CompactGraph,
  members: string[],
  options: CommunityOptions,
  seed: number,
): string[][] {
  const sub = induced(graph, members);
  let resolution = options.resolution;
  for (let attempt = 0; attempt < options.splitMaxAttempts; attempt++) {
    const parts = groups(sub, splitDisconnectedLabels(sub, louvainLabels(sub, seed + attempt, resolution)));
    if (parts.length > 1) {
      return parts.flatMap((part) =>
        part.length > options.maxSize ? splitLarge(graph, part, options, seed + 7919) : [part],
      );
    }
    resolution *= options.splitResolutionStep;
  }
  return [members];
}

/**
 * Finds communities with the options' seed; deterministic for a given graph and options. Takes the
 * entity graph as a graphology graph or, cheaper, in its compact form (Projection.compact).
 */
/** An outside engine's partition as labels; unnamed nodes get labels of their own after its largest. */
function partitionLabels(graph: CompactGraph, partition: Record<string, number>): Int32Array {
  const renumber = new Map<number, number>();
  const labels = new Int32Array(graph.ids.length);
  graph.ids.forEach((id, i) => {
    const community = Object.hasOwn(partition, id) ? partition[id]! : undefined;
    if (community === undefined) {
      labels[i] = -1;
      return;
    }
    let label = renumber.get(community);
    if (label === undefined) {
      label = renumber.size;
      renumber.set(community, label);
    }
    labels[i] = label;
  });
  let next = renumber.size;
  for (let i = 0; i < labels.length; i++) if (labels[i] === -1) labels[i] = next++;
  return labels;
}

export function detectCommunities(
  input: EGraph | CompactGraph,
  optionsInput: Partial<CommunityOptions> = {},
): CommunityResult {
  const options = resolveCommunityOptions(optionsInput);
  const graph = compact(input);
  const started = performance.now();
  const runs: Array<{ seed: number; modularity: number }> = [];
  let best: Int32Array | undefined;
  let bestQ = Number.NEGATIVE_INFINITY;
  for (let run = 0; run < (options.partition ? 0 : options.runs); run++) {
    const seed = options.seed + run * 1_000_003;
    const labels =
      graph.edgeU.length === 0
        ? Int32Array.from(graph.ids, (_, i) => i)
        : louvainLabels(graph, seed, options.resolution);
    const q = modularityOf(graph, labels, options.resolution);
    runs.push({ seed, modularity: q });
    if (q > bestQ) {
      bestQ = q;
      best = labels;
    }
  }
  if (options.partition) {
    best = partitionLabels(graph, options.partition);
    runs.push({ seed: options.seed, modularity: modularityOf(graph, best, options.resolution) });
  }
  let labels = splitDisconnectedLabels(graph, best!);
  labels = localMovingLabels(graph, labels, {
    resolution: options.resolution,
    passes: options.refinePasses,
    seed: options.seed,
  });
  labels = splitDisconnectedLabels(graph, labels);
  const louvainMs = performance.now() - started;
  const topModularity = modularityOf(graph, labels, options.resolution);

  const communities: Community[] = [];
  const parents: ParentCommunity[] = [];
  groups(graph, labels).forEach((members, index) => {
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
  const index = indexOf(graph);
  const final = new Int32Array(graph.ids.length);
  communities.forEach((community, i) => {
    for (const member of community.members) final[index.get(member)!] = i;
  });
  return {
    communities,
    parents,
    modularity: topModularity,
    finalModularity: modularityOf(graph, final, options.resolution),
    louvainMs,
    runs,
  };
}
