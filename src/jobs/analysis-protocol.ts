/** Messages between jobs/analysis-worker.ts (main thread) and jobs/detect-worker.ts (the worker). */
import type { AnalyseOptions } from '../analyse/pipeline.ts';
import type { PreviousNetwork } from '../analyse/stability.ts';
import type { RelationshipPage, StreamedNode, StreamedRelationship } from '../store/read/projection.ts';
import type { LateNetwork, PackedNetworks, PackedResult } from './packed-result.ts';

export type ToWorker =
  | { type: 'nodes'; rows: StreamedNode[] }
  | { type: 'relationships'; rows: StreamedRelationship[] }
  /** A store page of relationships as columns (only the columns the graph keeps). */
  | { type: 'relationshipPage'; page: RelationshipPage }
  | {
      type: 'analyse';
      options: Partial<Omit<AnalyseOptions, 'progress' | 'onNetworks'>>;
      previous: PreviousNetwork[];
      /**
       * Send the networks as they are found ('networks' messages) and, at the end, only the first
       * `top` of them whole and every network's late fields (jobs/streamed-write.ts); `batch`
       * networks per message (the main thread's analyse/pipeline.ts STREAM_DEFAULTS).
       */
      stream?: { top: number; batch: number };
    };

export type FromWorker =
  | { type: 'progress'; phase: string; done?: number; of?: number }
  /** One page of rows is in the graph (the main thread sends more only while few are unread). */
  | { type: 'ack' }
  /** Networks just found (streamed runs): not ranked or linked yet (analyse/pipeline.ts onNetworks). */
  | { type: 'networks'; packed: PackedNetworks }
  /**
   * The result, its networks packed into transferred buffers (jobs/packed-result.ts); in a
   * streamed run only its first `top` networks, and `late` has every network's late fields.
   */
  | { type: 'result'; result: PackedResult; late?: LateNetwork[]; dangling: number; heap: WorkerHeap }
  | { type: 'error'; message: string; stack?: string };

/**
 * The worker's own V8 heap (MB, garbage not yet collected included): once the graph is built and
 * the highest seen at any progress event or at the end — what jobs/engine.ts's estimate is checked
 * against (docs/detection.md "Engines and big graphs").
 */
export interface WorkerHeap {
  graphMb: number;
  peakMb: number;
}
