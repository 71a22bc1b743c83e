/**
 * The lifecycle every background run shares (detection, resolution): progress reported to the
 * caller and to the run's heartbeat in one call; a failed run marked 'failed' in the store (a mark
 * that cannot be written is said, not hidden); and one audit record per run with its outcome,
 * whoever started it. One place, so both kinds of run fail and are audited the same way.
 */
import { appendAudit } from '../store/audit.ts';
import type { Heartbeat } from './heartbeat.ts';

export interface RunProgress {
  runId: string;
  phase: string;
  /** 0..1 when known. */
  progress?: number;
  detail?: string;
}

/** Reports a phase to the caller and beats the heartbeat (which writes at most every few seconds). */
export function progressBeat(
  runId: string,
  report: (p: RunProgress) => void,
  pulse: Heartbeat,
): (phase: string, progress?: number, detail?: string) => void {
  return (phase, progress, detail) => {
    const event: RunProgress = { runId, phase };
    if (progress !== undefined) event.progress = progress;
    if (detail !== undefined) event.detail = detail;
    report(event);
    pulse.beat(phase, progress ?? null);
  };
}

export interface SupervisedRun<S> {
  /** Settles when the run is stored, or rejects with the run's own error once it is marked failed. */
  done: Promise<S>;
  /** Settles when the run's audit record is durable (after `done`); rejects when it cannot be written. */
  audited: Promise<void>;
}

/**
 * Watches a started run: marks it failed when it throws, and appends its audit record once it
 * settled. Neither returned promise causes an unhandled rejection if ignored.
 */
export function superviseRun<S>(
  work: Promise<S>,
  run: {
    /** The module named in messages, e.g. 'jobs/detect'. */
    module: string;
    /** The audit action and the word for the run in messages: 'analysis', 'resolution'. */
    kind: 'analysis' | 'resolution';
    runId: string;
    params: unknown;
    actor: string;
    actorJurisdictions: readonly string[];
    report: (p: RunProgress) => void;
    warn: (message: string) => void;
    markFailed: (runId: string, message: string) => Promise<void>;
    /** The audit outcome of a completed run, e.g. 'complete: 3 networks'. */
    outcome: (summary: S) => string;
  },
): SupervisedRun<S> {
  const { module, kind, runId, report, warn } = run;
  const done = work.catch(async (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    // The run's own error is what the caller gets; a failed 'failed' mark is said, not hidden (the
    // run then stays 'running' until the stale-run sweep turns its old heartbeat into 'failed').
    await run
      .markFailed(runId, message)
      .catch((markError: unknown) =>
        warn(
          `${module}: run ${runId} failed (${message}) and could not be marked failed: ${markError instanceof Error ? markError.message : markError}`,
        ),
      );
    report({ runId, phase: 'failed', detail: message });
    throw error;
  });
  done.catch(() => undefined);
  const audit = async (outcome: string): Promise<void> => {
    try {
      await appendAudit({
        actor: run.actor,
        jurisdictions: run.actorJurisdictions,
        action: kind,
        operation: `${kind} ${runId}`,
        args: JSON.stringify(run.params),
        entityIds: [runId],
        outcome,
      });
    } catch (error) {
      throw new Error(
        `${module}: ${kind} run ${runId} could not be recorded in the audit trail ` +
          `(${error instanceof Error ? error.message : error}); check that Neo4j is reachable and ` +
          'run `npm run audit:verify`',
        { cause: error },
      );
    }
  };
  const audited = done.then(
    (summary) => audit(run.outcome(summary)),
    (error: unknown) => audit(`failed: ${error instanceof Error ? error.message : error}`),
  );
  audited.catch(() => undefined);
  return { done, audited };
}
