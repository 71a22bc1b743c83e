/**
 * Long-running jobs started from the API (loads), observable while they run: status, progress
 * and the final summary or error. Kept in memory: a job's lasting outcome is in the database (the
 * Extract node, the audit trail), this is only the live view. Finished jobs are kept for an hour.
 */
import { randomUUID } from 'node:crypto';

export interface Job<P, R> {
  id: string;
  kind: string;
  owner: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  progress: P | null;
  result: R | null;
  error: string | null;
}

const KEEP_MS = 60 * 60 * 1000;
const jobs = new Map<string, Job<unknown, unknown>>();

export function startJob<P, R>(
  kind: string,
  owner: string,
  run: (report: (progress: P) => void) => Promise<R>,
): Job<P, R> {
  const job: Job<P, R> = {
    id: `${kind}:${randomUUID()}`,
    kind,
    owner,
    status: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    progress: null,
    result: null,
    error: null,
  };
  jobs.set(job.id, job as Job<unknown, unknown>);
  run((progress) => {
    job.progress = progress;
  })
    .then((result) => {
      job.result = result;
      job.status = 'completed';
    })
    .catch((error: unknown) => {
      job.error = error instanceof Error ? error.message : String(error);
      job.status = 'failed';
    })
    .finally(() => {
      job.finishedAt = new Date().toISOString();
      setTimeout(() => jobs.delete(job.id), KEEP_MS).unref();
    });
  return job;
}

export function getJob<P, R>(id: string): Job<P, R> | undefined {
  return jobs.get(id) as Job<P, R> | undefined;
}

/**
 * A job of `kind` as `reader` may see it: only its owner, or an admin of every jurisdiction, sees a
 * job (its progress, file name and errors describe another user's data); anyone else gets
 * undefined, the same as for an id that does not exist.
 */
export function findJob<P, R>(
  kind: string,
  id: string,
  reader: { id: string; allJurisdictionsAdmin: boolean },
): Job<P, R> | undefined {
  const job = getJob<P, R>(id);
  if (!job || job.kind !== kind) return undefined;
  return job.owner === reader.id || reader.allJurisdictionsAdmin ? job : undefined;
}
