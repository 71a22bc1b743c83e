/** Messages between jobs/analysis-worker.ts (main thread) and jobs/detect-worker.ts (the worker). */
import type { AnalyseOptions } from '../analyse/pipeline.ts';
import type { PreviousNetwork } from '../analyse/stability.ts';
import type { RelationshipPage, StreamedNode, StreamedRelationship } from '../store/read/projection.ts';
import type { PackedResult } from './packed-result.ts';

export type ToWorker =
  | { type: 'nodes'; rows: StreamedNode[] }
  | { type: 'relationships'; rows: StreamedRelationship[] }
  /** A store page of relationships as columns (only the columns the graph keeps). */
  | { type: 'relationshipPage'; page: RelationshipPage }
  | {
      type: 'analyse';
      options: Partial<Omit<AnalyseOptions, 'progress'>>;
      previous: PreviousNetwork[];
    };

export type FromWorker =
  | { type: 'progress'; phase: string; done?: number; of?: number }
  /** One page of rows is in the graph (the main thread sends more only while few are unread). */
  | { type: 'ack' }
  /** The result, its networks packed into transferred buffers (jobs/packed-result.ts). */
  | { type: 'result'; result: PackedResult; dangling: number; heap: WorkerHeap }
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
