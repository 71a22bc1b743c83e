/**
 * A shard worker of a resolution run (jobs/resolve-shards.ts): receives the records in chunks,
 * prepares them as the coordinating thread does, runs the first pass (block, compare, rules,
 * exclusions) over its range of records and posts the pass back, its typed arrays transferred, not
 * copied. Started from the sources through resolve-shard-worker-boot.mjs (registers tsx first).
 */
import { parentPort } from 'node:worker_threads';
import { firstPass, prepareResolution, shardRanges } from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';
import type { FromShardWorker, ToShardWorker } from './resolve-shards.ts';

const port = parentPort;
if (!port) throw new Error('jobs/resolve-shard-worker: run me as a worker thread (jobs/resolve-shards.ts)');

const records: ResolutionRecord[] = [];

port.on('message', (message: ToShardWorker) => {
  try {
    if (message.type === 'records') {
      for (const record of message.records) records.push(record);
      return;
    }
    const prepared = prepareResolution(records, message.options, new Date(message.now));
    // The range is the coordinator's split of the prepared records (both prepare the same records).
    const range = shardRanges(prepared.records.length, message.count)[message.index]!;
    const pass = firstPass(prepared, range);
    const columns = [pass.pairs, pass.held].flatMap((list) => Object.values(list) as ArrayBufferView[]);
    const transfer = [pass.certainIndex, pass.labelled, pass.candidateCounts, pass.apart, ...columns].map(
      (view) => view.buffer as ArrayBuffer,
    );
    port.postMessage({ type: 'pass', pass } satisfies FromShardWorker, transfer);
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    } satisfies FromShardWorker);
  }
});
