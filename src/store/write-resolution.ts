/**
 * Stores resolution runs (model/resolution-contract.ts): a :ResolutionRun node with its status,
 * progress, scope, parameters and counts, and the match relationships it found between Person or
 * Organisation records — SAME_AS {by: 'rule:<name>'} and POSSIBLY_SAME_AS {by: 'score'} — written
 * in batched UNWIND … MERGE on the relationship's `key`, so a re-run updates a pair in place.
 *
 * The run model is detection's (store/write-analysis.ts): 'running' first, 'completed' only after
 * the last write, 'failed' with the error otherwise, and a run whose heartbeat went stale is
 * abandoned (failed) so it never looks complete.
 *
 * Re-runs: a completed run of a scope replaces the previous answers of that scope
 * (`replacePreviousAnswers`: the run's relationships of the same `scopeKey` written by another run
 * are deleted after the new ones are written). A judgement's relationship (`by: 'judgement'`) is
 * never touched here.
 */
import type { MatchOrigin, ResolvableLabel } from '../model/resolution-contract.ts';
import { cypher } from './cypher.ts';
import { recordJurisdictions } from './read/record-scope.ts';
import { executeWrite, writeTx } from './run.ts';
import { abandonStaleRunNodes, batches, failRunNode, runHeartbeat } from './run-node.ts';

export const WRITE_RESOLUTION_DEFAULTS = {
  batchSize: 2_000,
  /** Old answers deleted per transaction when a run replaces them. */
  deleteBatch: 10_000,
  /** A running run whose heartbeat is older than this is treated as interrupted. */
  staleAfterMs: 10 * 60_000,
};

/** The relationship types a run writes (NOT_SAME_AS is only ever a judgement's). */
export const RUN_MATCH_TYPES = ['SAME_AS', 'POSSIBLY_SAME_AS'] as const;
export type RunMatchType = (typeof RUN_MATCH_TYPES)[number];

export interface ResolutionRunStart {
  id: string;
  seed: number;
  params: unknown;
  /** The run's scope: the jurisdictions it read (stored sorted), or null / ['*'] for all data. */
  jurisdictions: readonly string[] | null;
  /** Who started it: a user's subject, `cli:<user>`, `system`. */
  author: string;
}

/** One relationship to write: the pair in stored order (a < b) and its contract properties. */
export interface MatchRelationshipRow {
  a: string;
  b: string;
  key: string;
  by: MatchOrigin;
  score: number | null;
  matchWeight: number | null;
  reasonsJson: string;
  evidenceKey: string;
}

export interface ResolutionCompletion {
  countsJson: string;
  timingsJson: string;
}

export async function createResolutionRun(run: ResolutionRunStart): Promise<void> {
  const jurisdictions = recordJurisdictions(run.jurisdictions);
  await executeWrite(
    `CREATE (r:ResolutionRun {id: $id, status: 'running', seed: $seed, paramsJson: $params,
       jurisdictions: $jurisdictions, scopeKey: $scopeKey, author: $author,
       startedAt: toString(datetime()), heartbeatAt: toString(datetime()), phase: 'starting'})`,
    {
      id: run.id,
      seed: run.seed,
      params: JSON.stringify(run.params ?? {}),
      jurisdictions,
      scopeKey: jurisdictions.join(','),
      author: run.author,
    },
  );
}

export async function resolutionHeartbeat(
  runId: string,
  phase: string,
  progress: number | null = null,
): Promise<void> {
  await runHeartbeat('resolution', runId, phase, progress);
}

const WRITE_MATCHES = `UNWIND $rows AS row
MATCH (a:__LABEL__ {id: row.a})
MATCH (b:__LABEL__ {id: row.b})
WITH a, b, row WHERE NOT EXISTS { MATCH (a)-[j:__TYPE__ {key: row.key}]->(b) WHERE j.by = 'judgement' }
MERGE (a)-[r:__TYPE__ {key: row.key}]->(b)
ON CREATE SET r.createdAt = $now
SET r.by = row.by, r.runId = $runId, r.judgementId = null, r.jurisdictions = $jurisdictions,
    r.scopeKey = $scopeKey, r.score = row.score, r.matchWeight = row.matchWeight,
    r.reasonsJson = row.reasonsJson, r.evidenceKey = row.evidenceKey
RETURN count(r) AS written`;

/**
 * Writes one type of match between records of one label, in batches; returns how many were
 * written (a pair whose record has gone since it was read is not). `createdAt` is the first time a
 * run proposed the pair, kept by later runs that propose it again. A judgement's relationship of
 * the same key (a confirmation of the same scope made while the run worked) is never overwritten.
 */
export async function writeMatchRelationships(
  runId: string,
  type: RunMatchType,
  label: ResolvableLabel,
  jurisdictions: readonly string[],
  rows: readonly MatchRelationshipRow[],
  batchSize = WRITE_RESOLUTION_DEFAULTS.batchSize,
): Promise<number> {
  const scope = recordJurisdictions(jurisdictions);
  const text = cypher(WRITE_MATCHES, { label, type });
  const now = new Date().toISOString();
  let written = 0;
  for (const batch of batches(rows, batchSize)) {
    const result = await executeWrite(text, {
      rows: batch,
      runId,
      jurisdictions: scope,
      scopeKey: scope.join(','),
      now,
    });
    written += Number(result[0]?.written ?? 0);
  }
  return written;
}

/**
 * Deletes the answers of the scope that another run wrote (the run's own and every judgement's
 * stay), in bounded transactions; returns how many were deleted.
 */
export async function replacePreviousAnswers(
  runId: string,
  jurisdictions: readonly string[],
  batch = WRITE_RESOLUTION_DEFAULTS.deleteBatch,
): Promise<number> {
  const scopeKey = recordJurisdictions(jurisdictions).join(',');
  let deleted = 0;
  for (const type of RUN_MATCH_TYPES) {
    const text = cypher(
      `MATCH ()-[r:__TYPE__]->() WHERE r.scopeKey = $scopeKey AND r.runId IS NOT NULL AND r.runId <> $runId
         AND r.by <> 'judgement'
       WITH r LIMIT toInteger($batch) DELETE r RETURN count(*) AS n`,
      { type },
    );
    for (;;) {
      const rows = await executeWrite(text, { scopeKey, runId, batch });
      const n = Number(rows[0]?.n ?? 0);
      deleted += n;
      if (n < batch) break;
    }
  }
  return deleted;
}

export async function completeResolutionRun(runId: string, completion: ResolutionCompletion): Promise<void> {
  await writeTx(async (tx) => {
    const rows = await tx.run(
      `MATCH (r:ResolutionRun {id: $id}) WHERE r.status = 'running'
       SET r += $completion, r.status = 'completed', r.phase = 'completed', r.progress = 1,
           r.finishedAt = toString(datetime()), r.heartbeatAt = toString(datetime())
       RETURN r.id AS id`,
      { id: runId, completion },
    );
    if (rows.length === 0) {
      throw new Error(
        `store/write-resolution: run ${runId} is not running (failed or abandoned); it cannot be completed — start a new run`,
      );
    }
  });
}

export async function failResolutionRun(runId: string, message: string): Promise<void> {
  await failRunNode('resolution', runId, message);
}

/** Marks runs still 'running' with a heartbeat older than `staleAfterMs` as failed (interrupted). */
export async function abandonStaleResolutionRuns(
  staleAfterMs = WRITE_RESOLUTION_DEFAULTS.staleAfterMs,
): Promise<number> {
  return abandonStaleRunNodes('resolution', staleAfterMs);
}
