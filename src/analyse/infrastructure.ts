/**
 * Rings that share infrastructure are separated (a Leiden-style refinement of each community).
 *
 * Several rings that use one recruiter, one transport payer or one ad platform are glued together by
 * those nodes: Louvain sees one dense blob and returns one network. Inside each community this pass
 * asks the graph, not a list of known infrastructure:
 *
 * 1. a local Louvain pass on the community's induced subgraph proposes parts;
 * 2. **connectors** are found one at a time, the most evenly spread first: a member whose second
 *    strongest part still receives ≥ `connectorShare` of its weight inside the community (a shared
 *    recruiter or payer); ties to connectors already found no longer count, so a worker tied to their
 *    ring and to the shared recruiter is not one;
 * 3. a part is a **ring** when, without the connectors, it has ≥ `minRingSize` members, someone of
 *    its own reaches ≥ `leaderReach` of them (its organiser, who is not a connector) and it is not a
 *    near-clique (density < `cliqueDensity`: a household where everyone knows everyone has no
 *    organiser of its own);
 * 4. rings stay together unless they are **separate**: the weight between their non-connector
 *    members is ≤ `maxCrossShare` of the smaller internal weight;
 * 5. with two or more separate rings the community is cut into them: other parts join the ring they
 *    are tied to most, each connector the ring it is tied to most. The connectors are returned, so
 *    the networks that share them are linked (linked.ts), not fused.
 *
 * Must not: one ring organised by one controller is never cut (its controller ties all its parts,
 * so none of them has an organiser of its own). Deterministic for a given graph and seed.
 */
import {
  type Community,
  groupsOfLabels,
  induced,
  louvainLabels,
  splitDisconnectedLabels,
} from './communities.ts';
import type { CompactGraph } from './compact.ts';
import { resolveParams } from './hgraph.ts';

export interface InfrastructureOptions {
  /** false turns the pass off (communities are returned as found). */
  separate: boolean;
  /** Communities smaller than this are never cut. */
  minCommunitySize: number;
  /** Smallest ring (members other than connectors). */
  minRingSize: number;
  /** Share of a member's in-community weight a part must receive for the member to be a connector. */
  connectorShare: number;
  /** A ring's organiser is tied to at least this share of the ring's other members. */
  leaderReach: number;
  /** Parts at least this dense are households, not rings (nobody organises a clique). */
  cliqueDensity: number;
  /** Two rings are separate when the weight between them is at most this share of the smaller one's. */
  maxCrossShare: number;
  seed: number;
  resolution: number;
}

export const DEFAULTS: InfrastructureOptions = {
  separate: true,
  minCommunitySize: 9,
  minRingSize: 4,
  connectorShare: 0.2,
  leaderReach: 0.8,
  cliqueDensity: 0.8,
  maxCrossShare: 0.1,
  seed: 42,
  resolution: 1,
};

export interface InfrastructureNode {
  node: string;
  /** Key of the community that was cut. */
  community: string;
  /** Keys of the rings the connector is tied to (its own first). */
  rings: string[];
  /** Share of the connector's in-community weight going to each of those rings. */
  shares: number[];
}

export interface Separation {
  communities: Community[];
  /** Connectors of the communities that were cut. */
  infrastructure: InfrastructureNode[];
  /** Community key → keys of the rings it was cut into. */
  cuts: Array<{ community: string; rings: string[] }>;
}

export function resolveInfrastructureOptions(
  input: Partial<InfrastructureOptions> = {},
): InfrastructureOptions {
  const options = resolveParams('analyse/infrastructure', DEFAULTS, input);
  for (const key of ['connectorShare', 'leaderReach', 'cliqueDensity', 'maxCrossShare'] as const) {
    const value = options[key];
    if (!(value >= 0 && value <= 1)) {
      throw new Error(`analyse/infrastructure: ${key} must be within [0, 1], got ${String(value)}`);
    }
  }
  if (!(Number.isInteger(options.minRingSize) && options.minRingSize >= 2)) {
    throw new Error(
      `analyse/infrastructure: minRingSize must be an integer >= 2, got ${options.minRingSize}`,
    );
  }
  return options;
}

interface Cut {
  rings: number[][];
  connectors: Array<{ node: number; weights: Float64Array }>;
}

/**
 * Groups of a community's parts that barely touch each other (the resolution limit: in a large graph
 * Louvain joins two small groups over any tie at all, e.g. a ring and the mule chain it pays). Parts
 * of at least `minRingSize` are merged, the most tied pair first, while the weight between two
 * groups exceeds `maxCrossShare` of the smaller one's internal weight; smaller parts then join the
 * group they are tied to most. Every tie counts here (no connector is set aside), so one ring whose
 * controller ties its houses together is never split. Undefined unless two or more groups remain.
 */
function weaklyTied(
  sub: CompactGraph,
  labels: Int32Array,
  partCount: number,
  options: InfrastructureOptions,
): number[][] | undefined {
  const n = sub.ids.length;
  const size = new Int32Array(partCount);
  for (let i = 0; i < n; i++) size[labels[i]!]! += 1;
  const group = Int32Array.from({ length: partCount }, (_, p) => (size[p]! >= options.minRingSize ? p : -1));
  const groups = () => [...new Set([...group].filter((g) => g >= 0))];
  for (;;) {
    const live = groups();
    if (live.length < 2) return undefined;
    const internal = new Map<number, number>(live.map((g) => [g, 0]));
    const cross = new Map<number, number>();
    for (let e = 0; e < sub.edgeU.length; e++) {
      const a = group[labels[sub.edgeU[e]!]!]!;
      const b = group[labels[sub.edgeV[e]!]!]!;
      if (a < 0 || b < 0) continue;
      if (a === b) internal.set(a, internal.get(a)! + sub.edgeW[e]!);
      else {
        const key = a < b ? a * partCount + b : b * partCount + a;
        cross.set(key, (cross.get(key) ?? 0) + sub.edgeW[e]!);
      }
    }
    let best = -1;
    let bestRatio = options.maxCrossShare;
    for (const [key, weight] of [...cross].sort((x, y) => x[0] - y[0])) {
      const a = Math.floor(key / partCount);
      const b = key % partCount;
      const smaller = Math.min(internal.get(a)!, internal.get(b)!);
      const ratio = smaller > 0 ? weight / smaller : Number.POSITIVE_INFINITY;
      if (ratio > bestRatio) {
        best = key;
        bestRatio = ratio;
      }
    }
    if (best < 0) break;
    const a = Math.floor(best / partCount);
    const b = best % partCount;
    for (let p = 0; p < partCount; p++) if (group[p] === b) group[p] = a;
  }
  const live = groups();
  const index = new Map(live.map((g, i) => [g, i]));
  const groupOf = Int32Array.from({ length: n }, (_, i) => {
    const g = group[labels[i]!]!;
    return g >= 0 ? index.get(g)! : -1;
  });
  // Members of small parts join the group they are tied to most, step by step along chains.
  for (let pass = 0; pass < 4; pass++) {
    const decided: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      if (groupOf[i]! >= 0) continue;
      const w = new Float64Array(live.length);
      for (let slot = sub.offsets[i]!; slot < sub.offsets[i + 1]!; slot++) {
        const g = groupOf[sub.neighbour[slot]!]!;
        if (g >= 0) w[g]! += sub.edgeW[sub.slotEdge[slot]!]!;
      }
      let pick = -1;
      for (let g = 0; g < w.length; g++) if (w[g]! > 0 && (pick < 0 || w[g]! > w[pick]!)) pick = g;
      if (pick >= 0) decided.push([i, pick]);
    }
    if (decided.length === 0) break;
    for (const [i, g] of decided) groupOf[i] = g;
  }
  const result: number[][] = live.map(() => []);
  for (let i = 0; i < n; i++) result[Math.max(0, groupOf[i]!)]!.push(i);
  return result;
}

/** Decides whether one community (as its induced subgraph) is several rings; local indices. */
function cutOne(sub: CompactGraph, options: InfrastructureOptions, seed: number): Cut | undefined {
  const n = sub.ids.length;
  if (n < options.minCommunitySize || sub.edgeU.length === 0) return undefined;
  const labels = splitDisconnectedLabels(sub, louvainLabels(sub, seed, options.resolution));
  const partCount = Math.max(...labels) + 1;
  if (partCount < 2) return undefined;
  const weak = weaklyTied(sub, labels, partCount, options);
  if (weak) {
    // Each weakly tied group may still be rings glued by shared infrastructure: cut those too.
    const rings: number[][] = [];
    const connectors: Cut['connectors'] = [];
    const local = new Map(sub.ids.map((id, i) => [id, i]));
    weak.forEach((group, g) => {
      const inner =
        group.length >= options.minCommunitySize
          ? induced(
              sub,
              group.map((i) => sub.ids[i]!),
            )
          : undefined;
      const innerLabels = inner
        ? splitDisconnectedLabels(inner, louvainLabels(inner, seed + g + 1, options.resolution))
        : undefined;
      const cut =
        inner && innerLabels && Math.max(...innerLabels) >= 1
          ? connectorCut(inner, innerLabels, Math.max(...innerLabels) + 1, options)
          : undefined;
      if (!cut) {
        rings.push(group);
        return;
      }
      const offset = rings.length;
      for (const ring of cut.rings) rings.push(ring.map((i) => local.get(inner!.ids[i]!)!));
      for (const c of cut.connectors) {
        const weights = new Float64Array(weak.length + cut.rings.length + offset);
        c.weights.forEach((w, r) => {
          weights[offset + r] = w;
        });
        connectors.push({ node: local.get(inner!.ids[c.node]!)!, weights });
      }
    });
    return { rings, connectors };
  }
  return connectorCut(sub, labels, partCount, options);
}

/** Rings glued by connectors (shared infrastructure) inside one group of parts; local indices. */
function connectorCut(
  sub: CompactGraph,
  labels: Int32Array,
  partCount: number,
  options: InfrastructureOptions,
): Cut | undefined {
  const n = sub.ids.length;

  // Connectors one at a time, the most evenly spread first; ties to a connector no longer count for
  // the others (a worker tied to their ring and to the shared recruiter is not a connector).
  const isConnector = new Uint8Array(n);
  const weightTo = Array.from({ length: n }, () => new Float64Array(partCount));
  for (;;) {
    for (const row of weightTo) row.fill(0);
    for (let e = 0; e < sub.edgeU.length; e++) {
      const u = sub.edgeU[e]!;
      const v = sub.edgeV[e]!;
      if (u === v) continue;
      if (!isConnector[v]) weightTo[u]![labels[v]!]! += sub.edgeW[e]!;
      if (!isConnector[u]) weightTo[v]![labels[u]!]! += sub.edgeW[e]!;
    }
    let best = -1;
    let bestSpread = 0;
    let bestTotal = 0;
    for (let i = 0; i < n; i++) {
      if (isConnector[i]) continue;
      const row = weightTo[i]!;
      const total = row.reduce((sum, x) => sum + x, 0);
      if (total === 0) continue;
      // The share of the second strongest part: how evenly the member sits between parts.
      let first = 0;
      let second = 0;
      for (const x of row) {
        if (x > first) {
          second = first;
          first = x;
        } else if (x > second) second = x;
      }
      const spread = second / total;
      if (spread < options.connectorShare) continue;
      if (best < 0 || spread > bestSpread + 1e-12 || (spread > bestSpread - 1e-12 && total > bestTotal)) {
        best = i;
        bestSpread = spread;
        bestTotal = total;
      }
    }
    if (best < 0) break;
    isConnector[best] = 1;
  }
  // Parts without their connectors; which of them are rings.
  const members: number[][] = Array.from({ length: partCount }, () => []);
  for (let i = 0; i < n; i++) if (!isConnector[i]) members[labels[i]!]!.push(i);
  const inPartDegree = new Int32Array(n);
  const internal = new Float64Array(partCount);
  const edgesIn = new Int32Array(partCount);
  const cross = new Map<number, number>();
  for (let e = 0; e < sub.edgeU.length; e++) {
    const u = sub.edgeU[e]!;
    const v = sub.edgeV[e]!;
    if (u === v || isConnector[u] || isConnector[v]) continue;
    const a = labels[u]!;
    const b = labels[v]!;
    if (a === b) {
      inPartDegree[u]! += 1;
      inPartDegree[v]! += 1;
      internal[a]! += sub.edgeW[e]!;
      edgesIn[a]! += 1;
    } else {
      const key = a < b ? a * partCount + b : b * partCount + a;
      cross.set(key, (cross.get(key) ?? 0) + sub.edgeW[e]!);
    }
  }
  const isRing = (p: number): boolean => {
    const list = members[p]!;
    const size = list.length;
    if (size < options.minRingSize) return false;
    const density = edgesIn[p]! / ((size * (size - 1)) / 2);
    if (density >= options.cliqueDensity) return false;
    return list.some((i) => inPartDegree[i]! >= options.leaderReach * (size - 1));
  };
  const rings: number[] = [];
  for (let p = 0; p < partCount; p++) if (isRing(p)) rings.push(p);
  if (rings.length < 2) return undefined;

  // Rings that are not separate stay together (union-find over rings).
  const root = new Map(rings.map((p) => [p, p]));
  const find = (p: number): number => {
    let r = p;
    while (root.get(r) !== r) r = root.get(r)!;
    root.set(p, r);
    return r;
  };
  for (let x = 0; x < rings.length; x++) {
    for (let y = x + 1; y < rings.length; y++) {
      const a = rings[x]!;
      const b = rings[y]!;
      const between = cross.get(a < b ? a * partCount + b : b * partCount + a) ?? 0;
      if (between > options.maxCrossShare * Math.min(internal[a]!, internal[b]!)) {
        const ra = find(a);
        const rb = find(b);
        if (ra !== rb) root.set(Math.max(ra, rb), Math.min(ra, rb));
      }
    }
  }
  const groupOfPart = new Int32Array(partCount).fill(-1);
  const groupIds = new Map<number, number>();
  for (const p of rings) {
    const r = find(p);
    let g = groupIds.get(r);
    if (g === undefined) {
      g = groupIds.size;
      groupIds.set(r, g);
    }
    groupOfPart[p] = g;
  }
  const groupCount = groupIds.size;
  if (groupCount < 2) return undefined;

  // Every other member joins the group it is tied to most (strongest first, ties to the lower group).
  const groupOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++)
    if (!isConnector[i] && groupOfPart[labels[i]!]! >= 0) groupOf[i] = groupOfPart[labels[i]!]!;
  const towards = (i: number): Float64Array => {
    const w = new Float64Array(groupCount);
    for (let slot = sub.offsets[i]!; slot < sub.offsets[i + 1]!; slot++) {
      const other = sub.neighbour[slot]!;
      const g = groupOf[other]!;
      if (other !== i && g >= 0) w[g]! += sub.edgeW[sub.slotEdge[slot]!]!;
    }
    return w;
  };
  const argmax = (w: Float64Array): number => {
    let best = -1;
    for (let g = 0; g < w.length; g++) if (w[g]! > 0 && (best < 0 || w[g]! > w[best]!)) best = g;
    return best;
  };
  // Non-ring members first (several passes: a chain of them reaches a ring step by step), then connectors.
  for (let pass = 0; pass < 4; pass++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      if (isConnector[i] || groupOf[i]! >= 0) continue;
      const g = argmax(towards(i));
      if (g >= 0) {
        groupOf[i] = g;
        moved++;
      }
    }
    if (moved === 0) break;
  }
  const connectors: Cut['connectors'] = [];
  for (let i = 0; i < n; i++) {
    if (!isConnector[i]) continue;
    const w = towards(i);
    connectors.push({ node: i, weights: w });
    groupOf[i] = Math.max(0, argmax(w));
  }
  // Whatever is tied to nothing but connectors goes with the group its connectors chose.
  for (let i = 0; i < n; i++) if (groupOf[i]! < 0) groupOf[i] = Math.max(0, argmax(towards(i)));
  const result: number[][] = Array.from({ length: groupCount }, () => []);
  for (let i = 0; i < n; i++) result[groupOf[i]!]!.push(i);
  return { rings: result, connectors };
}

/**
 * Cuts every community that is several separate rings held together by shared infrastructure.
 * Cut rings are keyed `<community>-<n>` (largest first) and keep the community's parent and level.
 */
export function separateInfrastructure(
  graph: CompactGraph,
  communities: readonly Community[],
  input: Partial<InfrastructureOptions> = {},
): Separation {
  const options = resolveInfrastructureOptions(input);
  const result: Separation = { communities: [], infrastructure: [], cuts: [] };
  communities.forEach((community, ordinal) => {
    const cut =
      options.separate && community.members.length >= options.minCommunitySize
        ? cutOne(induced(graph, community.members), options, options.seed + ordinal)
        : undefined;
    if (!cut) {
      result.communities.push(community);
      return;
    }
    const ringOf = new Int32Array(community.members.length);
    cut.rings.forEach((ring, r) => {
      for (const i of ring) ringOf[i] = r;
    });
    const ringMembers = groupsOfLabels(community.members, ringOf);
    const position = new Map(community.members.map((m, i) => [m, i]));
    const keyOfRing = new Map<number, string>();
    const rings = ringMembers.map((members, index) => {
      const key = `${community.key}-${index + 1}`;
      keyOfRing.set(ringOf[position.get(members[0]!)!]!, key);
      const ring: Community = { key, members, level: community.level };
      if (community.parent) ring.parent = community.parent;
      return ring;
    });
    result.communities.push(...rings);
    result.cuts.push({ community: community.key, rings: rings.map((r) => r.key) });
    for (const connector of cut.connectors) {
      const total = connector.weights.reduce((s, x) => s + x, 0);
      if (total === 0) continue;
      const reached = [...connector.weights.keys()]
        .filter((g) => connector.weights[g]! / total >= options.connectorShare)
        .sort((a, b) => connector.weights[b]! - connector.weights[a]! || a - b);
      if (reached.length < 2) continue;
      result.infrastructure.push({
        node: community.members[connector.node]!,
        community: community.key,
        rings: reached.map((g) => keyOfRing.get(g)!),
        shares: reached.map((g) => connector.weights[g]! / total),
      });
    }
  });
  return result;
}
