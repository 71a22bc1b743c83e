/**
 * The lifecycle writes every run node shares (AnalysisRun, ResolutionRun): heartbeat, failure,
 * and turning runs whose heartbeat stopped into failed ones. One place, so both kinds of run are
 * marked alike.
 */
import { executeWrite } from './run.ts';

export type RunKind = 'analysis' | 'resolution';

// Written out per kind (no label spliced into Cypher: store/cypher-boundaries.test.ts); the two
// kinds' texts differ only in the label.
const STATEMENTS: Record<RunKind, { heartbeat: string; fail: string; abandon: string }> = {
  analysis: {
    heartbeat: `MATCH (r:AnalysisRun {id: $id}) WHERE r.status = 'running'
     SET r.phase = $phase, r.progress = $progress, r.heartbeatAt = toString(datetime())`,
    fail: `MATCH (r:AnalysisRun {id: $id}) WHERE r.status <> 'completed'
     SET r.status = 'failed', r.error = $message, r.finishedAt = toString(datetime())`,
    abandon: `MATCH (r:AnalysisRun {status: 'running'}) WHERE datetime(r.heartbeatAt) < datetime($cutoff)
     SET r.status = 'failed', r.error = 'interrupted: no heartbeat since ' + r.heartbeatAt,
         r.finishedAt = toString(datetime())
     RETURN count(r) AS n`,
  },
  resolution: {
    heartbeat: `MATCH (r:ResolutionRun {id: $id}) WHERE r.status = 'running'
     SET r.phase = $phase, r.progress = $progress, r.heartbeatAt = toString(datetime())`,
    // A resolution run holds its scope's lock (write-resolution.ts): a run that stops releases it.
    fail: `MATCH (r:ResolutionRun {id: $id}) WHERE r.status <> 'completed'
     SET r.status = 'failed', r.error = $message, r.finishedAt = toString(datetime())
     WITH r OPTIONAL MATCH (l:RunLock {id: 'resolution:' + r.scopeKey}) WHERE l.runId = r.id
     DELETE l`,
    abandon: `MATCH (r:ResolutionRun {status: 'running'}) WHERE datetime(r.heartbeatAt) < datetime($cutoff)
     SET r.status = 'failed', r.error = 'interrupted: no heartbeat since ' + r.heartbeatAt,
         r.finishedAt = toString(datetime())
     WITH r OPTIONAL MATCH (l:RunLock {id: 'resolution:' + r.scopeKey}) WHERE l.runId = r.id
     DELETE l
     RETURN count(DISTINCT r) AS n`,
  },
};

/** Records the phase and progress of a running run (a finished run is left alone). */
export async function runHeartbeat(
  kind: RunKind,
  runId: string,
  phase: string,
  progress: number | null = null,
): Promise<void> {
  await executeWrite(STATEMENTS[kind].heartbeat, { id: runId, phase, progress });
}

/** Marks a run failed with its error (kept to 2000 characters); a completed run stays completed. */
export async function failRunNode(kind: RunKind, runId: string, message: string): Promise<void> {
  await executeWrite(STATEMENTS[kind].fail, { id: runId, message: message.slice(0, 2000) });
}

/** Marks runs still 'running' with a heartbeat older than `staleAfterMs` as failed (interrupted). */
export async function abandonStaleRunNodes(kind: RunKind, staleAfterMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - staleAfterMs).toISOString();
  const rows = await executeWrite(STATEMENTS[kind].abandon, { cutoff });
  return Number(rows[0]?.n ?? 0);
}

/** Rows in batches of `size`, so one write transaction stays small. */
export function batches<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) result.push(rows.slice(i, i + size));
  return result;
}
