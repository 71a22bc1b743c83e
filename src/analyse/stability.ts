/**
 * Network ids that survive re-runs. Each network found now is matched to a network of the previous
 * run by membership overlap (Jaccard), greedily from the best pair down; a match at or above
 * `minJaccard` keeps the previous id. Unmatched networks get an id derived from their members.
 * The comparison names what changed: new, grown, shrunk, stable, merged (one network now holds
 * >= `mergeShare` of each of several previous ones), split (a previous network's members now spread
 * over several networks, each with >= `splitShare` of them) and dissolved.
 */
import { sha256 } from '../model/ids.ts';
import { resolveParams } from './hgraph.ts';

export interface StabilityOptions {
  minJaccard: number;
  /** Relative size change above which a matched network counts as grown or shrunk. */
  sizeChange: number;
  mergeShare: number;
  splitShare: number;
}

export const DEFAULTS: StabilityOptions = {
  minJaccard: 0.5,
  sizeChange: 0.1,
  mergeShare: 0.5,
  splitShare: 0.3,
};

export interface PreviousNetwork {
  id: string;
  members: readonly string[];
}

export interface CurrentNetwork {
  key: string;
  members: readonly string[];
}

/** How a run's networks relate to its previous run's: declared with the stored results (model/). */
import type { NetworkChanges } from '../model/analysis-contract.ts';

export type { NetworkChanges };

export interface StabilityResult {
  /** Current key → stable id. */
  ids: Map<string, string>;
  /** Current key → Jaccard with the previous network whose id it kept. */
  jaccard: Map<string, number>;
  changes: NetworkChanges;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** Id of a network first seen now: a hash of its sorted members, so re-detecting it gives the same id. */
export function networkIdFor(members: readonly string[]): string {
  return `net-${sha256([...members].sort().join('\n')).slice(0, 12)}`;
}

export function matchNetworks(
  previous: readonly PreviousNetwork[],
  current: readonly CurrentNetwork[],
  input: Partial<StabilityOptions> = {},
): StabilityResult {
  const options = resolveParams('analyse/stability', DEFAULTS, input);
  const prevSets = new Map(previous.map((p) => [p.id, new Set(p.members)]));
  const curSets = new Map(current.map((c) => [c.key, new Set(c.members)]));
  const where = new Map<string, string>();
  for (const p of previous) for (const m of p.members) where.set(m, p.id);
  // Overlaps: current key → previous id → shared members.
  const overlap = new Map<string, Map<string, number>>();
  for (const c of current) {
    const counts = new Map<string, number>();
    for (const m of c.members) {
      const p = where.get(m);
      if (p !== undefined) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    overlap.set(c.key, counts);
  }
  const pairs: Array<{ key: string; id: string; j: number }> = [];
  for (const [key, counts] of overlap) {
    for (const [id] of counts) pairs.push({ key, id, j: jaccard(curSets.get(key)!, prevSets.get(id)!) });
  }
  pairs.sort((a, b) => b.j - a.j || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));
  const ids = new Map<string, string>();
  const scores = new Map<string, number>();
  const taken = new Set<string>();
  for (const pair of pairs) {
    if (pair.j < options.minJaccard) break;
    if (ids.has(pair.key) || taken.has(pair.id)) continue;
    ids.set(pair.key, pair.id);
    scores.set(pair.key, pair.j);
    taken.add(pair.id);
  }
  const changes: NetworkChanges = {
    new: [],
    stable: [],
    grown: [],
    shrunk: [],
    merged: [],
    split: [],
    dissolved: [],
  };
  const used = new Set(previous.map((p) => p.id));
  const mergedPrev = new Set<string>();
  for (const c of current) {
    const counts = overlap.get(c.key)!;
    const sources = [...counts]
      .filter(([id, shared]) => shared >= options.mergeShare * prevSets.get(id)!.size)
      .map(([id]) => id)
      .sort();
    let id = ids.get(c.key);
    if (id === undefined) {
      id = networkIdFor(c.members);
      while (used.has(id)) id = `${id}x`;
      ids.set(c.key, id);
    }
    used.add(id);
    if (sources.length >= 2) {
      changes.merged.push({ id, from: sources });
      for (const s of sources) mergedPrev.add(s);
      continue;
    }
    const kept = taken.has(id) ? id : undefined;
    if (kept === undefined) {
      changes.new.push(id);
      continue;
    }
    const before = prevSets.get(kept)!.size;
    const now = c.members.length;
    if (now > before * (1 + options.sizeChange)) changes.grown.push(id);
    else if (now < before * (1 - options.sizeChange)) changes.shrunk.push(id);
    else changes.stable.push(id);
  }
  // Previous id → the current networks that share members with it, in current order: a split
  // looks only at those (scanning every current network per previous one was 14k × 14k lookups).
  const sharers = new Map<string, Array<{ key: string; shared: number }>>();
  for (const c of current) {
    for (const [id, shared] of overlap.get(c.key)!) {
      const list = sharers.get(id);
      if (list) list.push({ key: c.key, shared });
      else sharers.set(id, [{ key: c.key, shared }]);
    }
  }
  for (const p of previous) {
    const spread = (sharers.get(p.id) ?? [])
      .filter(({ shared }) => shared >= options.splitShare * p.members.length)
      .map(({ key }) => ids.get(key)!)
      .sort();
    if (spread.length >= 2) {
      changes.split.push({ from: p.id, into: spread });
      continue;
    }
    if (!taken.has(p.id) && !mergedPrev.has(p.id)) changes.dissolved.push(p.id);
  }
  for (const list of [changes.new, changes.stable, changes.grown, changes.shrunk, changes.dissolved])
    list.sort();
  return { ids, jaccard: scores, changes };
}
