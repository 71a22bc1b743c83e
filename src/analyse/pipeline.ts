/**
 * The whole analysis over an in-memory heterogeneous graph, without any I/O: projection →
 * communities → indicators → per-network actors, summary and explained risk → stable ids against
 * the previous run. jobs/detect.ts feeds it from Neo4j and stores what it returns; tests and the
 * benchmark call it directly.
 */

import { storedCaseRole } from '../model/roles.ts';
import type { Bridge } from './actors.ts';
import { bridges, centralities, forEachLink } from './actors.ts';
import { type CommunityOptions, detectCommunities, type ParentCommunity } from './communities.ts';
import { resolveParams } from './hgraph.ts';
import { type IdentityMerge, type IdentityOptions, mergeIdentities } from './identities.ts';
import { INDICATORS_BY_ID, type RunIndicatorsOptions, runIndicators } from './indicators/index.ts';
import { type HubDecision, type ProjectOptionsInput, project } from './project.ts';
import { type NetworkRisk, type RiskExplanation, type RiskOptions, scoreNetwork } from './risk.ts';
import {
  matchNetworks,
  type NetworkChanges,
  type PreviousNetwork,
  type StabilityOptions,
} from './stability.ts';
import { type NetworkSummary, summarise } from './summary.ts';
import type { HGraph, IndicatorMatch, LinkKind } from './types.ts';

export interface AnalyseOptions {
  /** Records joined by SAME_AS (and, on request, strong proposals) are one actor (identities.ts). */
  identities: Partial<IdentityOptions>;
  projection: ProjectOptionsInput;
  communities: Partial<CommunityOptions>;
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
}

export const DEFAULTS: Omit<AnalyseOptions, 'progress'> = {
  identities: {},
  projection: {},
  communities: {},
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
  offenderScore: number;
  /** 1-based rank among non-victim members with offender points. */
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

export interface DetectedNetwork {
  /** Stable id (kept from the previous run when membership barely changed). */
  id: string;
  /** Key within this run (`c3`, `c3.2`). */
  key: string;
  parent?: string;
  level: number;
  size: number;
  risk: number;
  /** 1-based position by risk. */
  rank: number;
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
  };
  links: Partial<Record<LinkKind, number>>;
  /** What identities did: joins used, proposals blocked by a rejection, records folded. */
  identities: IdentityMerge['stats'] & { identities: number };
  timings: Record<string, number>;
  indicatorTimings: Record<string, number>;
}

function roleOf(recorded: string[], risk: NetworkRisk['members'][number]): MemberRole {
  for (const role of ['victim', 'suspect', 'witness', 'other'] as const)
    if (recorded.includes(role)) return role;
  if (risk.offenderScore > 0) return 'implicated';
  if (risk.exposed) return 'exposed';
  return 'member';
}

export function analyse(
  recordGraph: HGraph,
  input: Partial<AnalyseOptions> = {},
  previous: readonly PreviousNetwork[] = [],
): AnalysisResult {
  const { progress, ...rest } = input;
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
  const indicatorRun = time('indicators', () => runIndicators(graph, options.indicators));

  const kept = communities.communities.filter((c) => c.members.length >= options.minNetworkSize);
  const networkOf = new Map<string, string>();
  for (const c of communities.communities) for (const m of c.members) networkOf.set(m, c.key);

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
      const offenderRank = new Map(risk.offenders.map((node, i) => [node, i + 1]));
      const members: NetworkMember[] = community.members.map((node) => {
        const attributes = graph.hasNode(node) ? graph.getNodeAttributes(node) : undefined;
        const recorded: string[] = [];
        if (attributes) {
          graph.forEachOutEdge(node, (_e, edge) => {
            if (edge.type === 'INVOLVED_IN') recorded.push(storedCaseRole(edge.role));
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
      const keyActors = [...members]
        .sort(
          (a, b) => b.pagerank - a.pagerank || b.betweenness - a.betweenness || (a.node < b.node ? -1 : 1),
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
        categories: risk.explanation.categories,
        linksCategories: risk.explanation.linksCategories,
        members,
        keyActors,
        offenders: risk.offenders,
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
      return network;
    }),
  );
  networks.sort((a, b) => b.risk - a.risk || b.size - a.size || (a.id < b.id ? -1 : 1));
  networks.forEach((network, index) => {
    network.rank = index + 1;
  });

  return {
    networks,
    matches: indicatorRun.matches,
    parents: communities.parents,
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
      communities: communities.communities.length,
      networks: networks.length,
      matches: indicatorRun.matches.length,
      linkingNetworks: networks.filter((n) => n.linksCategories).length,
    },
    links: projection.links,
    identities: { ...merge.stats, identities: merge.identities.size },
    timings: { ...timings, louvain: Math.round(communities.louvainMs) },
    indicatorTimings: indicatorRun.timings,
  };
}
