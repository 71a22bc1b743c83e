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
 * One running run per scope: a run holds a :RunLock ("resolution:<scopeKey>", unique) created in
 * the transaction that creates the run, so of two starts at once exactly one commits and the other
 * gets RunLockedError naming the winner. The lock goes when the run completes, fails or is
 * abandoned; a lock left by a run that is no longer running is taken over.
 *
 * Re-runs: a completed run of a scope replaces the previous answers of that scope
 * (`replacePreviousAnswers`: the run's relationships of the same `scopeKey` written by another run
 * are deleted after the new ones are written). A judgement's relationship (`by: 'judgement'`) is
 * never touched here.
 */
import type { MatchOrigin, ResolvableLabel } from '../model/resolution-contract.ts';
import { cypher } from './cypher.ts';
import { ConstraintViolationError } from './errors.ts';
import { coveredBy, recordJurisdictions } from './read/record-scope.ts';
import { executeRead, executeWrite, writeTx } from './run.ts';
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

/** Another run of the same scope holds the scope's lock (it is running): `runningRunId` is that run. */
export class RunLockedError extends Error {
  constructor(
    readonly scopeKey: string,
    readonly runningRunId: string,
  ) {
    super(
      `store/write-resolution: resolution run ${runningRunId} of scope ${scopeKey} is running; wait for it to finish and start again`,
    );
    this.name = 'RunLockedError';
  }
}

/** The lock's id for a scope: one per scope key. */
export const runLockId = (scopeKey: string) => `resolution:${scopeKey}`;

/** A lock whose run is gone or no longer running (completed, failed, abandoned) is free to take. */
const FREE_DEAD_LOCK = `MATCH (l:RunLock {id: $lock})
OPTIONAL MATCH (holder:ResolutionRun {id: l.runId})
WITH l, holder WHERE holder IS NULL OR holder.status <> 'running'
DELETE l`;

const CREATE_RUN = `CREATE (:RunLock {id: $lock, kind: 'resolution', scopeKey: $scopeKey, runId: $id,
  at: toString(datetime())})
CREATE (r:ResolutionRun {id: $id, status: 'running', seed: $seed, paramsJson: $params,
  jurisdictions: $jurisdictions, scopeKey: $scopeKey, author: $author,
  startedAt: toString(datetime()), heartbeatAt: toString(datetime()), phase: 'starting'})`;

/**
 * Creates the run, 'running', with its scope's lock in the same transaction. Throws RunLockedError
 * when a running run of the scope holds the lock (two starts at once: the one that commits second).
 */
export async function createResolutionRun(run: ResolutionRunStart): Promise<void> {
  const jurisdictions = recordJurisdictions(run.jurisdictions);
  const scopeKey = jurisdictions.join(',');
  const lock = runLockId(scopeKey);
  try {
    await writeTx(async (tx) => {
      await tx.run(FREE_DEAD_LOCK, { lock });
      await tx.run(CREATE_RUN, {
        lock,
        id: run.id,
        seed: run.seed,
        params: JSON.stringify(run.params ?? {}),
        jurisdictions,
        scopeKey,
        author: run.author,
      });
    });
  } catch (error) {
    if (!(error instanceof ConstraintViolationError)) throw error;
    const [holder] = await executeRead('MATCH (l:RunLock {id: $lock}) RETURN l.runId AS runId', { lock });
    throw new RunLockedError(scopeKey, holder ? String(holder.runId) : '(finished meanwhile)');
  }
}

/** Releases the scope's lock if `runId` holds it (a finished run's lock is never another's). */
const RELEASE_LOCK = `MATCH (r:ResolutionRun {id: $id})
MATCH (l:RunLock {id: 'resolution:' + r.scopeKey}) WHERE l.runId = r.id
DELETE l`;

export async function releaseResolutionLock(runId: string): Promise<void> {
  await executeWrite(RELEASE_LOCK, { id: runId });
}

export async function resolutionHeartbeat(
  runId: string,
  phase: string,
  progress: number | null = null,
): Promise<void> {
  await runHeartbeat('resolution', runId, phase, progress);
}

/**
 * A judgement made after the run read the judgements (between its read and this write) binds the
 * pair all the same: the pair is re-checked here, inside the write transaction, under the lock
 * judging takes (store/judgements.ts LOCK, on the record with the smaller id), so a judgement and a
 * run's proposal of one pair never stand side by side. A binding judgement (active, of
 * jurisdictions the run's scope covers) holds the row back when it confirms the pair, when it
 * rejects it on the evidence the run saw, or when it rejects it at all and the row would join it:
 * a run never turns a rejection into a join. (Judgements the run read are already applied by
 * jobs/resolution-rows.ts; a rejection on other evidence then comes here as a proposal.)
 */
const WRITE_MATCHES = `UNWIND $rows AS row
MATCH (a:__LABEL__ {id: row.a})
MATCH (b:__LABEL__ {id: row.b})
SET a.judgementLock__ = true REMOVE a.judgementLock__
WITH a, b, row,
  EXISTS { MATCH (a)-[j:__TYPE__ {key: row.key}]->(b) WHERE j.by = 'judgement' } OR
  EXISTS { MATCH (j:Judgement) WHERE j.a = row.a AND j.b = row.b AND j.withdrawnAt IS NULL
             AND ${coveredBy('j', 'cover')}
             AND (j.decision = 'confirmed' OR $type = 'SAME_AS' OR j.evidenceKey = row.evidenceKey) } AS judged
CALL (a, b, row, judged) {
  WITH a, b, row WHERE NOT judged
  MERGE (a)-[r:__TYPE__ {key: row.key}]->(b)
  ON CREATE SET r.createdAt = $now
  SET r.by = row.by, r.runId = $runId, r.judgementId = null, r.jurisdictions = $jurisdictions,
      r.scopeKey = $scopeKey, r.score = row.score, r.matchWeight = row.matchWeight,
      r.reasonsJson = row.reasonsJson, r.evidenceKey = row.evidenceKey
  RETURN count(r) AS w
}
RETURN sum(w) AS written, sum(CASE WHEN judged THEN 1 ELSE 0 END) AS judged`;

/**
 * Writes one type of match between records of one label, in batches; returns how many were
 * written (a pair whose record has gone since it was read is not) and how many a judgement made
 * while the run worked held back. `createdAt` is the first time a run proposed the pair, kept by
 * later runs that propose it again. A judgement's relationship of the same key (a confirmation of
 * the same scope made while the run worked) is never overwritten.
 */
export async function writeMatchRelationships(
  runId: string,
  type: RunMatchType,
  label: ResolvableLabel,
  jurisdictions: readonly string[],
  rows: readonly MatchRelationshipRow[],
  batchSize = WRITE_RESOLUTION_DEFAULTS.batchSize,
): Promise<{ written: number; judged: number }> {
  const scope = recordJurisdictions(jurisdictions);
  const all = scope.includes('*');
  const text = cypher(WRITE_MATCHES, { label, type });
  const now = new Date().toISOString();
  let written = 0;
  let judged = 0;
  for (const batch of batches(rows, batchSize)) {
    const [result] = await writeTx((tx) =>
      tx.run(text, {
        rows: batch,
        runId,
        type,
        jurisdictions: scope,
        scopeKey: scope.join(','),
        cover: { all, jurisdictions: all ? [] : scope },
        now,
      }),
    );
    written += Number(result?.written ?? 0);
    judged += Number(result?.judged ?? 0);
  }
  return { written, judged };
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
    const text = replaceStatement(type);
    for (;;) {
      const rows = await executeWrite(text, { scopeKey, runId, batch });
      const n = Number(rows[0]?.n ?? 0);
      deleted += n;
      if (n < batch) break;
    }
  }
  return deleted;
}

/**
 * One batch of replacePreviousAnswers for one type. It finds the scope's answers by a seek of the
 * relationship index on `scopeKey` (cypher/schema/010), not by scanning every match of the type.
 * The hint is needed: left alone, the planner scans an index (`runId`'s for `runId IS NOT NULL`, or
 * this one when one scope holds most answers), reading every run's answers of the type.
 * test/integration/resolve/run-guards.test.ts checks the plan.
 */
export function replaceStatement(type: RunMatchType): string {
  return cypher(
    `MATCH ()-[r:__TYPE__]->() USING INDEX SEEK r:__TYPE__(scopeKey)
     WHERE r.scopeKey = $scopeKey AND r.runId IS NOT NULL AND r.runId <> $runId AND r.by <> 'judgement'
     WITH r LIMIT toInteger($batch) DELETE r RETURN count(*) AS n`,
    { type },
  );
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
    await tx.run(RELEASE_LOCK, { id: runId });
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
