/**
 * A run's analysis as the store writes it (store/write-analysis.ts RunResults), and what the run's
 * summary needs of the rest. Made on the main thread once the worker is gone, consuming the
 * result (issue 16: the main thread held the result and the rows whole, 1.04 GB of its heap at the
 * write on the 2.95M-relationship world). Made in the worker instead, the rows raised the run's
 * peak RSS (4.1 against 3.7–4.0 GB): the worker was still at its largest heap when it built them.
 */
import type { AnalysisResult, DetectedNetwork } from '../analyse/pipeline.ts';
import type { IndicatorMatch } from '../analyse/types.ts';
import { matchToStored } from '../model/analysis-contract.ts';
import type {
  EarlyNetworkRow,
  LateNetworkFields,
  MatchedRow,
  MatchRow,
  MemberRow,
  NetworkRow,
  RunResults,
} from '../store/write-analysis.ts';
import type { LateNetwork, NetworkList } from './packed-result.ts';

/**
 * The result as the rows read it: its networks an array (in-process) or the worker's packed
 * networks, decoded one at a time (jobs/packed-result.ts).
 */
export type ListedResult = Omit<AnalysisResult, 'networks'> & { networks: NetworkList };

/** The result without its networks and matches (they are in the rows) but the `top` networks. */
export type ResultSummary = Omit<AnalysisResult, 'networks' | 'matches'> & {
  top: AnalysisResult['networks'];
};

export function summariseResult(result: ListedResult, top: number): ResultSummary {
  const { networks, matches: _matches, ...rest } = result;
  const first: AnalysisResult['networks'] = [];
  for (let i = 0; i < Math.min(top, networks.length); i++) first.push(networks.at(i)!);
  return { ...rest, top: first };
}

/**
 * The rows of run `runId`, one pass over the networks. `consume`: each network is let go of (its
 * slot in `result.networks` emptied, the array left empty) once its rows are made, so a big run's
 * members, summaries and edges are not held twice while the rows are built (the worker's end of
 * the analysis is the run's highest memory); take the summary (summariseResult) first. Packed
 * networks (the worker's) are decoded one at a time and let go of with the result.
 */
export function toRows(runId: string, result: ListedResult, options: { consume?: boolean } = {}): RunResults {
  const all = result.networks;
  if (options.consume) result.networks = [];
  const networks: NetworkRow[] = [];
  const members: MemberRow[] = [];
  const matched: MatchedRow[] = [];
  for (let i = 0; i < all.length; i++) {
    const n = all.at(i)!;
    networks.push({ ...earlyNetworkRow(runId, n), ...lateNetworkFields(runId, n) });
    pushNetworkRows(runId, n, members, matched);
    // An array's slot is emptied; a packed network was decoded for this pass only.
    if (options.consume && Array.isArray(all)) all[i] = undefined;
  }
  return { networks, members, matches: storedMatches(result.matches, matched), matched };
}

/** The matches as stored: `attributed` when a network's risk counts them (a MATCHED row names them). */
export function storedMatches(
  matches: readonly IndicatorMatch[],
  matched: readonly MatchedRow[],
): MatchRow[] {
  const attributed = new Set(matched.map((m) => m.match));
  return matches.map((m) => matchToStored(m, attributed.has(m.id)));
}

const networkId = (runId: string, stableId: string) => `${runId}/${stableId}`;

/** A network's row but the fields ranking and links set once every network is found. */
export function earlyNetworkRow(runId: string, n: DetectedNetwork): EarlyNetworkRow {
  return {
    id: networkId(runId, n.id),
    stableId: n.id,
    key: n.key,
    parent: n.parent ?? null,
    level: n.level,
    size: n.size,
    risk: n.risk,
    categories: n.categories,
    linksCategories: n.linksCategories,
    keyActors: n.keyActors,
    offenders: n.offenders,
    victims: n.victims,
    possiblyExploited: n.possiblyExploited,
    previousJaccard: n.previousJaccard ?? null,
    summaryJson: JSON.stringify(n.summary),
    explanationJson: JSON.stringify(n.explanation),
    edgesJson: JSON.stringify(n.edges),
    bridgesJson: JSON.stringify(n.bridges),
  };
}

/** The fields ranking (rank, unit...) and links (linkedJson) set, with the network's id. */
export function lateNetworkFields(runId: string, n: LateNetwork): LateNetworkFields {
  return {
    id: networkId(runId, n.id),
    rank: n.rank,
    unit: n.unit,
    unitRank: n.unitRank,
    unitRisk: n.unitRisk,
    linkedJson: JSON.stringify(
      n.linkedNetworks.map((l) => ({
        ...l,
        network: networkId(runId, l.network),
        shared: l.shared.map((s) => (s.memberOf ? { ...s, memberOf: networkId(runId, s.memberOf) } : s)),
      })),
    ),
  };
}

/** A network's membership rows and its links to the matches its risk counts (known once it is found). */
export function pushNetworkRows(
  runId: string,
  n: DetectedNetwork,
  members: MemberRow[],
  matched: MatchedRow[],
): void {
  const network = networkId(runId, n.id);
  // An identity is one member of the analysis and one membership per record in the store, so the
  // member list names every record of it (each with the identity's role and scores).
  for (const m of n.members) {
    for (const node of m.records ?? [m.node]) {
      members.push({
        network,
        node,
        identity: m.identity ?? null,
        label: m.label,
        role: m.role,
        recordedRoles: m.recordedRoles,
        centrality: m.pagerank,
        pagerank: m.pagerank,
        betweenness: m.betweenness,
        offenderScore: m.offenderScore,
        controlScore: m.controlScore,
        controlJson: JSON.stringify(m.control),
        offenderRank: m.offenderRank ?? null,
      });
    }
  }
  for (const c of n.explanation.contributions) {
    matched.push({ network, match: c.match, points: c.points, share: c.share });
  }
}
