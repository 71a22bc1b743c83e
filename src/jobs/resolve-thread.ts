/**
 * Runs resolution in a worker thread (jobs/resolve-worker.ts): the records go over in chunks (each
 * a small structured clone), the result comes back in one message. Blocking and scoring 100,000
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

export const RESOLVE_THREAD_DEFAULTS = { chunk: 5_000 };

/** Built: the compiled worker; from the sources (tsx): the boot file that registers tsx first. */
const WORKER_ENTRY = import.meta.url.endsWith('.js') ? './resolve-worker.js' : './resolve-worker-boot.mjs';

export function resolveInWorker(
  records: readonly ResolutionRecord[],
  options: ResolveOptions,
  now = new Date(),
  settings = RESOLVE_THREAD_DEFAULTS,
): Promise<ResolutionResult> {
  const worker = new Worker(new URL(WORKER_ENTRY, import.meta.url));
  return new Promise<ResolutionResult>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, result?: ResolutionResult) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(result!);
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
    for (let i = 0; i < records.length; i += settings.chunk) {
      worker.postMessage({
        type: 'records',
        records: records.slice(i, i + settings.chunk),
      } satisfies ToResolveWorker);
    }
    worker.postMessage({ type: 'resolve', options, now: now.toISOString() } satisfies ToResolveWorker);
  });
}
