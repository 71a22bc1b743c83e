/**
 * Runs resolution in a worker thread (jobs/resolve-worker.ts): the records go over in chunks as they
 * are read (each a small structured clone), the result comes back in one message. Blocking and scoring 100,000
 * records takes seconds of CPU; on the server's thread they would stall every other request.
 */
import { Worker } from 'node:worker_threads';
import type { ResolutionResult, resolveRecords } from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';

export type ResolveOptions = NonNullable<Parameters<typeof resolveRecords>[1]>;

export type ToResolveWorker =
  | { type: 'records'; records: ResolutionRecord[] }
  | { type: 'resolve'; options: ResolveOptions; now: string };

export type FromResolveWorker =
  | { type: 'result'; result: ResolutionResult }
  | { type: 'error'; message: string; stack?: string };

export const RESOLVE_THREAD_DEFAULTS = {
  chunk: 5_000,
  /**
   * Threads of the first pass (jobs/resolve-shards.ts): the worker runs one shard and starts a worker
   * for each other (config `resolution.threads`).
   */
  threads: 1,
  /**
   * Below this many records one thread resolves: every thread prepares every record, and at
   * 100,000 records two threads took as long as one on idle cores (at least 13.1 against 13.0 s)
   * and twice as long on a busy machine (25.7 against 13.8 s wall, twice the memory); at a million
   * they save wall time (docs/benchmarks/2026-12-07-resolution-threads.md).
   */
  minShardedRecords: 200_000,
  /**
   * The run's time, when known before its records: a sharded run then prepares each page as it
   * comes on every thread, and holds no raw records beside the prepared ones (jobs/resolve-shards.ts).
   * `resolve` must then be given the same time, or none.
   */
  now: undefined as Date | undefined,
};

/** What the worker is started with (workerData). */
export interface ResolveWorkerData {
  threads: number;
  minShardedRecords: number;
  /** ISO time of the run, when known from the start (RESOLVE_THREAD_DEFAULTS.now). */
  now?: string;
}

/** Built: the compiled worker; from the sources (tsx): the boot file that registers tsx first. */
const WORKER_ENTRY = import.meta.url.endsWith('.js') ? './resolve-worker.js' : './resolve-worker-boot.mjs';

/**
 * A resolution worker fed page by page: `add` posts records as the store yields them (so the whole
 * scope is never held twice, once here and once in flight), `resolve` starts the run and settles with
 * its result. The worker receives records in the order they were added: the same pages give the same
 * answer as resolveRecords on this thread.
 */
export interface ResolveWorker {
  add(records: readonly ResolutionRecord[]): void;
  resolve(options: ResolveOptions, now?: Date): Promise<ResolutionResult>;
  /** Stops the worker without a result (reading failed): a no-op once it has answered. */
  close(): void;
}

export function startResolveWorker(options: Partial<typeof RESOLVE_THREAD_DEFAULTS> = {}): ResolveWorker {
  const settings = { ...RESOLVE_THREAD_DEFAULTS, ...options };
  const workerData: ResolveWorkerData = {
    threads: settings.threads,
    minShardedRecords: settings.minShardedRecords,
    ...(settings.now ? { now: settings.now.toISOString() } : {}),
  };
  const worker = new Worker(new URL(WORKER_ENTRY, import.meta.url), { workerData });
  let settled = false;
  let settle: (error: Error | null, result?: ResolutionResult) => void = () => undefined;
  let failure: Error | undefined;
  const finish = (error: Error | null, result?: ResolutionResult) => {
    if (settled) return;
    if (error && !failure) failure = error;
    settle(error, result);
  };
  worker.on('message', (message: FromResolveWorker) => {
    if (message.type === 'result') return finish(null, message.result);
    const error = new Error(`jobs/resolve-thread: resolution failed in the worker: ${message.message}`);
    if (message.stack) error.stack = message.stack;
    finish(error);
  });
  worker.on('error', (error) => finish(error));
  worker.on('exit', (code) =>
    finish(new Error(`jobs/resolve-thread: the worker exited (code ${code}) before returning a result`)),
  );
  return {
    add(records) {
      for (let i = 0; i < records.length; i += settings.chunk) {
        worker.postMessage({
          type: 'records',
          records: records.slice(i, i + settings.chunk),
        } satisfies ToResolveWorker);
      }
    },
    resolve(options, now = settings.now ?? new Date()) {
      return new Promise<ResolutionResult>((resolve, reject) => {
        settle = (error, result) => {
          if (settled) return;
          settled = true;
          void worker.terminate();
          if (error) reject(error);
          else resolve(result!);
        };
        if (failure) return settle(failure);
        worker.postMessage({ type: 'resolve', options, now: now.toISOString() } satisfies ToResolveWorker);
      });
    },
    close() {
      if (settled) return;
      settled = true;
      void worker.terminate();
    },
  };
}

export function resolveInWorker(
  records: readonly ResolutionRecord[],
  options: ResolveOptions,
  now = new Date(),
  settings: Partial<typeof RESOLVE_THREAD_DEFAULTS> = {},
): Promise<ResolutionResult> {
  const worker = startResolveWorker({ ...settings, now });
  worker.add(records);
  return worker.resolve(options, now);
}
