/**
 * Identities in detection (issue #13): records that are one person or one organisation become ONE
 * actor before anything is projected, so communities, indicators, key actors and risk speak of the
 * identity, not of five records of it joined by a weighted link.
 *
 * The store streams the match relationships the run may read (store/read/projection.ts, by the rule
 * of model/resolution-contract.ts) as ordinary edges of the heterogeneous graph:
 *   SAME_AS (a rule or a confirmed judgement) always joins its two records;
 *   POSSIBLY_SAME_AS joins them only when `proposedMinScore` is set and its `score` reaches it;
 *   NOT_SAME_AS (a rejected pair) is never joined by a proposal, directly or through others.
 * A confirmed chain that joins a rejected pair is kept (confirmations are facts; the contradiction
 * is listed for a human by the resolution layer, never settled here).
 *
 * The identity's node keeps the id of its smallest record (so key actors, offenders and stored
 * members name a real record) and carries `records` (every record, sorted) and `identity`
 * (`identity:<smallest record id>`, model/resolution-contract.ts identityId). Its properties are its
 * smallest record's, completed by the others' in id order. Every other edge is moved to the identity;
 * an edge between two records of one identity (a family tie recorded twice) becomes a self-loop and
 * is dropped, counted in `droppedSelfLoops`. A SAME_AS between a person and an organisation (a sole
 * trader) joins nothing: it stays a weighted link (project.ts `sameAs`). A recorded victim stays a victim: its INVOLVED_IN edge
 * moves with it, and a victim role wins over every other (pipeline.ts roleOf, risk.ts).
 */
import { identityId, MATCH_TYPES } from '../model/resolution-contract.ts';
import { createHGraph, num } from './hgraph.ts';
import type { HGraph, HNodeAttributes } from './types.ts';

export interface IdentityOptions {
  /**
   * Proposals (POSSIBLY_SAME_AS) with a score at or above this also join their records; null: only
   * SAME_AS does. A number in (0, 1].
   */
  proposedMinScore: number | null;
}

export const IDENTITY_DEFAULTS: IdentityOptions = { proposedMinScore: null };

export interface IdentityMerge {
  /** The graph detection reads: one node per identity, no match edges. */
  graph: HGraph;
  /** Identity node id (its smallest record) → its records, sorted; only identities of 2+ records. */
  identities: Map<string, string[]>;
  stats: {
    sameAs: number;
    proposalsUsed: number;
    /** Proposals at or above the threshold left apart because a rejected pair would be joined. */
    proposalsBlocked: number;
    rejected: number;
    /** Records folded into another record's identity. */
    mergedRecords: number;
    droppedSelfLoops: number;
  };
}

const MATCH: ReadonlySet<string> = new Set(MATCH_TYPES);
const ACTORS: ReadonlySet<string> = new Set(['Person', 'Organisation']);

export function resolveIdentityOptions(input: Partial<IdentityOptions> | undefined): IdentityOptions {
  const proposedMinScore = input?.proposedMinScore ?? null;
  if (
    proposedMinScore !== null &&
    !(typeof proposedMinScore === 'number' && proposedMinScore > 0 && proposedMinScore <= 1)
  ) {
    throw new Error(
      `analyse/identities: proposedMinScore must be a number in (0, 1] (a match probability), got ${String(proposedMinScore)}`,
    );
  }
  return { proposedMinScore };
}

/**
 * Disjoint sets of record ids with their member lists. A set is keyed by one of its records (not
 * necessarily the smallest: the smaller set joins the larger, so a long chain costs linear time);
 * `all()` names each set by its smallest record.
 */
class Components {
  private readonly setOf = new Map<string, string>();
  private readonly groups = new Map<string, string[]>();
  find(x: string): string {
    return this.setOf.get(x) ?? x;
  }
  members(x: string): readonly string[] {
    return this.groups.get(this.find(x)) ?? [x];
  }
  union(a: string, b: string): void {
    const ka = this.find(a);
    const kb = this.find(b);
    if (ka === kb) return;
    const la = this.groups.get(ka) ?? [ka];
    const lb = this.groups.get(kb) ?? [kb];
    const [key, large, gone, small] = la.length >= lb.length ? [ka, la, kb, lb] : [kb, lb, ka, la];
    for (const x of small) {
      large.push(x);
      this.setOf.set(x, key);
    }
    this.setOf.set(key, key);
    this.groups.delete(gone);
    this.groups.set(key, large);
  }
  /** Sets of two records or more, each named by its smallest record, members sorted. */
  all(): Map<string, string[]> {
    const sets = [...this.groups.values()].map((list) => [...list].sort());
    sets.sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
    return new Map(sets.map((list) => [list[0]!, list]));
  }
}

/** One identity per component of readable joins; the graph returned is new when anything changes. */
export function mergeIdentities(graph: HGraph, input?: Partial<IdentityOptions>): IdentityMerge {
  const options = resolveIdentityOptions(input);
  const stats: IdentityMerge['stats'] = {
    sameAs: 0,
    proposalsUsed: 0,
    proposalsBlocked: 0,
    rejected: 0,
    mergedRecords: 0,
    droppedSelfLoops: 0,
  };
  const same: Array<[string, string]> = [];
  const proposals: Array<{ a: string; b: string; score: number }> = [];
  const rejectedOf = new Map<string, Set<string>>();
  let matchEdges = 0;
  // The relationships themselves, not forEachEdge: that makes each one's key (record-graph.ts).
  for (const { attributes, source, target } of graph.edgeRefs()) {
    if (!MATCH.has(attributes.type)) continue;
    matchEdges++;
    const actors =
      source !== target &&
      ACTORS.has(graph.getNodeAttribute(source, 'label')) &&
      ACTORS.has(graph.getNodeAttribute(target, 'label'));
    if (!actors) continue;
    // A person and an organisation are never one actor: such a SAME_AS stays a link (project.ts).
    if (graph.getNodeAttribute(source, 'label') !== graph.getNodeAttribute(target, 'label')) continue;
    if (attributes.type === 'SAME_AS') same.push([source, target]);
    else if (attributes.type === 'NOT_SAME_AS') {
      stats.rejected++;
      for (const [x, y] of [
        [source, target],
        [target, source],
      ] as const) {
        const set = rejectedOf.get(x) ?? new Set<string>();
        set.add(y);
        rejectedOf.set(x, set);
      }
    } else if (options.proposedMinScore !== null) {
      const score = num(attributes.score);
      if (score !== undefined && score >= options.proposedMinScore)
        proposals.push({ a: source, b: target, score });
    }
  }
  if (matchEdges === 0) return { graph, identities: new Map(), stats };

  const components = new Components();
  // Confirmed joins first, in a fixed order: the identities depend only on the graph.
  same.sort((x, y) => (`${x[0]}\u0000${x[1]}` < `${y[0]}\u0000${y[1]}` ? -1 : 1));
  for (const [a, b] of same) {
    components.union(a, b);
    stats.sameAs++;
  }
  // Then proposals, strongest first; one that would put a rejected pair into one identity is left out.
  proposals.sort((x, y) => y.score - x.score || (x.a + x.b < y.a + y.b ? -1 : 1));
  for (const { a, b } of proposals) {
    const ra = components.find(a);
    const rb = components.find(b);
    if (ra === rb) continue;
    const blocked = components.members(ra).some((x) => {
      const rejected = rejectedOf.get(x);
      return rejected !== undefined && [...rejected].some((y) => components.find(y) === rb);
    });
    if (blocked) {
      stats.proposalsBlocked++;
      continue;
    }
    components.union(a, b);
    stats.proposalsUsed++;
  }
  const identities = components.all();

  const repOf = new Map<string, string>();
  for (const [root, records] of identities) {
    for (const record of records) if (record !== root) repOf.set(record, root);
  }
  stats.mergedRecords = repOf.size;

  const merged = createHGraph();
  graph.forEachNode((node, attributes) => {
    if (repOf.has(node)) return;
    const records = identities.get(node);
    if (!records) {
      merged.addNode(node, attributes);
      return;
    }
    const combined: HNodeAttributes = { ...attributes };
    for (const record of records) {
      if (record === node) continue;
      for (const [key, value] of Object.entries(graph.getNodeAttributes(record))) {
        if (combined[key] === undefined || combined[key] === null) combined[key] = value;
      }
    }
    combined.records = records;
    // Every record's name, so patterns that ask "may these two be one human" (hgraph.ts
    // mayBeSamePerson) compare the bank's "WEISS" as well as the register's "Weiß".
    const names = new Set<string>();
    for (const record of records) {
      const name = graph.getNodeAttribute(record, 'name');
      if (typeof name === 'string' && name.length > 0) names.add(name);
    }
    if (names.size > 1) combined.recordNames = [...names].sort();
    combined.identity = identityId(node);
    merged.addNode(node, combined);
  });
  // The records' relationships in their order (forEachEdge's), their attributes shared, not copied.
  for (const ref of graph.edgeRefs()) {
    const { type, source, target } = ref;
    const crossLabel =
      type === 'SAME_AS' &&
      graph.getNodeAttribute(source, 'label') !== graph.getNodeAttribute(target, 'label');
    if (MATCH.has(type) && !crossLabel) continue;
    const from = repOf.get(source) ?? source;
    const to = repOf.get(target) ?? target;
    if (from === to && source !== target) {
      stats.droppedSelfLoops++;
      continue;
    }
    merged.addDirectedEdgeLike(ref.edge, from, to, ref);
  }
  // As the record graph once built (jobs/graph-builder.ts): the analysis never looks an edge up by key.
  merged.releaseEdgeKeys();
  return { graph: merged, identities, stats };
}
