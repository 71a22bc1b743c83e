/**
 * Where a detection run's community detection runs, and how much heap its analysis worker gets —
 * decided from the graph's size before anything is read, so a run that cannot fit fails at once
 * with a message naming the option, instead of a worker dying of "JS heap out of memory" after
 * minutes (and the run record left 'running').
 *
 * Engines: `in-process` (Louvain in the analysis worker, analyse/communities.ts), `gds` (Louvain or
 * Leiden inside Neo4j, store/gds.ts; the partition then goes through the same refinement and the
 * rest of the analysis), `auto` (gds when the server has GDS and the run reads at least
 * `autoGdsFromRelationships` relationships, else in-process).
 *
 * Heap: the worker holds the slim analysis graph (jobs/graph-builder.ts: only the attributes the
 * analysis reads, strings interned), then the analysis's indexes, the identity graph and results.
 * The coefficients are set from the worker's measured peak heap (`engineJson.measured`,
 * scripts/bench/detect-e2e.ts) on the 120,000-person world (issue 16) and the dev worlds, with room
 * above it (docs/detection.md "Engines and big graphs"). A run whose estimate is above `maxHeapMb`
 * is refused at once. Otherwise the worker's heap is sized from the estimate (`heapHeadroom` times
 * it, at least `minHeapMb`, at most `maxHeapMb`): a V8 limit rather than a reservation, but one
 * that keeps V8 collecting instead of growing the process towards half the machine. A limit given
 * explicitly (SKEIN_ANALYSIS_MAX_HEAP_MB, --max-heap-mb) is the worker's heap as it is: the way out
 * when an estimate proves low.
 */
import { totalmem } from 'node:os';

export type EngineChoice = 'auto' | 'in-process' | 'gds';
export type Engine = 'in-process' | 'gds';
export type CommunityAlgorithm = 'louvain' | 'leiden';

export const ENGINE_DEFAULTS = {
  /**
   * The analysis's live memory at its largest (after a full GC; scripts/bench/detect-phase-heap.ts):
   * 998 MB of heap and 146 MB of typed arrays (outside the heap, counted here all the same) for
   * 511k nodes and 2.95M relationships (issue 16, docs/benchmarks/2026-12-07-detect-columns.md;
   * 1,338 MB of heap before the relationships' attributes became columns, 1,753 MB before the
   * graph index kept fewer lists and the record graph its keys compact); these give 1,352 MB for
   * it (1.18x, the margin the estimate had before) and 300 MB for the synthetic 30,000-person world
   * (118k nodes, 390k relationships: 193 + 26 MB measured).
   */
  bytesPerNode: 375,
  bytesPerRelationship: 370,
  baseMb: 128,
  /**
   * With match relationships the analysis builds a graph of identities beside the records' (it
   * shares their attributes, not its nodes, edges and indexes): this much more per node and
   * relationship, whether or not the run joins any.
   */
  identityBytesPerNode: 150,
  identityBytesPerRelationship: 200,
  /** Default ceiling when none is configured: half the machine's memory, at most 16 GB. */
  maxHeapShare: 0.5,
  maxHeapCapMb: 16_384,
  /**
   * The worker's heap when no limit is given: this times the estimate, at least `minHeapMb`. A
   * limit close to what the analysis holds keeps V8 collecting instead of letting garbage grow the
   * process: at 1.15 (2,371 MB) the 2.95M-relationship run peaked at 2,681 MB of RSS against
   * 3,161 MB at 1.5 times the former estimate (4,698 MB), for the same CPU.
   */
  heapHeadroom: 1.15,
  minHeapMb: 512,
  autoGdsFromRelationships: 1_000_000,
};

export interface EnginePlan {
  engine: Engine;
  algorithm: CommunityAlgorithm;
  /** Heap given to the analysis worker (MB): sized from the estimate, or the explicit limit. */
  heapMb: number;
  estimateMb: number;
  maxHeapMb: number;
  reason: string;
}

export class EngineError extends Error {
  readonly code = 'ANALYSIS_TOO_LARGE';
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export function estimateHeapMb(size: { nodes: number; relationships: number; matches?: number }): number {
  const d = ENGINE_DEFAULTS;
  let bytes = size.nodes * d.bytesPerNode + size.relationships * d.bytesPerRelationship;
  if ((size.matches ?? 0) > 0)
    bytes += size.nodes * d.identityBytesPerNode + size.relationships * d.identityBytesPerRelationship;
  return Math.ceil(d.baseMb + bytes / 1_048_576);
}

export function defaultMaxHeapMb(machineBytes = totalmem()): number {
  return Math.min(
    ENGINE_DEFAULTS.maxHeapCapMb,
    Math.floor((machineBytes / 1_048_576) * ENGINE_DEFAULTS.maxHeapShare),
  );
}

export function planEngine(input: {
  engine: EngineChoice;
  algorithm?: CommunityAlgorithm;
  size: { nodes: number; relationships: number; matches?: number };
  /** Installed GDS version; null when the server has none. */
  gds: string | null;
  maxHeapMb?: number | null;
}): EnginePlan {
  const algorithm = input.algorithm ?? 'louvain';
  const explicit = input.maxHeapMb !== undefined && input.maxHeapMb !== null;
  const maxHeapMb = input.maxHeapMb ?? defaultMaxHeapMb();
  const estimateMb = estimateHeapMb(input.size);
  const heapMb = explicit
    ? maxHeapMb
    : Math.min(
        maxHeapMb,
        Math.max(ENGINE_DEFAULTS.minHeapMb, Math.ceil(estimateMb * ENGINE_DEFAULTS.heapHeadroom)),
      );
  const { nodes, relationships } = input.size;
  if (estimateMb > maxHeapMb) {
    throw new EngineError(
      `jobs/engine: this run reads up to ${nodes} nodes and ${relationships} relationships, an estimated ` +
        `${estimateMb} MB of analysis heap; the analysis may take at most ${maxHeapMb} MB. Raise the ` +
        `limit (SKEIN_ANALYSIS_MAX_HEAP_MB, or --max-heap-mb for npm run analyse) on a machine with ` +
        `that much memory free, or narrow the run (--extracts, --jurisdictions, --since/--until, --types).`,
    );
  }
  if (algorithm === 'leiden' && input.engine === 'in-process') {
    throw new EngineError(
      'jobs/engine: Leiden runs in the database only (GDS); use --engine gds or auto with GDS installed, or --algorithm louvain.',
    );
  }
  let engine: Engine;
  let reason: string;
  if (input.engine === 'gds') {
    if (input.gds === null) {
      throw new EngineError(
        'jobs/engine: --engine gds needs the Graph Data Science library in Neo4j: set SKEIN_NEO4J_GDS=true ' +
          'and restart the embedded server (npm run neo4j -- restart), or install the GDS plugin on your ' +
          'server (docs/operations.md); or use --engine in-process.',
      );
    }
    engine = 'gds';
    reason = 'asked for';
  } else if (input.engine === 'in-process') {
    engine = 'in-process';
    reason = 'asked for';
  } else if (algorithm === 'leiden') {
    if (input.gds === null) {
      throw new EngineError(
        'jobs/engine: Leiden runs in the database only and the server has no GDS (SKEIN_NEO4J_GDS=true, docs/operations.md); use --algorithm louvain.',
      );
    }
    engine = 'gds';
    reason = 'Leiden runs in GDS';
  } else if (input.gds !== null && relationships >= ENGINE_DEFAULTS.autoGdsFromRelationships) {
    engine = 'gds';
    reason = `${relationships} relationships >= ${ENGINE_DEFAULTS.autoGdsFromRelationships}`;
  } else {
    engine = 'in-process';
    reason =
      input.gds === null
        ? 'no GDS on the server'
        : `${relationships} relationships < ${ENGINE_DEFAULTS.autoGdsFromRelationships}`;
  }
  return {
    engine,
    algorithm,
    heapMb,
    estimateMb,
    maxHeapMb,
    reason,
  };
}
