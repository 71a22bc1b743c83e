/** Messages between jobs/analysis-worker.ts (main thread) and jobs/detect-worker.ts (the worker). */
import type { AnalyseOptions, AnalysisResult } from '../analyse/pipeline.ts';
import type { PreviousNetwork } from '../analyse/stability.ts';
import type { StreamedNode, StreamedRelationship } from '../store/read/projection.ts';

export type ToWorker =
  | { type: 'nodes'; rows: StreamedNode[] }
  | { type: 'relationships'; rows: StreamedRelationship[] }
  | {
      type: 'analyse';
      options: Partial<Omit<AnalyseOptions, 'progress'>>;
      previous: PreviousNetwork[];
    };

export type FromWorker =
  | { type: 'progress'; phase: string; done?: number; of?: number }
  | { type: 'result'; result: AnalysisResult; dangling: number }
  | { type: 'error'; message: string; stack?: string };
