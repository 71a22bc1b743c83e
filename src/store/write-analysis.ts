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
  batchSize: 500,
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

export async function writeNetworks(
  runId: string,
  rows: readonly NetworkRow[],
  batchSize = WRITE_ANALYSIS_DEFAULTS.batchSize,
) {
  for (const batch of batches(rows, batchSize)) {
    await executeWrite(
      `MATCH (r:AnalysisRun {id: $runId})
       UNWIND $rows AS row
       CREATE (n:Network {id: row.id})
       SET n += row, n.runId = $runId
       CREATE (r)-[:FOUND]->(n)`,
      { runId, rows: batch },
    );
  }
}

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

export async function writeMembers(
  rows: readonly MemberRow[],
  batchSize = WRITE_ANALYSIS_DEFAULTS.batchSize,
) {
  for (const [label, list] of membersByLabel(rows)) {
    for (const batch of batches(list, batchSize * 4)) {
      await executeWrite(cypher(MEMBERS, { label }), { rows: batch });
    }
  }
}

export async function writeMatches(
  runId: string,
  matches: readonly MatchRow[],
  matched: readonly MatchedRow[],
  batchSize = WRITE_ANALYSIS_DEFAULTS.batchSize,
): Promise<void> {
  for (const batch of batches(matches, batchSize)) {
    await executeWrite(
      `UNWIND $rows AS row
       CREATE (m:IndicatorMatch {id: $runId + '/' + row.id})
       SET m += row, m.matchId = row.id, m.id = $runId + '/' + row.id, m.runId = $runId`,
      { runId, rows: batch },
    );
  }
  for (const batch of batches(matched, batchSize * 4)) {
    await executeWrite(
      `UNWIND $rows AS row
       MATCH (n:Network {id: row.network})
       MATCH (m:IndicatorMatch {id: $runId + '/' + row.match})
       CREATE (n)-[:MATCHED {points: row.points, share: row.share}]->(m)`,
      { runId, rows: batch },
    );
  }
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
