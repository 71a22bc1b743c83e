/**
 * The analysis worker: receives the subgraph page by page, builds the graph, runs the pure analysis
 * (analyse/pipeline.ts) and posts progress and the result back. Started by jobs/analysis-worker.ts:
 * compiled (dist/) directly, from the sources through detect-worker-boot.mjs (registers tsx first).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { analyse, STREAM_DEFAULTS } from '../analyse/pipeline.ts';
import type { FromWorker, ToWorker } from './analysis-protocol.ts';
import { type GraphBuilder, graphBuilder } from './graph-builder.ts';
import { type LateNetwork, lateNetwork, packNetworks, packResult } from './packed-result.ts';

/** Slab size for a batch of networks sent as they are found (a batch is a few MB, not the 32 of a result). */
const BATCH_SLAB_BYTES = 4 * 1_048_576;

const port = parentPort;
if (!port) throw new Error('jobs/detect-worker: run me as a worker thread (jobs/analysis-worker.ts)');

/** Until the analysis starts; dropped then, so nothing of this module keeps the graph reachable. */
let builder: GraphBuilder | undefined = graphBuilder();
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const heapMb = () => Math.round(getHeapStatistics().used_heap_size / 1_048_576);

function building(): GraphBuilder {
  if (!builder)
    throw new Error('jobs/detect-worker: rows came after the analysis started; start a new worker per run');
  return builder;
}

/**
 * Builds the graph and analyses it. The graph is reachable from nowhere once this returns: the
 * indexes the analysis cached on it (WeakMaps keyed by the graph: adjacency, addresses, control)
 * can then be collected before the result is packed. While the graph object stayed reachable,
 * clearing it left those indexes alive: ~1.3–1.5 GB live during packing on the 2.95M-relationship
 * world, and a full collection every few MB packed (issue 16).
 */
function analyseOnce(message: Extract<ToWorker, { type: 'analyse' }>) {
  const current = building();
  builder = undefined;
  const graph = current.finish();
  const graphMb = heapMb();
  let peakMb = graphMb;
  if (message.stream) STREAM_DEFAULTS.networkBatch = message.stream.batch;
  const result = analyse(
    graph,
    {
      ...message.options,
      progress: (event) => {
        peakMb = Math.max(peakMb, heapMb());
        post({ type: 'progress', ...event });
      },
      // Streamed: each batch crosses as soon as it is found, serialised (a snapshot: ranking and
      // links change the objects later) into transferred buffers the main thread writes from.
      ...(message.stream
        ? {
            onNetworks: (networks) => {
              const { packed, transfer } = packNetworks([...networks], { slabBytes: BATCH_SLAB_BYTES });
              post({ type: 'networks', packed }, transfer);
            },
          }
        : {}),
    },
    message.previous,
  );
  peakMb = Math.max(peakMb, heapMb());
  // The result holds no part of the graph but its strings.
  graph.clear();
  return { result, dangling: current.dangling(), heap: { graphMb, peakMb } };
}

port.on('message', (message: ToWorker) => {
  try {
    switch (message.type) {
      case 'nodes':
        for (const row of message.rows) building().node(row);
        post({ type: 'ack' });
        return;
      case 'relationships':
        for (const row of message.rows) building().relationship(row);
        post({ type: 'ack' });
        return;
      case 'relationshipPage':
        building().relationships(message.page);
        post({ type: 'ack' });
        return;
      case 'analyse': {
        const { result, dangling, heap } = analyseOnce(message);
        let late: LateNetwork[] | undefined;
        if (message.stream) {
          // The networks were sent as found: only what ranking and links set, and the top ones whole.
          late = result.networks.map(lateNetwork);
          result.networks = result.networks.slice(0, message.stream.top);
        }
        // The networks cross as transferred buffers, not as a clone the main thread holds whole.
        const { packed, transfer } = packResult(result);
        post({ type: 'result', result: packed, ...(late ? { late } : {}), dangling, heap }, transfer);
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
