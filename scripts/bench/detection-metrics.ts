/**
 * Detection quality of one world against its ground truth: pure functions over plain data (no store),
 * so every figure the set benchmark prints (scripts/bench/detect-sets.ts) is checked against hand
 * computed values in test/unit/bench/detection-metrics.test.ts.
 *
 * A detected network's members are graph nodes (records, accounts, phones); a truth member is a
 * person. `personOf` maps the nodes the truth names (through its identifiers and records) to their
 * person; any other node counts as itself, or as its identity when resolution joined it with others
 * (so five records of one unknown person are one extra member, not five). Organisations are left out
 * of member sets: the truth's members are persons.
 */

import { adjustedRandIndex, normalisedMutualInformation } from './partition-metrics.ts';

export interface ScoredMember {
  node: string;
  label: string;
  /** `identity:<record>` when detection read the node as one record of a resolved identity. */
  identity: string | null;
  role: string;
  recordedRoles: string[];
  offenderRank: number | null;
}

export interface ScoredNetwork {
  id: string;
  rank: number;
  risk: number;
  members: ScoredMember[];
  /** Key actors, most central first (network node ids). */
  keyActors: string[];
  /** Offenders, highest offender score first. */
  offenders: string[];
  /** Indicator id -> matches attributed to the network. */
  indicators: Record<string, number>;
}

export interface TruthPerson {
  personId: string;
  role: string;
  victim: boolean;
}

export interface TruthGroupLite {
  id: string;
  typology?: string;
  members: TruthPerson[];
}

export interface WorldInput {
  networks: ScoredNetwork[];
  planted: TruthGroupLite[];
  negatives: TruthGroupLite[];
  personOf: ReadonlyMap<string, string>;
}

/** Roles that control a planted network (ground truth): the ones the key actors should name. */
export const CONTROLLER_ROLES: ReadonlySet<string> = new Set(['controller']);
/** Truth roles of people to protect: never to be scored as offenders. */
export const PROTECTED_ROLES: ReadonlySet<string> = new Set(['victim', 'fraud-victim']);
/** A victim in a network's first three offenders or key actors counts as ranked as an offender. */
export const TOP = 3;

export interface Miss {
  /** missed: its network ranks below k (or it is in none); merged: in the top k, fused with another plant. */
  kind: 'missed' | 'merged';
  plant: string;
  typology: string;
  size: number;
  /** Rank of the network holding most of its members (-1: none of them in any network). */
  rank: number;
  risk: number;
  /** Best network by member Jaccard: its rank and Jaccard. */
  bestRank: number;
  bestJaccard: number;
  /** Members of that network that are members of other plants, of hard negatives, or of neither. */
  holds: { plants: Record<string, number>; negatives: Record<string, number>; background: number };
  indicators: Record<string, number>;
}

export interface WorldScore {
  k: number;
  recalled: number;
  recallAtK: number;
  /**
   * Plants found as networks of their own: distinct top-k networks holding most of some plant, over
   * k. Two rings fused into one network count once (recall@k counts both).
   */
  recallDistinct: number;
  hardNegativesInTopK: number;
  jaccard: number;
  /** Per plant: best Jaccard and the network it came from. */
  perPlant: Array<{ plant: string; jaccard: number; network: string | null; rank: number | null }>;
  withController: number;
  controllerHits: number;
  controllerTop3: number;
  victimsAsOffenders: number;
  victimDetails: Array<{ personId: string; network: string; rank: number; why: string }>;
  misses: Miss[];
}

const jaccardOf = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
};

/** A member's person: the truth person of the node, else its identity, else the node itself. */
export function memberKey(member: ScoredMember, personOf: ReadonlyMap<string, string>): string {
  return personOf.get(member.node) ?? member.identity ?? member.node;
}

/**
 * The person set of a network: truth persons or identities/nodes; organisations left out. A record
 * the truth does not name counts as the truth person of another record of its identity.
 */
export function personsOf(network: ScoredNetwork, personOf: ReadonlyMap<string, string>): Set<string> {
  const identityPerson = new Map<string, string>();
  for (const m of network.members) {
    const person = personOf.get(m.node);
    if (person && m.identity && !identityPerson.has(m.identity)) identityPerson.set(m.identity, person);
  }
  const out = new Set<string>();
  for (const m of network.members) {
    if (m.label === 'Organisation') continue;
    out.add(
      personOf.get(m.node) ??
        (m.identity ? identityPerson.get(m.identity) : undefined) ??
        memberKey(m, personOf),
    );
  }
  return out;
}

/** The network holding most of a group's persons (ties: the better rank), and how many it holds. */
export function placeGroup(
  group: TruthGroupLite,
  sets: ReadonlyMap<ScoredNetwork, Set<string>>,
): { network: ScoredNetwork | undefined; held: number } {
  let best: ScoredNetwork | undefined;
  let held = 0;
  for (const [network, persons] of sets) {
    let n = 0;
    for (const m of group.members) if (persons.has(m.personId)) n++;
    if (n > held || (n === held && n > 0 && best && network.rank < best.rank)) {
      best = network;
      held = n;
    }
  }
  return { network: held > 0 ? best : undefined, held };
}

export function scoreWorld(input: WorldInput): WorldScore {
  const { networks, planted, negatives, personOf } = input;
  const k = planted.length;
  const sets = new Map(networks.map((n) => [n, personsOf(n, personOf)] as const));
  const placements = planted.map((g) => ({ group: g, ...placeGroup(g, sets) }));
  const recalled = placements.filter((p) => p.network && p.network.rank <= k).length;
  const plantNetworks = new Set(placements.flatMap((p) => (p.network ? [p.network.id] : [])));
  const plantsIn = new Map<string, number>();
  for (const p of placements)
    if (p.network) plantsIn.set(p.network.id, (plantsIn.get(p.network.id) ?? 0) + 1);
  const distinct = new Set(
    placements.flatMap((p) => (p.network && p.network.rank <= k ? [p.network.id] : [])),
  ).size;

  // Hard negatives in the top k: networks holding most of a negative and no plant.
  const negativeNetworks = new Set<string>();
  for (const g of negatives) {
    const { network } = placeGroup(g, sets);
    if (network && network.rank <= k && !plantNetworks.has(network.id)) negativeNetworks.add(network.id);
  }

  const plantOf = new Map<string, string>();
  for (const g of planted)
    for (const m of g.members) if (!plantOf.has(m.personId)) plantOf.set(m.personId, g.id);
  const negativeOf = new Map<string, string>();
  for (const g of negatives) for (const m of g.members) negativeOf.set(m.personId, g.id);

  let jaccardSum = 0;
  let withController = 0;
  let controllerHits = 0;
  const perPlant: WorldScore['perPlant'] = [];
  const misses: Miss[] = [];
  for (const { group, network: placed } of placements) {
    const truthSet = new Set(group.members.map((m) => m.personId));
    let best: ScoredNetwork | undefined;
    let bestJ = 0;
    for (const [network, persons] of sets) {
      const j = jaccardOf(truthSet, persons);
      if (j > bestJ || (j === bestJ && j > 0 && best && network.rank < best.rank)) {
        best = network;
        bestJ = j;
      }
    }
    jaccardSum += bestJ;
    perPlant.push({ plant: group.id, jaccard: bestJ, network: best?.id ?? null, rank: best?.rank ?? null });

    const controllers = group.members.filter((m) => CONTROLLER_ROLES.has(m.role)).map((m) => m.personId);
    if (controllers.length > 0) {
      withController++;
      const top = new Set((best?.keyActors ?? []).slice(0, TOP).map((node) => personOf.get(node) ?? node));
      if (controllers.some((c) => top.has(c))) controllerHits++;
    }

    const missed = !(placed && placed.rank <= k);
    if (missed || (plantsIn.get(placed!.id) ?? 0) > 1) {
      const holder = best ?? placed;
      const holds: Miss['holds'] = { plants: {}, negatives: {}, background: 0 };
      for (const person of holder ? sets.get(holder)! : []) {
        if (truthSet.has(person)) continue;
        const other = plantOf.get(person);
        const negative = negativeOf.get(person);
        if (other) holds.plants[other] = (holds.plants[other] ?? 0) + 1;
        else if (negative) holds.negatives[negative] = (holds.negatives[negative] ?? 0) + 1;
        else holds.background++;
      }
      misses.push({
        kind: missed ? 'missed' : 'merged',
        plant: group.id,
        typology: group.typology ?? '',
        size: group.members.length,
        rank: placed?.rank ?? -1,
        risk: placed?.risk ?? 0,
        bestRank: best?.rank ?? -1,
        bestJaccard: bestJ,
        holds,
        indicators: holder?.indicators ?? {},
      });
    }
  }

  // Victims ranked as offenders: among a network's first three offenders or key actors, or shown as
  // a suspect (a recorded suspect role the evidence does not outweigh: analyse/pipeline.ts roleOf),
  // in any network that scored at all.
  const protectedPersons = new Set<string>();
  for (const g of planted)
    for (const m of g.members) if (m.victim || PROTECTED_ROLES.has(m.role)) protectedPersons.add(m.personId);
  const victimDetails: WorldScore['victimDetails'] = [];
  for (const network of networks) {
    if (network.risk <= 0) continue;
    const flag = (node: string, why: string) => {
      const person = personOf.get(node);
      if (person && protectedPersons.has(person))
        victimDetails.push({ personId: person, network: network.id, rank: network.rank, why });
    };
    for (const [i, node] of network.offenders.slice(0, TOP).entries()) flag(node, `offender ${i + 1}`);
    for (const [i, node] of network.keyActors.slice(0, TOP).entries()) flag(node, `key actor ${i + 1}`);
    for (const m of network.members)
      if (m.recordedRoles.includes('suspect') && m.role === 'suspect') flag(m.node, 'recorded suspect');
  }
  const victimsAsOffenders = new Set(victimDetails.map((v) => v.personId)).size;

  return {
    k,
    recalled,
    recallAtK: k === 0 ? Number.NaN : recalled / k,
    recallDistinct: k === 0 ? Number.NaN : distinct / k,
    hardNegativesInTopK: negativeNetworks.size,
    jaccard: k === 0 ? Number.NaN : jaccardSum / k,
    perPlant,
    withController,
    controllerHits,
    controllerTop3: withController === 0 ? Number.NaN : controllerHits / withController,
    victimsAsOffenders,
    victimDetails,
    misses,
  };
}

/** Mean and sample standard deviation (NaN values left out; sd 0 for one value). */
export function meanSd(values: readonly number[]): { mean: number; sd: number; n: number } {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { mean, sd, n };
}

/**
 * ARI and NMI over the planted persons found in some network (a person's network: the first, in
 * rank order, holding them); NaN when no planted person is in any network.
 */
export function partitionAgreement(
  networks: readonly ScoredNetwork[],
  planted: readonly { id: string; members: readonly { personId: string }[] }[],
  personOf: ReadonlyMap<string, string>,
): { ari: number; nmi: number } {
  const networkOfPerson = new Map<string, string>();
  for (const network of networks)
    for (const person of personsOf(network, personOf))
      if (!networkOfPerson.has(person)) networkOfPerson.set(person, network.id);
  const trueLabels: string[] = [];
  const predicted: string[] = [];
  for (const group of planted)
    for (const m of group.members) {
      const network = networkOfPerson.get(m.personId);
      if (!network) continue;
      trueLabels.push(group.id);
      predicted.push(network);
    }
  if (trueLabels.length === 0) return { ari: Number.NaN, nmi: Number.NaN };
  return {
    ari: adjustedRandIndex(trueLabels, predicted),
    nmi: normalisedMutualInformation(trueLabels, predicted),
  };
}
