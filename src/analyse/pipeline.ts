/**
 * The whole analysis over an in-memory heterogeneous graph, without any I/O: projection →
 * communities → indicators → per-network actors, summary and explained risk → stable ids against
 * the previous run. jobs/detect.ts feeds it from Neo4j and stores what it returns; tests and the
 * benchmark call it directly.
 */

import { storedCaseRole } from '../model/roles.ts';
import type { Bridge } from './actors.ts';
import { bridges, centralities, forEachLink } from './actors.ts';
import { knownOnlyByPhone } from './actors-of.ts';
import {
  type CommunityOptions,
  detectCommunities,
  type ParentCommunity,
  resolveCommunityOptions,
} from './communities.ts';
import { type ContactOptions, type OneOffContact, separateContacts } from './contacts.ts';
import { mayBeExploited } from './control.ts';
import { type ControlEvidence, type ControlOptions, controlEvidence } from './control-rank.ts';
import { labelOf, mayBeSameName, resolveParams } from './hgraph.ts';
import { type IdentityMerge, type IdentityOptions, mergeIdentities } from './identities.ts';
import { INDICATORS_BY_ID, type RunIndicatorsOptions, runIndicators } from './indicators/index.ts';
import {
  type InfrastructureNode,
  type InfrastructureOptions,
  separateInfrastructure,
} from './infrastructure.ts';
import { type LinkOptions, linkNetworks, type SharedNode } from './linked.ts';
import { type HubDecision, type ProjectOptionsInput, project } from './project.ts';
import { type NetworkRisk, type RiskExplanation, type RiskOptions, scoreNetwork } from './risk.ts';
import {
  matchNetworks,
  type NetworkChanges,
  type PreviousNetwork,
  type StabilityOptions,
} from './stability.ts';
import { attachStandIns, type StandInMove } from './stand-ins.ts';
import { type NetworkSummary, summarise } from './summary.ts';
import type { HGraph, IndicatorMatch, LinkKind } from './types.ts';

export interface AnalyseOptions {
  /** Records joined by SAME_AS (and, on request, strong proposals) are one actor (identities.ts). */
  identities: Partial<IdentityOptions>;
  projection: ProjectOptionsInput;
  communities: Partial<CommunityOptions>;
  /** Rings glued by shared infrastructure are cut apart (infrastructure.ts); seed and resolution come from `communities`. */
  infrastructure: Partial<Omit<InfrastructureOptions, 'seed' | 'resolution'>>;
  /** Networks sharing a node are linked (linked.ts). */
  links: Partial<LinkOptions>;
  /** Directed control evidence in the key-actor and offender ranking (control-rank.ts). */
  control: Partial<ControlOptions>;
  /** Communities of unheld phones and accounts only join the people they deal with most (stand-ins.ts). */
  attachStandIns: boolean;
  /** Phones and accounts known only from one or two calls or payments with one counterpart are contacts, not members (contacts.ts). */
  contacts: Partial<ContactOptions>;
  indicators: RunIndicatorsOptions;
  risk: Partial<RiskOptions>;
  stability: Partial<StabilityOptions>;
  /** Communities smaller than this are not reported as networks. */
  minNetworkSize: number;
  /** Members listed as key actors per network. */
  keyActors: number;
  /** Internal entity-graph links kept per network (strongest first) for display. */
  maxEdgesPerNetwork: number;
  progress?: (event: { phase: string; done?: number; of?: number }) => void;
  /**
   * Networks as they are found, in batches, before ranking and links: their rank, unit, unitRank,
   * unitRisk and linkedNetworks are not final yet (the result's are), everything else is. Lets a
   * caller store them while the analysis goes on (jobs/streamed-write.ts).
   */
  onNetworks?: (networks: DetectedNetwork[]) => void;
}

export const STREAM_DEFAULTS = {
  /**
   * Networks per onNetworks call: a few hundred rows of members, one write transaction or so. 100
   * rather than 500: the main thread holds fewer rows and Bolt buffers at once (2.95M world, quiet:
   * peak RSS 1,953 against 2,039 MiB, one run each, same stored run).
   */
  networkBatch: 100,
};

export const DEFAULTS: Omit<AnalyseOptions, 'progress' | 'onNetworks'> = {
  identities: {},
  projection: {},
  communities: {},
  infrastructure: {},
  links: {},
  control: {},
  attachStandIns: true,
  contacts: {},
  indicators: {},
  risk: {},
  stability: {},
  minNetworkSize: 3,
  keyActors: 5,
  maxEdgesPerNetwork: 2000,
};

export type MemberRole = 'victim' | 'suspect' | 'witness' | 'other' | 'implicated' | 'exposed' | 'member';

export interface NetworkMember {
  node: string;
  label: string;
  name?: string;
  role: MemberRole;
  recordedRoles: string[];
  pagerank: number;
  betweenness: number;
  /** Points from indicator matches naming the member as beneficiary (risk.ts). */
  offenderScore: number;
  /** Directed control over other members without any pattern (control-rank.ts): documents, travel, calls... */
  controlScore: number;
  control: ControlEvidence['counts'];
  /** 1-based rank among non-victim members with offender or control points (by their sum). */
  offenderRank?: number;
  /** When the member is an identity of several records: `identity:<node>` and every record, sorted. */
  identity?: string;
  records?: string[];
}

export interface NetworkEdge {
  source: string;
  target: string;
  weight: number;
  kinds: Partial<Record<LinkKind, number>>;
}

/** Another network of the run that shares nodes with this one (linked.ts). */
export interface NetworkLink {
  /** Stable id of the other network. */
  network: string;
  rank: number;
  shared: SharedNode[];
}

export interface DetectedNetwork {
  /** Stable id (kept from the previous run when membership barely changed). */
  id: string;
  /** Key within this run (`c3`, `c3.2`). */
  key: string;
  parent?: string;
  level: number;
  size: number;
  risk: number;
  /** 1-based position in the ranking: units by risk, the pieces of one unit together. */
  rank: number;
  /**
   * The unit it is ranked in (the key of the unit's best piece): pieces of one parent split for size
   * that a control indicator ties together are one unit (rankUnits); any other network is its own.
   */
  unit: string;
  unitRank: number;
  unitRisk: number;
  /** Networks that share nodes with this one (a recruiter, a payer...), most shared first. */
  linkedNetworks: NetworkLink[];
  categories: string[];
  linksCategories: boolean;
  members: NetworkMember[];
  keyActors: string[];
  offenders: string[];
  victims: string[];
  possiblyExploited: string[];
  edges: NetworkEdge[];
  bridges: Bridge[];
  summary: NetworkSummary;
  explanation: RiskExplanation;
  /** Ids of the indicator matches attributed to this network. */
  matches: string[];
  /** Jaccard with the previous run's network whose id it kept. */
  previousJaccard?: number;
}

export interface AnalysisResult {
  networks: DetectedNetwork[];
  matches: IndicatorMatch[];
  parents: ParentCommunity[];
  /** Nodes at which communities were cut into rings, and the cuts. */
  infrastructure: InfrastructureNode[];
  cuts: Array<{ community: string; rings: string[] }>;
  /** Unheld phones/accounts moved from communities without any person to the people they deal with. */
  standIns: StandInMove[];
  /** One-off contacts (a client's number, a scam victim's account) taken out of the networks. */
  contacts: OneOffContact[];
  hubs: HubDecision[];
  modularity: number;
  finalModularity: number;
  louvainRuns: Array<{ seed: number; modularity: number }>;
  changes: NetworkChanges;
  counts: {
    heterogeneousNodes: number;
    heterogeneousEdges: number;
    entityNodes: number;
    entityEdges: number;
    communities: number;
    networks: number;
    matches: number;
    linkingNetworks: number;
    oneOffContacts: number;
  };
  links: Partial<Record<LinkKind, number>>;
  /** What identities did: joins used, proposals blocked by a rejection, records folded. */
  identities: IdentityMerge['stats'] & { identities: number };
  timings: Record<string, number>;
  indicatorTimings: Record<string, number>;
}

function roleOf(recorded: string[], risk: NetworkRisk['members'][number]): MemberRole {
  if (recorded.includes('victim')) return 'victim';
  // Non-punishment (Directive 2011/36/EU art. 8): a suspect whom the evidence shows exploited —
  // controlled by others, or only ever exposed by patterns — is shown as possibly exploited; the
  // recorded role stays in recordedRoles for the investigator to weigh.
  if (recorded.includes('suspect') && (risk.controlled || (risk.exposed && risk.offenderScore === 0)))
    return 'exposed';
  for (const role of ['suspect', 'witness', 'other'] as const) if (recorded.includes(role)) return role;
  if (risk.offenderScore > 0) return 'implicated';
  if (risk.exposed) return 'exposed';
  return 'member';
}

export function analyse(
  recordGraph: HGraph,
  input: Partial<AnalyseOptions> = {},
  previous: readonly PreviousNetwork[] = [],
): AnalysisResult {
  const { progress, onNetworks, ...rest } = input;
  const options = resolveParams('analyse/pipeline', DEFAULTS, rest);
  const timings: Record<string, number> = {};
  const time = <T>(phase: string, work: () => T): T => {
    progress?.({ phase });
    const started = performance.now();
    const result = work();
    timings[phase] = Math.round(performance.now() - started);
    return result;
  };

  // Everything below reads the graph of identities: one node per person or organisation.
  const merge = time('identities', () => mergeIdentities(recordGraph, options.identities));
  const graph = merge.graph;
  const projection = time('project', () => project(graph, options.projection));
  const communities = time('communities', () => detectCommunities(projection.compact, options.communities));
  const { seed, resolution } = resolveCommunityOptions(options.communities);
  const separation = time('infrastructure', () =>
    separateInfrastructure(projection.compact, communities.communities, {
      ...options.infrastructure,
      seed,
      resolution,
    }),
  );
  const standIns = time('stand-ins', () =>
    options.attachStandIns
      ? attachStandIns(
          projection.compact,
          projection.nodes.map((n) => n.label),
          separation.communities,
        )
      : { communities: separation.communities, moves: [] },
  );
  const contacts = time('contacts', () => separateContacts(graph, standIns.communities, options.contacts));
  const found = contacts.communities;
  const indicatorRun = time('indicators', () => runIndicators(graph, options.indicators));

  const kept = found.filter((c) => c.members.length >= options.minNetworkSize);
  const networkOf = new Map<string, string>();
  for (const c of found) for (const m of c.members) networkOf.set(m, c.key);
  // Ring key -> the community it was cut from.
  const cutFrom = new Map(separation.cuts.flatMap((c) => c.rings.map((r) => [r, c.community] as const)));

  // Index matches by actor so each network only looks at matches that touch it.
  const matchesByActor = new Map<string, IndicatorMatch[]>();
  for (const match of indicatorRun.matches) {
    for (const actor of match.actors) {
      const list = matchesByActor.get(actor) ?? [];
      list.push(match);
      matchesByActor.set(actor, list);
    }
  }

  const stability = time('stability', () =>
    matchNetworks(
      previous,
      kept.map((c) => ({ key: c.key, members: c.members })),
      options.stability,
    ),
  );

  let batch: DetectedNetwork[] = [];
  const handOver = () => {
    if (batch.length > 0) onNetworks?.(batch);
    batch = [];
  };
  const networks = time('networks', () =>
    kept.map((community, index) => {
      if (index % 100 === 0) progress?.({ phase: 'networks', done: index, of: kept.length });
      const touching = new Map<string, IndicatorMatch>();
      for (const member of community.members) {
        for (const match of matchesByActor.get(member) ?? []) touching.set(match.id, match);
      }
      const risk = scoreNetwork(
        graph,
        community.members,
        [...touching.values()],
        INDICATORS_BY_ID,
        options.risk,
      );
      const central = centralities(projection, community.members);
      const riskByNode = new Map(risk.members.map((m) => [m.node, m]));
      const control = controlEvidence(graph, community.members, options.control);
      // Offenders: indicator points and directed control together. Recorded victims never; nor do
      // directed ties alone make an offender of someone a pattern shows as exploited (exposed, no
      // beneficiary points): the account benefits are paid into may be a victim's, run by others.
      // Nor does anyone others control (risk.ts: their documents, travel, benefit or money go to
      // someone else): what they do for the network is done under control.
      const exploited = (node: string): boolean => {
        const r = riskByNode.get(node)!;
        return r.recordedVictim || r.controlled || r.minor || (r.exposed && r.offenderScore === 0);
      };
      const controlOf = (node: string): number => (exploited(node) ? 0 : (control.get(node)?.score ?? 0));
      const keyScore = (node: string): number => {
        const r = riskByNode.get(node)!;
        return r.recordedVictim || r.minor ? 0 : r.offenderScore + controlOf(node);
      };
      const offenders = community.members
        .filter((node) => keyScore(node) > 0)
        .sort((a, b) => keyScore(b) - keyScore(a) || (a < b ? -1 : 1));
      const offenderRank = new Map(offenders.map((node, i) => [node, i + 1]));
      const members: NetworkMember[] = community.members.map((node) => {
        const attributes = graph.hasNode(node) ? graph.getNodeAttributes(node) : undefined;
        const recorded: string[] = [];
        if (attributes) {
          graph.forEachOutEdgeRef(node, (ref) => {
            if (ref.type === 'INVOLVED_IN') recorded.push(storedCaseRole(ref.attribute('role')));
          });
        }
        const memberRisk = riskByNode.get(node)!;
        const c = central.get(node) ?? { pagerank: 0, betweenness: 0 };
        const member: NetworkMember = {
          node,
          label: attributes?.label ?? 'unknown',
          role: roleOf(recorded, memberRisk),
          recordedRoles: [...new Set(recorded)].sort(),
          pagerank: c.pagerank,
          betweenness: c.betweenness,
          offenderScore: memberRisk.offenderScore,
          controlScore: controlOf(node),
          control: controlOf(node) > 0 ? (control.get(node)?.counts ?? {}) : {},
        };
        const name = attributes?.name;
        if (typeof name === 'string') member.name = name;
        const records = merge.identities.get(node);
        if (records) {
          member.identity = String(attributes?.identity);
          member.records = records;
        }
        const rank = offenderRank.get(node);
        if (rank !== undefined) member.offenderRank = rank;
        return member;
      });
      const memberSet = new Set(community.members);
      const edges: NetworkEdge[] = [];
      for (const node of community.members) {
        forEachLink(projection, node, ({ source, target, weight, kinds }) => {
          if (source === node && memberSet.has(target)) edges.push({ source, target, weight, kinds });
        });
      }
      edges.sort((a, b) => b.weight - a.weight || (a.source + a.target < b.source + b.target ? -1 : 1));
      // Key actors: evidence first (offender and control points), then centrality. Never victims
      // or the exploited (controlled, or only ever exposed): a network with little evidence lists
      // fewer key actors rather than its victims as its most central ones.
      // Nor, without evidence of their own, a name known only as a number (actors-of.ts): the
      // contacts of a seized handset are central in its calls, whoever they are; nor a record that
      // may be one human with a controlled record or a recorded victim (control.ts mayBeExploited).
      const keyActors = members
        .filter(
          (m) =>
            !exploited(m.node) &&
            (keyScore(m.node) > 0 || (!knownOnlyByPhone(graph, m.node) && !mayBeExploited(graph, m.node))),
        )
        .sort(
          (a, b) =>
            keyScore(b.node) - keyScore(a.node) ||
            b.pagerank - a.pagerank ||
            b.betweenness - a.betweenness ||
            (a.node < b.node ? -1 : 1),
        )
        .slice(0, options.keyActors)
        .map((m) => m.node);
      const network: DetectedNetwork = {
        id: stability.ids.get(community.key)!,
        key: community.key,
        level: community.level,
        size: community.members.length,
        risk: risk.explanation.score,
        rank: 0,
        unit: community.key,
        unitRank: 0,
        unitRisk: 0,
        linkedNetworks: [],
        categories: risk.explanation.categories,
        linksCategories: risk.explanation.linksCategories,
        members,
        keyActors,
        offenders,
        victims: risk.victims,
        possiblyExploited: risk.possiblyExploited,
        edges: edges.slice(0, options.maxEdgesPerNetwork),
        bridges: bridges(projection, community.members, networkOf, community.key),
        summary: summarise(graph, community.members),
        explanation: risk.explanation,
        matches: risk.explanation.contributions.map((c) => c.match),
      };
      if (community.parent) network.parent = community.parent;
      const j = stability.jaccard.get(community.key);
      if (j !== undefined) network.previousJaccard = j;
      if (onNetworks) {
        batch.push(network);
        if (batch.length >= STREAM_DEFAULTS.networkBatch || index === kept.length - 1) handOver();
      }
      return network;
    }),
  );
  time('ranking', () =>
    rankUnits(graph, networks, matchesByActor, options, {
      cutFrom,
      connectors: new Set(separation.infrastructure.map((i) => i.node)),
    }),
  );
  time('links', () => {
    const reported = new Map<string, string>();
    for (const n of networks) for (const m of n.members) reported.set(m.node, n.key);
    const byKey = new Map(networks.map((n) => [n.key, n]));
    const linked = linkNetworks(
      projection,
      reported,
      new Set(separation.infrastructure.map((i) => i.node)),
      options.links,
    );
    for (const network of networks) {
      network.linkedNetworks = (linked.get(network.key) ?? []).map((l) => ({
        network: byKey.get(l.network)!.id,
        rank: byKey.get(l.network)!.rank,
        shared: l.shared.map((shared) => {
          const memberOf = shared.memberOf === undefined ? undefined : byKey.get(shared.memberOf)?.id;
          const { memberOf: _key, ...rest } = shared;
          return memberOf === undefined ? rest : { ...rest, memberOf };
        }),
      }));
    }
  });

  return {
    networks,
    matches: indicatorRun.matches,
    parents: communities.parents,
    infrastructure: separation.infrastructure,
    cuts: separation.cuts,
    standIns: standIns.moves,
    contacts: contacts.contacts,
    hubs: projection.hubs,
    modularity: communities.modularity,
    finalModularity: communities.finalModularity,
    louvainRuns: communities.runs,
    changes: stability.changes,
    counts: {
      heterogeneousNodes: recordGraph.order,
      heterogeneousEdges: recordGraph.size,
      entityNodes: projection.compact.ids.length,
      entityEdges: projection.compact.edgeU.length,
      communities: found.length,
      networks: networks.length,
      matches: indicatorRun.matches.length,
      linkingNetworks: networks.filter((n) => n.linksCategories).length,
      oneOffContacts: contacts.contacts.length,
    },
    links: projection.links,
    identities: { ...merge.stats, identities: merge.identities.size },
    timings: { ...timings, louvain: Math.round(communities.louvainMs) },
    indicatorTimings: indicatorRun.timings,
  };
}

/**
 * Ranks networks by unit. The pieces a parent was split into for size are one unit when a control
 * indicator's match has actors in several of them (the controllers' piece and their victims' piece);
 * the unit's risk is those pieces scored as one network, or its best piece if that is higher. Every
 * other network is its own unit. Units by risk, then size; the pieces of a unit follow each other by
 * risk. `rank` is the position in that order, `unitRank` the unit's. `unit` is the key of the unit's
 * best piece.
 */
export function rankUnits(
  graph: HGraph,
  networks: DetectedNetwork[],
  matchesByActor: ReadonlyMap<string, IndicatorMatch[]>,
  options: Omit<AnalyseOptions, 'progress'>,
  cuts: { cutFrom: ReadonlyMap<string, string>; connectors: ReadonlySet<string> },
): void {
  const { cutFrom, connectors } = cuts;
  const matchById = new Map<string, IndicatorMatch>();
  for (const list of matchesByActor.values()) for (const m of list) matchById.set(m.id, m);
  const networkOf = new Map<string, DetectedNetwork>();
  for (const n of networks) for (const m of n.members) networkOf.set(m.node, n);
  const root = new Map(networks.map((n) => [n.key, n.key]));
  const find = (key: string): string => {
    let r = key;
    while (root.get(r) !== r) r = root.get(r)!;
    root.set(key, r);
    return r;
  };
  const isPiece = (n: DetectedNetwork) => n.parent !== undefined && !cutFrom.has(n.key);
  const tie = (x: DetectedNetwork, y: DetectedNetwork): void => {
    const a = find(x.key);
    const b = find(y.key);
    // Strings: the later key points at the earlier one (one root per unit, whatever the order).
    if (a < b) root.set(b, a);
    else if (b < a) root.set(a, b);
  };
  for (const network of networks) {
    const ring = cutFrom.get(network.key);
    if (!isPiece(network) && ring === undefined) continue;
    for (const contribution of network.explanation.contributions) {
      if (INDICATORS_BY_ID.get(contribution.indicator)?.kind !== 'control') continue;
      const match = matchById.get(contribution.match);
      if (!match) continue;
      if (ring === undefined) {
        for (const actor of match.actors) {
          const other = networkOf.get(actor);
          if (other && other !== network && isPiece(other) && other.parent === network.parent)
            tie(network, other);
        }
        continue;
      }
      // Rings cut from one community are one operation again when one beneficiary who is not
      // shared infrastructure controls people in both: a mule chain whose first-layer mules (and
      // the strangers who paid them) were cut from the rest, the collector named by the layering
      // of both. Rings that share a transport payer or a recruiter stay apart: those are connectors.
      // All of them on this side: beneficiaries on both sides (a ring's boss and a chain's
      // collector both paid by the chain's mules) say nothing of who runs whom.
      const beneficiaries = match.beneficiaries.filter((b) => !connectors.has(b));
      if (beneficiaries.length === 0 || beneficiaries.some((b) => networkOf.get(b) !== network)) continue;
      for (const exposed of match.exposed) {
        const other = networkOf.get(exposed);
        if (other && other !== network && cutFrom.get(other.key) === ring) tie(network, other);
      }
    }
  }
  tieNamesakeControllers(graph, networks, matchById, networkOf, isPiece, tie);
  const units = new Map<string, DetectedNetwork[]>();
  for (const network of networks) {
    const r = find(network.key);
    const list = units.get(r) ?? [];
    list.push(network);
    units.set(r, list);
  }
  const byPiece = (a: DetectedNetwork, b: DetectedNetwork) =>
    b.risk - a.risk || b.size - a.size || (a.id < b.id ? -1 : 1);
  const scored = [...units.values()].map((pieces) => {
    pieces.sort(byPiece);
    let risk = pieces[0]!.risk;
    let size = pieces[0]!.size;
    if (pieces.length > 1) {
      const members = pieces.flatMap((p) => p.members.map((m) => m.node));
      const touching = new Map<string, IndicatorMatch>();
      for (const member of members) for (const m of matchesByActor.get(member) ?? []) touching.set(m.id, m);
      const whole = scoreNetwork(graph, members, [...touching.values()], INDICATORS_BY_ID, options.risk);
      risk = Math.max(risk, whole.explanation.score);
      size = members.length;
    }
    return { pieces, risk, size, first: pieces[0]!.id };
  });
  scored.sort((a, b) => b.risk - a.risk || b.size - a.size || (a.first < b.first ? -1 : 1));
  let rank = 0;
  scored.forEach((unit, index) => {
    for (const network of unit.pieces) {
      network.rank = ++rank;
      network.unitRank = index + 1;
      network.unitRisk = unit.risk;
      network.unit = unit.pieces[0]!.key;
    }
  });
  networks.sort((a, b) => a.rank - b.rank);
}

/**
 * Pieces of one parent split for size are one unit when a control match in each names, as its
 * beneficiary, records that may be one human (hgraph.ts mayBeSameName: the same name folded): one
 * controller whose records nobody joined. A travel agent records the payer of every booking anew;
 * on the demo world the pimp who paid fourteen group journeys was fourteen "Nikolai Angelov"
 * records, two of them in a piece of their own with the victims they flew in, and his ring took two
 * of the top nine places. Pieces whose controllers have other names stay apart.
 */
function tieNamesakeControllers(
  graph: HGraph,
  networks: readonly DetectedNetwork[],
  matchById: ReadonlyMap<string, IndicatorMatch>,
  networkOf: ReadonlyMap<string, DetectedNetwork>,
  isPiece: (n: DetectedNetwork) => boolean,
  tie: (x: DetectedNetwork, y: DetectedNetwork) => void,
): void {
  const byParent = new Map<string, Map<string, DetectedNetwork>>();
  for (const network of networks) {
    if (!isPiece(network)) continue;
    for (const contribution of network.explanation.contributions) {
      if (INDICATORS_BY_ID.get(contribution.indicator)?.kind !== 'control') continue;
      for (const b of matchById.get(contribution.match)?.beneficiaries ?? []) {
        if (networkOf.get(b) !== network || labelOf(graph, b) !== 'Person') continue;
        const named = byParent.get(network.parent!) ?? new Map<string, DetectedNetwork>();
        named.set(b, network);
        byParent.set(network.parent!, named);
      }
    }
  }
  for (const named of byParent.values()) {
    const list = [...named].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const [a, x] = list[i]!;
        const [b, y] = list[j]!;
        if (x !== y && mayBeSameName(graph, a, b)) tie(x, y);
      }
  }
}
