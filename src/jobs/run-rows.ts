/**
 * A run's analysis as the store writes it (store/write-analysis.ts RunResults), and what the run's
 * summary needs of the rest. Built where the analysis ran: in the worker, the rows — mostly JSON
 * strings — cross to the main thread instead of the result's object graph, so the main thread,
 * which only writes them, never holds the result and the rows together (issue 16: ~1.1 GB of its
 * heap at the write on the 2.95M-relationship world).
 */
import type { AnalysisResult } from '../analyse/pipeline.ts';
import { matchToStored } from '../model/analysis-contract.ts';
import type { MatchedRow, MemberRow, NetworkRow, RunResults } from '../store/write-analysis.ts';

/** The result without its networks and matches (they are in the rows) but the `top` networks. */
export type ResultSummary = Omit<AnalysisResult, 'networks' | 'matches'> & {
  top: AnalysisResult['networks'];
};

export function summariseResult(result: AnalysisResult, top: number): ResultSummary {
  const { networks, matches: _matches, ...rest } = result;
  return { ...rest, top: networks.slice(0, top) };
}

export function toRows(runId: string, result: AnalysisResult): RunResults {
  const networkId = (stableId: string) => `${runId}/${stableId}`;
  const networks: NetworkRow[] = result.networks.map((n) => ({
    id: networkId(n.id),
    stableId: n.id,
    key: n.key,
    parent: n.parent ?? null,
    level: n.level,
    size: n.size,
    risk: n.risk,
    rank: n.rank,
    unit: n.unit,
    unitRank: n.unitRank,
    unitRisk: n.unitRisk,
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
    linkedJson: JSON.stringify(
      n.linkedNetworks.map((l) => ({
        ...l,
        network: networkId(l.network),
        shared: l.shared.map((s) => (s.memberOf ? { ...s, memberOf: networkId(s.memberOf) } : s)),
      })),
    ),
  }));
  // An identity is one member of the analysis and one membership per record in the store, so the
  // member list names every record of it (each with the identity's role and scores).
  const members: MemberRow[] = result.networks.flatMap((n) =>
    n.members.flatMap((m) =>
      (m.records ?? [m.node]).map((node) => ({
        network: networkId(n.id),
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
      })),
    ),
  );
  const matched: MatchedRow[] = result.networks.flatMap((n) =>
    n.explanation.contributions.map((c) => ({
      network: networkId(n.id),
      match: c.match,
      points: c.points,
      share: c.share,
    })),
  );
  const attributed = new Set(matched.map((m) => m.match));
  const matches = result.matches.map((m) => matchToStored(m, attributed.has(m.id)));
  return { networks, members, matches, matched };
}
