/**
 * The analysis worker: receives the subgraph page by page, builds the graph, runs the pure analysis
 * (analyse/pipeline.ts) and posts progress and the result back. Started by jobs/analysis-worker.ts:
 * compiled (dist/) directly, from the sources through detect-worker-boot.mjs (registers tsx first).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { analyse } from '../analyse/pipeline.ts';
import type { FromWorker, ToWorker } from './analysis-protocol.ts';
import { graphBuilder } from './graph-builder.ts';
import { packResult } from './packed-result.ts';

const port = parentPort;
if (!port) throw new Error('jobs/detect-worker: run me as a worker thread (jobs/analysis-worker.ts)');

const builder = graphBuilder();
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const heapMb = () => Math.round(getHeapStatistics().used_heap_size / 1_048_576);

port.on('message', (message: ToWorker) => {
  try {
    switch (message.type) {
      case 'nodes':
        for (const row of message.rows) builder.node(row);
        post({ type: 'ack' });
        return;
      case 'relationships':
        for (const row of message.rows) builder.relationship(row);
        post({ type: 'ack' });
        return;
      case 'relationshipPage':
        builder.relationships(message.page);
        post({ type: 'ack' });
        return;
      case 'analyse': {
        const graph = builder.finish();
        const graphMb = heapMb();
        let peakMb = graphMb;
        const result = analyse(
          graph,
          {
            ...message.options,
            progress: (event) => {
              peakMb = Math.max(peakMb, heapMb());
              post({ type: 'progress', ...event });
            },
          },
          message.previous,
        );
        peakMb = Math.max(peakMb, heapMb());
        // The result holds no part of the graph but its strings: let the graph's arrays go before
        // the result is copied to the main thread, where the write needs the memory (issue 16).
        graph.clear();
        // The networks cross as transferred buffers, not as a clone the main thread holds whole.
        const { packed, transfer } = packResult(result);
        post(
          { type: 'result', result: packed, dangling: builder.dangling(), heap: { graphMb, peakMb } },
          transfer,
        );
        return;
      }
    }
  } catch (error) {
    const failure: FromWorker = {
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    };
    if (error instanceof Error && error.stack) failure.stack = error.stack;
    post(failure);
  }
});
