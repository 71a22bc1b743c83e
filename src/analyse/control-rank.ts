/**
 * Control without money: who, inside one network, holds the others' documents, pays their travel,
 * takes their benefits, calls them all, or owns the address they are registered at.
 *
 * Indicators need a pattern (≥ 2 documents, ≥ 3 travellers on one route and day...) and most rest on
 * money; a controller whose money runs through mules, or who never touches money at all, shows only
 * through these directed ties. Each kind counts the distinct other members the member controls that
 * way; a kind counts from `minControlled` members (calls from `minCalled` and `callReach` of the
 * network: calling a few friends is ordinary), and scores `weight × log2(1 + count)` (the tenth person adds less than the second).
 * Direction matters: the holder of a document controls its owner, never the reverse, so the people
 * controlled earn nothing here; calls count only between phones one person alone is recorded with. Recorded victims earn nothing at all (pipeline.ts).
 */
import { controlEdges, type ControlEvidence as Edge } from './control.ts';
import { intoOf, outOf, resolveParams } from './hgraph.ts';
import type { HGraph } from './types.ts';

export type ControlKind = 'documents' | 'travel' | 'benefits' | 'calls' | 'addresses';

export interface ControlOptions {
  weights: Record<ControlKind, number>;
  minControlled: number;
  /** Calls count from this many distinct members called... */
  minCalled: number;
  /** ...and this share of the network's other members ("calls them all", not "calls a friend"). */
  callReach: number;
}

export const DEFAULTS: ControlOptions = {
  // The weights of the indicators that see the same control as a pattern (docs/detection.md 3.).
  weights: { documents: 3, travel: 2.5, benefits: 3, calls: 1.5, addresses: 1.5 },
  minControlled: 2,
  minCalled: 4,
  callReach: 0.3,
};

export interface ControlEvidence {
  score: number;
  /** Distinct other members controlled, per kind (only kinds that counted). */
  counts: Partial<Record<ControlKind, number>>;
}

/** control.ts's evidence that is the same here; its money hand-overs are not a kind of this score. */
const SHARED_KINDS: Partial<Record<Edge, ControlKind>> = {
  documents: 'documents',
  travel: 'travel',
  benefit: 'benefits',
};

/**
 * Who calls through a phone: its one holder (the phone itself when nobody is recorded with it). A
 * handset several people are recorded with (the work phone handed to the women of a flat, a
 * herder's number given as every mule's bank contact) does not say which of them called or was
 * called: it is nobody's evidence of "calls them all".
 */
function phoneHolders(graph: HGraph, phone: string): string[] {
  const owners = [...new Set(intoOf(graph, phone, 'HAS_PHONE').map((r) => r.source))];
  return owners.length === 0 ? [phone] : owners.length === 1 ? owners : [];
}

/** Control evidence of each member over the other members of one network (members without any left out). */
export function controlEvidence(
  graph: HGraph,
  members: readonly string[],
  input: Partial<ControlOptions> = {},
): Map<string, ControlEvidence> {
  const { weights, ...rest } = input;
  const options = resolveParams('analyse/control-rank', { ...DEFAULTS, weights: DEFAULTS.weights }, rest);
  const w = resolveParams('analyse/control-rank (weights)', DEFAULTS.weights, weights);
  const memberSet = new Set(members);
  const edges = controlEdges(graph);
  const result = new Map<string, ControlEvidence>();
  for (const member of [...members].sort()) {
    if (!graph.hasNode(member)) continue;
    const label = graph.getNodeAttribute(member, 'label');
    if (label !== 'Person' && label !== 'Organisation') continue;
    const found: Record<ControlKind, Set<string>> = {
      documents: new Set(),
      travel: new Set(),
      benefits: new Set(),
      calls: new Set(),
      addresses: new Set(),
    };
    const add = (kind: ControlKind, other: string): void => {
      if (other !== member && memberSet.has(other)) found[kind].add(other);
    };
    // Documents, travel and benefits are control.ts's edges (unfiltered: organisations count here).
    for (const [other, kinds] of edges.controls.get(member) ?? [])
      for (const kind of kinds) {
        const mapped = SHARED_KINDS[kind];
        if (mapped) add(mapped, other);
      }
    for (const has of outOf(graph, member, 'HAS_PHONE')) {
      if (phoneHolders(graph, has.target).length !== 1) continue;
      for (const call of outOf(graph, has.target, 'CALLED'))
        for (const other of phoneHolders(graph, call.target)) add('calls', other);
      for (const call of intoOf(graph, has.target, 'CALLED'))
        for (const other of phoneHolders(graph, call.source)) add('calls', other);
    }
    for (const owns of outOf(graph, member, 'OWNS')) {
      if (graph.getNodeAttribute(owns.target, 'label') !== 'Address') continue;
      for (const at of intoOf(graph, owns.target, 'REGISTERED_AT')) add('addresses', at.source);
    }
    let score = 0;
    const counts: ControlEvidence['counts'] = {};
    for (const kind of Object.keys(found) as ControlKind[]) {
      const count = found[kind].size;
      const needed =
        kind === 'calls'
          ? Math.max(options.minCalled, options.callReach * (members.length - 1))
          : options.minControlled;
      if (count < needed) continue;
      counts[kind] = count;
      score += w[kind] * Math.log2(1 + count);
    }
    if (score > 0) result.set(member, { score, counts });
  }
  return result;
}
