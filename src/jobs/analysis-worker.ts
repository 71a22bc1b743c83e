/**
 * Runs the pure analysis in a worker thread, so a detection started from the GraphQL server does
 * not stall other requests: the main thread only streams store pages to the worker (in chunks,
 * each a small structured clone) and receives progress and the result.
 */
import { Worker } from 'node:worker_threads';
import { ANALYSIS_ATTRIBUTES } from '../analyse/attributes.ts';
import { type AnalyseOptions, STREAM_DEFAULTS } from '../analyse/pipeline.ts';
import type { PreviousNetwork } from '../analyse/stability.ts';
import type { RelationshipPage, StreamedNode, StreamedRelationship } from '../store/read/projection.ts';
import type { FromWorker, ToWorker, WorkerHeap } from './analysis-protocol.ts';
import { analysisProps } from './graph-builder.ts';
import { type LateNetwork, type NetworkList, packedNetworks } from './packed-result.ts';
import { readGarbageCollector } from './read-garbage.ts';
import type { ListedResult } from './run-rows.ts';

export const ANALYSIS_WORKER_DEFAULTS = {
  /** Rows per message to the worker. */
  chunk: 5_000,
  /**
   * Messages sent and not yet built into the graph before the store's reader waits: without a
   * bound, a worker slower than the reader (a busy machine) let gigabytes of pages queue up.
   */
  maxUnread: 4,
  /**
   * Young generation of the worker's heap. The analysis allocates millions of small, long-lived
   * objects; V8's default young generation promotes them through many scavenges (measured: the
   * graph index took 2.5x longer): 192 MB was the default (`--max-semi-space-size=64`). Since the
   * relationships' attributes are columns, not objects, 64 MB costs no CPU that shows on the
   * 2.95M-relationship world and takes ~130 MB off the run's peak RSS, held for the whole run
   * (docs/benchmarks/2026-12-07-detect-columns.md).
   */
  youngGenerationMb: 64,
  /**
   * Old generation of the worker's heap (MB); null: V8's default, derived from the main thread's.
   * jobs/detect.ts sizes it from the graph (jobs/engine.ts), so a big graph does not hit a limit
   * set for the main thread.
   */
  heapMb: null as number | null,
  /**
   * The main thread's heap (MB) past which a full collection runs between the projection read's
   * pages (read-garbage.ts); null: never.
   */
  readGarbageMb: 256 as number | null,
};

/**
 * Built (dist/, plain JavaScript): the worker is the compiled detect-worker.js, so production needs
 * no TypeScript loader. From the sources (tsx): a boot file that registers tsx in the worker first.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.js') ? './detect-worker.js' : './detect-worker-boot.mjs';

export interface AnalysisWorker {
  node(node: StreamedNode): void;
  relationship(relationship: StreamedRelationship): void;
  /** A store page of relationships as columns, sent as one message (after what is buffered). */
  relationships(page: RelationshipPage): void;
  /** Resolves once at most `maxUnread` messages wait in the worker (store/read/projection.ts). */
  drain(): Promise<void>;
  /**
   * Sends the rows still buffered, runs the analysis and stops the worker. With `stream`, the
   * networks are handed to `stream.onNetworks` in batches as they are found (not ranked or linked
   * yet), and the result then holds only the first `stream.top` networks whole and `late`, every
   * network's ranking and links.
   */
  analyse(
    options: Partial<Omit<AnalyseOptions, 'progress' | 'onNetworks'>>,
    previous: readonly PreviousNetwork[],
    onProgress?: AnalyseOptions['progress'],
    stream?: { top: number; onNetworks: (networks: NetworkList) => void },
  ): Promise<AnalysisAnswer>;
  /** Stops the worker (after a failure on the main side). */
  terminate(): Promise<void>;
}

export interface AnalysisAnswer {
  result: ListedResult;
  /** Streamed runs: every network's ranking and links, in the result's order. */
  late?: LateNetwork[];
  dangling: number;
  heap: WorkerHeap;
}

export function startAnalysisWorker(options: Partial<typeof ANALYSIS_WORKER_DEFAULTS> = {}): AnalysisWorker {
  const settings = { ...ANALYSIS_WORKER_DEFAULTS, ...options };
  const worker = new Worker(new URL(WORKER_ENTRY, import.meta.url), {
    resourceLimits: {
      maxYoungGenerationSizeMb: settings.youngGenerationMb,
      ...(settings.heapMb !== null ? { maxOldGenerationSizeMb: settings.heapMb } : {}),
    },
  });
  let failure: Error | undefined;
  let settle:
    | {
        resolve: (value: AnalysisAnswer) => void;
        reject: (error: Error) => void;
      }
    | undefined;
  let progress: AnalyseOptions['progress'];
  let onNetworks: ((networks: NetworkList) => void) | undefined;
  let unread = 0;
  let waiting: Array<() => void> = [];
  const release = () => {
    const ready = waiting;
    waiting = [];
    for (const resume of ready) resume();
  };
  const fail = (error: Error) => {
    failure ??= error;
    settle?.reject(error);
    settle = undefined;
    // A reader waiting for room goes on; the failure is reported by analyse().
    release();
  };
  worker.on('message', (message: FromWorker) => {
    if (message.type === 'ack') {
      unread--;
      if (unread <= settings.maxUnread) release();
    } else if (message.type === 'progress') {
      const event: { phase: string; done?: number; of?: number } = { phase: message.phase };
      if (message.done !== undefined) event.done = message.done;
      if (message.of !== undefined) event.of = message.of;
      progress?.(event);
    } else if (message.type === 'networks') {
      try {
        onNetworks?.(packedNetworks(message.packed));
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
        void worker.terminate();
      }
    } else if (message.type === 'result') {
      // The networks stay packed: decoded one at a time as the rows are made (jobs/run-rows.ts).
      const result: ListedResult = { ...message.result.rest, networks: packedNetworks(message.result) };
      const answer: AnalysisAnswer = { result, dangling: message.dangling, heap: message.heap };
      if (message.late) answer.late = message.late;
      settle?.resolve(answer);
      settle = undefined;
      void worker.terminate();
    } else {
      const error = new Error(`jobs/analysis-worker: the analysis failed in the worker: ${message.message}`);
      if (message.stack) error.stack = message.stack;
      fail(error);
      void worker.terminate();
    }
  });
  worker.on('error', (error) => {
    const code = (error as { code?: string }).code;
    fail(
      code === 'ERR_WORKER_OUT_OF_MEMORY' && settings.heapMb !== null
        ? new Error(
            `jobs/analysis-worker: the analysis needed more than its ${settings.heapMb} MB heap (sized from the graph's estimate, jobs/engine.ts); give it a heap explicitly with SKEIN_ANALYSIS_MAX_HEAP_MB (--max-heap-mb for npm run analyse) or narrow the run (${error.message})`,
          )
        : error,
    );
  });
  worker.on('exit', (code) => {
    if (settle)
      fail(new Error(`jobs/analysis-worker: the worker exited (code ${code}) before returning a result`));
  });

  const collectReadGarbage =
    settings.readGarbageMb === null ? undefined : readGarbageCollector(settings.readGarbageMb);
  let nodes: StreamedNode[] = [];
  let relationships: StreamedRelationship[] = [];
  const send = (message: ToWorker) => {
    if (failure) return;
    if (message.type !== 'analyse') unread++;
    worker.postMessage(message);
    if (message.type !== 'analyse') collectReadGarbage?.();
  };
  const flush = () => {
    if (nodes.length > 0) send({ type: 'nodes', rows: nodes });
    if (relationships.length > 0) send({ type: 'relationships', rows: relationships });
    nodes = [];
    relationships = [];
  };
  return {
    node(node) {
      if (relationships.length > 0) flush();
      // Only what the graph keeps crosses to the worker: less to copy and to hold in flight.
      nodes.push({ ...node, props: analysisProps(node.props) });
      if (nodes.length >= settings.chunk) flush();
    },
    relationship(relationship) {
      if (nodes.length > 0) flush();
      relationships.push({ ...relationship, props: analysisProps(relationship.props) });
      if (relationships.length >= settings.chunk) flush();
    },
    relationships(page) {
      flush();
      // Only the columns the graph keeps cross: lists of strings and numbers, a cheap clone.
      const keys: string[] = [];
      const columns: RelationshipPage['columns'] = [];
      page.keys.forEach((key, k) => {
        if (!ANALYSIS_ATTRIBUTES.has(key)) return;
        keys.push(key);
        columns.push(page.columns[k]!);
      });
      send({ type: 'relationshipPage', page: { ...page, keys, columns } });
    },
    drain() {
      if (failure || unread <= settings.maxUnread) return Promise.resolve();
      return new Promise((resume) => waiting.push(resume));
    },
    analyse(analyseOptions, previous, onProgress, stream) {
      flush();
      if (failure) return Promise.reject(failure);
      progress = onProgress;
      onNetworks = stream?.onNetworks;
      return new Promise((resolve, reject) => {
        settle = { resolve, reject };
        send({
          type: 'analyse',
          options: analyseOptions,
          previous: [...previous],
          ...(stream ? { stream: { top: stream.top, batch: STREAM_DEFAULTS.networkBatch } } : {}),
        });
      });
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
