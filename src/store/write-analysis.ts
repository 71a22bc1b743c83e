/**
 * Stores detection runs: (AnalysisRun)-[:FOUND]->(Network)-[:HAS_MEMBER {role, ...}]->(entity) and
 * (Network)-[:MATCHED {points, share}]->(IndicatorMatch) with the evidence ids on the match, so a
 * network's score can be explained later without re-running. Writes are batched UNWINDs.
 *
 * A run is created with status 'running' before anything else is written and set to 'completed'
 * only after the last batch; a failure sets 'failed'. A process killed part-way leaves 'running' with
 * an old heartbeat, which `abandonStaleRuns` turns into 'failed': a run never looks complete unless
 * it is. Readers list the networks of completed runs.
 *
 * Property values Neo4j cannot hold (maps, nested lists) are stored as JSON strings (`*Json`).
 */
import { ANALYSIS_CONTRACT_VERSION, type StoredMatch } from '../model/analysis-contract.ts';
import { groupBy } from '../model/group.ts';
import { type EntityLabel, isEntityLabel } from '../model/labels.ts';
import { cypher } from './cypher.ts';
import { recordJurisdictions } from './read/record-scope.ts';
import { executeWrite, writeTx } from './run.ts';
import { abandonStaleRunNodes, batches, failRunNode, runHeartbeat } from './run-node.ts';

export const WRITE_ANALYSIS_DEFAULTS = {
  /** Rows (networks + members + match links, or matches) per write transaction. */
  pageRows: 5_000,
  /** A running run whose heartbeat is older than this is treated as interrupted. */
  staleAfterMs: 10 * 60_000,
};

export type RunStatus = 'running' | 'completed' | 'failed';

export interface RunStart {
  id: string;
  seed: number;
  params: unknown;
  /**
   * The run's scope: the jurisdictions it reads (stored sorted), or null / ['*'] for all data.
   * Readers show the run only to viewers whose scope covers it (store/read/analysis.ts).
   */
  jurisdictions: readonly string[] | null;
}

/** A network's own fields, as stored on its node and read back (src/store/read/analysis.ts). */
export interface NetworkFields {
  id: string;
  stableId: string;
  key: string;
  parent: string | null;
  level: number;
  size: number;
  risk: number;
  rank: number;
  /** The unit it is ranked in (the parent it was split from for size, else its own key) and its rank. */
  unit: string | null;
  unitRank: number | null;
  unitRisk: number | null;
  categories: string[];
  linksCategories: boolean;
  keyActors: string[];
  offenders: string[];
  victims: string[];
  possiblyExploited: string[];
  previousJaccard: number | null;
}

export interface NetworkRow extends NetworkFields {
  summaryJson: string;
  explanationJson: string;
  edgesJson: string;
  bridgesJson: string;
  /** Networks sharing nodes with this one (analyse/linked.ts), as the analysis returned them. */
  linkedJson: string;
}

/** A membership's fields, as stored on HAS_MEMBER and read back. */
export interface MemberFields {
  label: string;
  role: string;
  recordedRoles: string[];
  centrality: number;
  pagerank: number;
  betweenness: number;
  offenderScore: number;
  /** Directed control over other members without a pattern (analyse/control-rank.ts). */
  controlScore: number;
  offenderRank: number | null;
  /** `identity:<first record>` when the member is one record of an identity of several (issue #13). */
  identity: string | null;
}

export interface MemberRow extends MemberFields {
  network: string;
  node: string;
  /** Distinct members controlled per kind (documents, travel, benefits, calls, addresses). */
  controlJson: string;
}

/** A match as written to its :IndicatorMatch node: the stored-result contract's shape (model/). */
export type MatchRow = StoredMatch;

export interface MatchedRow {
  network: string;
  match: string;
  points: number;
  share: number;
}

export interface RunCompletion {
  modularity: number;
  finalModularity: number;
  previousRunId: string | null;
  timingsJson: string;
  countsJson: string;
  changesJson: string;
  hubsJson: string;
  parentsJson: string;
  /** Where community detection ran and why (jobs/engine.ts), with GDS's own figures when it ran there. */
  engineJson: string;
}

export async function createRun(run: RunStart): Promise<void> {
  await executeWrite(
    `CREATE (r:AnalysisRun {id: $id, status: 'running', seed: $seed, paramsJson: $params,
       contractVersion: $contractVersion,
       jurisdictions: $jurisdictions, startedAt: toString(datetime()), heartbeatAt: toString(datetime()),
       phase: 'starting'})`,
    {
      id: run.id,
      seed: run.seed,
      params: JSON.stringify(run.params ?? {}),
      contractVersion: ANALYSIS_CONTRACT_VERSION,
      jurisdictions: recordJurisdictions(run.jurisdictions),
    },
  );
}

export async function heartbeat(runId: string, phase: string, progress: number | null = null): Promise<void> {
  await runHeartbeat('analysis', runId, phase, progress);
}

/** A run's results as written: networks, their members and indicator links, and the matches. */
export interface RunResults {
  networks: readonly NetworkRow[];
  members: readonly MemberRow[];
  matches: readonly MatchRow[];
  matched: readonly MatchedRow[];
}

const NETWORKS = `MATCH (r:AnalysisRun {id: $runId})
UNWIND $rows AS row
CREATE (n:Network {id: row.id})
SET n += row, n.runId = $runId
CREATE (r)-[:FOUND]->(n)`;

/**
 * Members grouped by label (the label must be an entity label: it is written into the MATCH so it
 * uses the id index). Groups grow in place: copying a group per row made 100k members quadratic.
 */
export function membersByLabel(rows: readonly MemberRow[]): Map<EntityLabel, MemberRow[]> {
  return groupBy(rows, (row) => {
    if (!isEntityLabel(row.label)) {
      throw new Error(
        `store/write-analysis: member ${row.node} has label "${row.label}", not an entity label`,
      );
    }
    return row.label;
  });
}

const MEMBERS = `UNWIND $rows AS row
MATCH (n:Network {id: row.network})
MATCH (m:__LABEL__ {id: row.node})
CREATE (n)-[:HAS_MEMBER {role: row.role, recordedRoles: row.recordedRoles, centrality: row.centrality,
  pagerank: row.pagerank, betweenness: row.betweenness, offenderScore: row.offenderScore,
  offenderRank: row.offenderRank, identity: row.identity, controlScore: row.controlScore,
  controlJson: row.controlJson}]->(m)`;

const MATCHES = `UNWIND $rows AS row
CREATE (m:IndicatorMatch {id: $runId + '/' + row.id})
SET m += row, m.matchId = row.id, m.id = $runId + '/' + row.id, m.runId = $runId`;

const MATCHED = `UNWIND $rows AS row
MATCH (n:Network {id: row.network})
MATCH (m:IndicatorMatch {id: $runId + '/' + row.match})
CREATE (n)-[:MATCHED {points: row.points, share: row.share}]->(m)`;

/**
 * Writes a run's results in pages, one write transaction per page (issue 16: 23,132 networks took
 * 356 s as some 400 small transactions): first the indicator matches (`pageRows` per page), then
 * pages of networks — each page's networks, every member of them (one statement per label) and
 * their links to the matches in one transaction, so a network is never stored without its members.
 * A page holds networks until their members and links reach `pageRows`.
 */
export async function writeRunResults(
  runId: string,
  results: RunResults,
  options: { pageRows?: number; onPage?: (done: number, of: number) => void } = {},
): Promise<{ transactions: number }> {
  const pageRows = options.pageRows ?? WRITE_ANALYSIS_DEFAULTS.pageRows;
  const first = await writeMatches(runId, results.matches, pageRows);
  const rest = await writeNetworks(runId, results.networks, results.members, results.matched, options);
  return { transactions: first.transactions + rest.transactions };
}

async function writeMatches(
  runId: string,
  matches: readonly MatchRow[],
  pageRows: number,
): Promise<{ transactions: number }> {
  let transactions = 0;
  for (const page of batches(matches, pageRows)) {
    await writeTx((tx) => tx.run(MATCHES, { runId, rows: page }), {
      metadata: { purpose: 'analysis-write' },
    });
    transactions++;
  }
  return { transactions };
}

/**
 * Pages of networks, each with all its members (and its links to matches already written) in one
 * transaction. The network rows may lack the fields known only once every network is found
 * (EarlyNetworkRow): writeNetworkRanks sets them later.
 */
export async function writeNetworks(
  runId: string,
  networks: readonly EarlyNetworkRow[],
  members: readonly MemberRow[],
  matched: readonly MatchedRow[],
  options: { pageRows?: number; onPage?: (done: number, of: number) => void } = {},
): Promise<{ transactions: number }> {
  const pageRows = options.pageRows ?? WRITE_ANALYSIS_DEFAULTS.pageRows;
  const of = networks.length;
  let transactions = 0;
  const membersOf = groupBy(members, (m) => m.network);
  const matchedOf = groupBy(matched, (m) => m.network);
  let page: EarlyNetworkRow[] = [];
  let rows = 0;
  let done = 0;
  const flush = async () => {
    if (page.length === 0) return;
    const written = page;
    const members = written.flatMap((n) => membersOf.get(n.id) ?? []);
    const matched = written.flatMap((n) => matchedOf.get(n.id) ?? []);
    await writeTx(
      async (tx) => {
        await tx.run(NETWORKS, { runId, rows: written });
        for (const [label, list] of membersByLabel(members)) {
          await tx.run(cypher(MEMBERS, { label }), { rows: list });
        }
        if (matched.length > 0) await tx.run(MATCHED, { runId, rows: matched });
      },
      { metadata: { purpose: 'analysis-write' } },
    );
    transactions++;
    done += written.length;
    options.onPage?.(done, of);
    page = [];
    rows = 0;
  };
  for (const network of networks) {
    page.push(network);
    rows += 1 + (membersOf.get(network.id)?.length ?? 0) + (matchedOf.get(network.id)?.length ?? 0);
    if (rows >= pageRows) await flush();
  }
  await flush();
  return { transactions };
}

/** A network's fields known only once every network of the run is found (ranking, links). */
export type LateNetworkFields = Pick<
  NetworkRow,
  'id' | 'rank' | 'unit' | 'unitRank' | 'unitRisk' | 'linkedJson'
>;

/** A network row without its late fields: what can be written while the analysis goes on. */
export type EarlyNetworkRow = Omit<NetworkRow, Exclude<keyof LateNetworkFields, 'id'>>;

const NETWORK_RANKS = `UNWIND $rows AS row
MATCH (n:Network {id: row.id})
SET n.rank = row.rank, n.unit = row.unit, n.unitRank = row.unitRank, n.unitRisk = row.unitRisk,
  n.linkedJson = row.linkedJson`;

/**
 * The end of a run whose networks and members were written while it was analysed
 * (jobs/streamed-write.ts): its matches, the networks' links to them, and each network's late
 * fields, in pages of `pageRows`. The stored run is then the one writeRunResults stores.
 */
export async function writeRunTail(
  runId: string,
  tail: { matches: readonly MatchRow[]; matched: readonly MatchedRow[]; late: readonly LateNetworkFields[] },
  options: { pageRows?: number } = {},
): Promise<{ transactions: number }> {
  const pageRows = options.pageRows ?? WRITE_ANALYSIS_DEFAULTS.pageRows;
  let { transactions } = await writeMatches(runId, tail.matches, pageRows);
  for (const page of batches(tail.matched, pageRows)) {
    await writeTx((tx) => tx.run(MATCHED, { runId, rows: page }), {
      metadata: { purpose: 'analysis-write' },
    });
    transactions++;
  }
  for (const page of batches(tail.late, pageRows)) {
    await writeTx((tx) => tx.run(NETWORK_RANKS, { rows: page }), { metadata: { purpose: 'analysis-write' } });
    transactions++;
  }
  return { transactions };
}

export async function completeRun(runId: string, completion: RunCompletion): Promise<void> {
  await writeTx(async (tx) => {
    const rows = await tx.run(
      `MATCH (r:AnalysisRun {id: $id}) WHERE r.status = 'running'
       SET r += $completion, r.status = 'completed', r.phase = 'completed',
           r.finishedAt = toString(datetime()), r.heartbeatAt = toString(datetime())
       RETURN r.id AS id`,
      { id: runId, completion },
    );
    if (rows.length === 0) {
      throw new Error(
        `store/write-analysis: run ${runId} is not running (failed or abandoned); it cannot be completed`,
      );
    }
  });
}

export async function failRun(runId: string, message: string): Promise<void> {
  await failRunNode('analysis', runId, message);
}

/** Marks runs still 'running' with a heartbeat older than `staleAfterMs` as failed (interrupted). */
export async function abandonStaleRuns(staleAfterMs = WRITE_ANALYSIS_DEFAULTS.staleAfterMs): Promise<number> {
  return abandonStaleRunNodes('analysis', staleAfterMs);
}
