/**
 * The resolution worker: receives the records in chunks, runs the pure resolution
 * (analyse/resolve/resolve.ts) and posts the result back, so a run started from the GraphQL server
 * does not stall other requests while it blocks and scores. Started by jobs/resolve-thread.ts:
 * compiled (dist/) directly, from the sources through resolve-worker-boot.mjs (registers tsx first).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ResolutionResult, resolveRecords } from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';
import { resolveSharded, type ShardedResolution, startShardedResolution } from './resolve-shards.ts';
import type { FromResolveWorker, ResolveWorkerData, ToResolveWorker } from './resolve-thread.ts';

const port = parentPort;
if (!port) throw new Error('jobs/resolve-worker: run me as a worker thread (jobs/resolve-thread.ts)');

const records: ResolutionRecord[] = [];
const post = (message: FromResolveWorker) => port.postMessage(message);
const {
  threads,
  minShardedRecords,
  now: begun,
} = (workerData ?? {
  threads: 1,
  minShardedRecords: 0,
}) as ResolveWorkerData;
/**
 * With the run's time known from the start: the sharded run, begun as soon as the records reach the
 * size that shards; from then on it takes each page as it comes (prepared on arrival, not kept raw).
 */
let sharded: ShardedResolution | undefined;

port.on('message', async (message: ToResolveWorker) => {
  try {
    if (message.type === 'records') {
      if (sharded) return sharded.add(message.records);
      for (const record of message.records) records.push(record);
      if (begun && threads > 1 && records.length >= minShardedRecords) {
        sharded = startShardedResolution({ shards: threads, now: new Date(begun) });
        sharded.add(records);
        records.length = 0;
      }
      return;
    }
    const now = new Date(message.now);
    if (sharded) {
      post({ type: 'result', result: await sharded.resolve(message.options, now) });
      return;
    }
    // Shards give the one-thread answer (jobs/resolve-shards.ts): only the time differs.
    let result: ResolutionResult;
    if (threads > 1 && records.length >= minShardedRecords) {
      // The sharded run keeps the records it needs (and drops them once prepared): not held here too.
      const run = resolveSharded(records, message.options, now, { shards: threads });
      records.length = 0;
      result = await run;
    } else result = resolveRecords(records, message.options, now);
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
