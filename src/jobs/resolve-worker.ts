/**
 * The resolution worker: receives the records in chunks, runs the pure resolution
 * (analyse/resolve/resolve.ts) and posts the result back, so a run started from the GraphQL server
 * does not stall other requests while it blocks and scores. Started by jobs/resolve-thread.ts:
 * compiled (dist/) directly, from the sources through resolve-worker-boot.mjs (registers tsx first).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveRecords } from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';
import { resolveSharded } from './resolve-shards.ts';
import type { FromResolveWorker, ResolveWorkerData, ToResolveWorker } from './resolve-thread.ts';

const port = parentPort;
if (!port) throw new Error('jobs/resolve-worker: run me as a worker thread (jobs/resolve-thread.ts)');

const records: ResolutionRecord[] = [];
const post = (message: FromResolveWorker) => port.postMessage(message);
const { threads, minShardedRecords } = (workerData ?? {
  threads: 1,
  minShardedRecords: 0,
}) as ResolveWorkerData;

port.on('message', async (message: ToResolveWorker) => {
  try {
    if (message.type === 'records') {
      for (const record of message.records) records.push(record);
      return;
    }
    const now = new Date(message.now);
    // Shards give the one-thread answer (jobs/resolve-shards.ts): only the time differs.
    const result =
      threads > 1 && records.length >= minShardedRecords
        ? await resolveSharded(records, message.options, now, { shards: threads })
        : resolveRecords(records, message.options, now);
    post({ type: 'result', result });
  } catch (error) {
    const failure: FromResolveWorker = {
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    };
    if (error instanceof Error && error.stack) failure.stack = error.stack;
    post(failure);
  }
});
