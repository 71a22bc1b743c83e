/**
 * The resolution worker: receives the records in chunks, runs the pure resolution
 * (analyse/resolve/resolve.ts) and posts the result back, so a run started from the GraphQL server
 * does not stall other requests while it blocks and scores. Started by jobs/resolve-thread.ts:
 * compiled (dist/) directly, from the sources through resolve-worker-boot.mjs (registers tsx first).
 */
import { parentPort } from 'node:worker_threads';
import { resolveRecords } from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';
import type { FromResolveWorker, ToResolveWorker } from './resolve-thread.ts';

const port = parentPort;
if (!port) throw new Error('jobs/resolve-worker: run me as a worker thread (jobs/resolve-thread.ts)');

const records: ResolutionRecord[] = [];
const post = (message: FromResolveWorker) => port.postMessage(message);

port.on('message', (message: ToResolveWorker) => {
  try {
    if (message.type === 'records') {
      for (const record of message.records) records.push(record);
      return;
    }
    post({ type: 'result', result: resolveRecords(records, message.options, new Date(message.now)) });
  } catch (error) {
    const failure: FromResolveWorker = {
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    };
    if (error instanceof Error && error.stack) failure.stack = error.stack;
    post(failure);
  }
});
