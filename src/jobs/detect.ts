/**
 * A detection run as a job: `startDetection` returns the run id at once and a promise of the summary;
 * status and progress are on the AnalysisRun node (status running → completed | failed, phase,
 * progress, heartbeatAt), so the GraphQL layer can answer "how far is it" from the store.
 *
 * Steps: mark interrupted runs failed; create the run ('running') with its scope, the jurisdictions
 * it reads; stream the subgraph page by page to a worker thread (jobs/analysis-worker.ts) that builds
 * the in-memory graph and analyses it against the networks of the previous completed run *of the
 * same scope* (stable ids, changes), so the event loop stays free for other requests and nothing of
 * a run its viewers may not see is carried over; write networks, members and indicator matches in
 * batches; mark the run 'completed' last. `inProcess: true` does the same on this thread.
 */
import { randomBytes } from 'node:crypto';
import { ANALYSIS_ATTRIBUTES } from '../analyse/attributes.ts';
import { type AnalyseOptions, type AnalysisResult, analyse } from '../analyse/pipeline.ts';
import { DEFAULTS as PROJECTION_DEFAULTS } from '../analyse/project.ts';
import type { HGraph } from '../analyse/types.ts';
import { config } from '../config.ts';
import { entityLabels } from '../model/labels.ts';
import { relationshipTypes } from '../model/relationships.ts';
import { gdsCommunities, gdsVersion } from '../store/gds.ts';
import { networkMemberships, previousRunOfScope } from '../store/read/analysis.ts';
import { loadExtracts } from '../store/read/extracts.ts';
import { graphSize } from '../store/read/graph-size.ts';
import {
  type ProjectionQuery,
  type ProjectionStats,
  resolveScope,
  streamSubgraph,
} from '../store/read/projection.ts';
import { ALL_JURISDICTIONS, recordJurisdictions } from '../store/read/record-scope.ts';
import {
  abandonStaleRuns,
  completeRun,
  createRun,
  failRun,
  heartbeat,
  type MatchedRow,
  type RunResults,
  writeRunResults,
  writeRunTail,
} from '../store/write-analysis.ts';
import { startAnalysisWorker } from './analysis-worker.ts';
import { type CommunityAlgorithm, type Engine, type EngineChoice, planEngine } from './engine.ts';
import { graphBuilder } from './graph-builder.ts';
import { heartbeater } from './heartbeat.ts';
import { progressBeat, type RunProgress, superviseRun } from './lifecycle.ts';
import type { LateNetwork } from './packed-result.ts';
import {
  type ListedResult,
  lateNetworkFields,
  type ResultSummary,
  storedMatches,
  summariseResult,
  toRows,
} from './run-rows.ts';
import { streamedWriter } from './streamed-write.ts';

export interface DetectionParams {
  seed?: number;
  resolution?: number;
  /** Largest network before it is split by a local pass. */
  maxSize?: number;
  /** Louvain restarts (best modularity kept). */
  runs?: number;
  minNetworkSize?: number;
  since?: string;
  until?: string;
  labels?: string[];
  types?: string[];
  extracts?: string[];
  jurisdictions?: string[];
  pageSize?: number;
  /**
   * Identities (issue #13): records joined by a readable SAME_AS are always one actor; with
   * `proposedMinScore`, POSSIBLY_SAME_AS at or above it too (never across a rejected pair).
   */
  identities?: { proposedMinScore?: number | null };
  /**
   * Where community detection runs (jobs/engine.ts): `in-process`, `gds` (inside Neo4j), `auto`
   * (default: SKEIN_ANALYSIS_ENGINE, else auto).
   */
  engine?: EngineChoice;
  /** `louvain` (default) or `leiden` (GDS only). */
  algorithm?: CommunityAlgorithm;
  /** Largest heap the analysis may take (MB); default SKEIN_ANALYSIS_MAX_HEAP_MB, else from the machine. */
  maxHeapMb?: number;
  /** Advanced: passed to the analysis modules as they are (projection weights, indicator params...). */
  analysis?: Partial<Pick<AnalyseOptions, 'projection' | 'indicators' | 'risk' | 'stability'>>;
}

export type DetectionProgress = RunProgress;

/** Where community detection ran and why, with what the database reported when it was GDS. */
export interface EngineReport {
  engine: Engine;
  algorithm: CommunityAlgorithm;
  reason: string;
  heapMb: number;
  estimateMb: number;
  sized: { nodes: number; relationships: number; matches?: number };
  /** The analysis worker's heap as measured (jobs/analysis-protocol.ts WorkerHeap); absent in-process. */
  measured?: { graphHeapMb: number; peakHeapMb: number };
  gds?: { version: string; modularity: number; communities: number; nodes: number; relationships: number };
}

export interface RunSummary {
  runId: string;
  previousRunId: string | null;
  seed: number;
  modularity: number;
  finalModularity: number;
  counts: AnalysisResult['counts'] & { projectedNodes: number; projectedRelationships: number };
  engine: EngineReport;
  /** Joins used, proposals blocked by a rejection, records folded into identities. */
  identities: AnalysisResult['identities'];
  timings: Record<string, number>;
  changes: AnalysisResult['changes'];
  /** Ranked networks, highest risk first (ids, sizes, risk, categories). */
  top: Array<{
    id: string;
    stableId: string;
    rank: number;
    size: number;
    risk: number;
    categories: string[];
    linksCategories: boolean;
    keyActors: string[];
    offenders: string[];
    victims: string[];
  }>;
}

export const DETECTION_DEFAULTS = {
  seed: 42,
  /** Progress is written to the run node at most this often. */
  heartbeatEveryMs: 2_000,
  topInSummary: 50,
  /**
   * Write each network while the worker goes on (jobs/streamed-write.ts), the rest at the end;
   * false: everything at the end, as the in-process path does.
   */
  streamWrites: true,
};

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Streams the store's subgraph into the analysis graph (heterogeneous, multi, directed). */
export async function loadGraph(
  query: ProjectionQuery,
): Promise<{ graph: HGraph; stats: ProjectionStats; danglingRelationships: number }> {
  const builder = graphBuilder();
  const stats = await streamSubgraph(query, builder);
  return { graph: builder.finish(), stats, danglingRelationships: builder.dangling() };
}

/**
 * The jurisdictions a run reads (its scope): those of its `extracts` when given (within
 * `jurisdictions`, when both are), else its `jurisdictions`, else ['*']. An extract without a
 * jurisdiction can only be described as '*'.
 */
export async function runScopeOf(params: DetectionParams): Promise<string[]> {
  const declared =
    params.jurisdictions && params.jurisdictions.length > 0
      ? recordJurisdictions(params.jurisdictions)
      : null;
  const all = declared === null || declared.includes(ALL_JURISDICTIONS);
  if (!params.extracts) return all ? [ALL_JURISDICTIONS] : declared;
  const found = await loadExtracts(params.extracts);
  const read = [...found.values()]
    .map((e) => (typeof e.props.jurisdiction === 'string' ? e.props.jurisdiction.toUpperCase() : null))
    .filter((j) => all || j === null || declared.includes(j));
  if (read.includes(null)) return [ALL_JURISDICTIONS];
  return recordJurisdictions(read as string[]);
}

async function run(
  runId: string,
  scope: readonly string[],
  params: DetectionParams,
  report: (p: DetectionProgress) => void,
  inProcess: boolean,
  warn: (message: string) => void,
): Promise<RunSummary> {
  const seed = params.seed ?? DETECTION_DEFAULTS.seed;
  const pulse = heartbeater(runId, heartbeat, warn, DETECTION_DEFAULTS.heartbeatEveryMs);
  const beat = progressBeat(runId, report, pulse);
  const started = performance.now();
  beat('sizing');
  const engine = await planRun(params);
  beat('projection');
  const query: ProjectionQuery = {
    onProgress: (p) =>
      beat(
        'projection',
        undefined,
        `${p.phase} ${p.label}: ${p.nodes} nodes, ${p.relationships} relationships`,
      ),
  };
  if (params.labels) query.labels = params.labels;
  if (params.types) query.types = params.types;
  if (params.since) query.since = params.since;
  if (params.until) query.until = params.until;
  if (params.extracts) query.extracts = params.extracts;
  if (params.jurisdictions && !params.jurisdictions.includes(ALL_JURISDICTIONS)) {
    query.jurisdictions = params.jurisdictions;
  }
  if (params.pageSize) query.pageSize = params.pageSize;
  // Only what the analysis graph keeps crosses Bolt (graph-builder.ts keeps no other attribute).
  query.attributes = [...ANALYSIS_ATTRIBUTES];
  // The run reads the matches made for the jurisdictions it reads, as its viewers would.
  const proposedMinScore = params.identities?.proposedMinScore ?? null;
  query.identities = { jurisdictions: scope, proposedMinScore };
  const previousRun = await previousRunOfScope(scope, runId);
  const previous = previousRun ? await networkMemberships(previousRun.id) : [];
  const communities: AnalyseOptions['communities'] = { seed };
  const gdsTimings: Record<string, number> = {};
  if (engine.engine === 'gds') {
    beat('communities', undefined, `in the database (GDS ${engine.algorithm})`);
    const found = await gdsCommunities({
      graphName: `skein-${runId}`,
      scope: (await resolveScope(query)).scope,
      since: params.since ?? null,
      until: params.until ?? null,
      algorithm: engine.algorithm,
      seed,
      resolution: params.resolution ?? 1,
      weights: { ...PROJECTION_DEFAULTS.weights, ...(params.analysis?.projection?.weights ?? {}) },
      sharedIdentifierMaxActors:
        params.analysis?.projection?.sharedIdentifierMaxActors ??
        PROJECTION_DEFAULTS.sharedIdentifierMaxActors,
      concurrency: 1,
    });
    communities.partition = found.partition;
    gdsTimings.gdsProject = found.timings.project;
    gdsTimings.gdsDetect = found.timings.detect;
    gdsTimings.gdsStream = found.timings.stream;
    engine.gds = {
      version: found.version,
      modularity: found.modularity,
      communities: found.communities,
      nodes: found.nodes,
      relationships: found.relationships,
    };
  }
  if (params.resolution !== undefined) communities.resolution = params.resolution;
  if (params.maxSize !== undefined) communities.maxSize = params.maxSize;
  if (params.runs !== undefined) communities.runs = params.runs;
  const options: Partial<Omit<AnalyseOptions, 'progress' | 'onNetworks'>> = {
    ...(params.analysis ?? {}),
    communities,
    identities: { proposedMinScore },
  };
  if (params.minNetworkSize !== undefined) options.minNetworkSize = params.minNetworkSize;
  const progress: AnalyseOptions['progress'] = (e) =>
    beat(e.phase, e.done !== undefined && e.of ? e.done / e.of : undefined);

  let stats: ProjectionStats;
  let analysed: ListedResult;
  // Streamed runs: the networks were written as the worker found them; the tail is left.
  let streamed:
    | { late: LateNetwork[]; matched: MatchedRow[]; transactions: number; busyMs: number }
    | undefined;
  let waitMs = 0;
  if (inProcess) {
    const loaded = await loadGraph(query);
    stats = loaded.stats;
    analysed = analyse(loaded.graph, { ...options, progress }, previous);
  } else {
    // The graph is built and analysed in a worker thread; this thread streams pages to it and,
    // while the worker ranks and links, writes the networks it has found (jobs/streamed-write.ts).
    const worker = startAnalysisWorker({ heapMb: engine.heapMb });
    const writer = DETECTION_DEFAULTS.streamWrites
      ? streamedWriter(runId, { onFailure: () => void worker.terminate() })
      : undefined;
    try {
      stats = await streamSubgraph(query, worker);
      const answer = await worker.analyse(
        options,
        previous,
        progress,
        writer ? { top: DETECTION_DEFAULTS.topInSummary, onNetworks: writer.networks } : undefined,
      );
      analysed = answer.result;
      engine.measured = { graphHeapMb: answer.heap.graphMb, peakHeapMb: answer.heap.peakMb };
      if (writer) {
        const waited = performance.now();
        const early = await writer.settled();
        waitMs = Math.round(performance.now() - waited);
        streamed = { late: answer.late ?? [], matched: writer.matched, ...early };
      }
    } catch (error) {
      await worker.terminate();
      // A failed write stopped the worker: its error, not the worker's exit, is the run's.
      throw writer?.failure() ?? error;
    }
  }

  beat('writing');
  const writeStarted = performance.now();
  const lap = (() => {
    let last = writeStarted;
    return () => {
      const now = performance.now();
      const ms = Math.round(now - last);
      last = now;
      return ms;
    };
  })();
  // The rows consume the result: each network is let go of once its rows are made, so the result
  // and the rows are not both held whole (issue 16: 1.04 GB of heap here on the 2.95M world).
  const result: ResultSummary = summariseResult(analysed, DETECTION_DEFAULTS.topInSummary);
  let written: { transactions: number };
  const writeTimings: Record<string, number> = {};
  if (streamed) {
    const tail = {
      matches: storedMatches(analysed.matches, streamed.matched),
      matched: streamed.matched,
      late: streamed.late.map((n) => lateNetworkFields(runId, n)),
    };
    writeTimings.writeRows = lap();
    written = await writeRunTail(runId, tail);
    written.transactions += streamed.transactions;
    writeTimings.writeResults = lap();
    // Overlapped with the analysis: the streamed writes' own time, and the wait for the last ones.
    writeTimings.writeStreamed = streamed.busyMs;
    writeTimings.writeStreamedWait = waitMs;
  } else {
    const rows: RunResults = toRows(runId, analysed, { consume: true });
    writeTimings.writeRows = lap();
    written = await writeRunResults(runId, rows, {
      onPage: (done, of) => beat('writing', of > 0 ? done / of : undefined),
    });
    writeTimings.writeResults = lap();
  }
  const timings = {
    ...gdsTimings,
    projection: stats.ms,
    ...result.timings,
    ...writeTimings,
    write: Math.round(performance.now() - writeStarted),
    total: Math.round(performance.now() - started),
  };
  const counts = {
    ...result.counts,
    projectedNodes: stats.nodes,
    projectedRelationships: stats.relationships,
    identities: result.identities.identities,
    identityRecords: result.identities.mergedRecords + result.identities.identities,
    writeTransactions: written.transactions,
  };
  // A heartbeat still in flight must land before the completion, or its phase overwrites it.
  await pulse.settled();
  await completeRun(runId, {
    modularity: result.modularity,
    finalModularity: result.finalModularity,
    previousRunId: previousRun?.id ?? null,
    timingsJson: JSON.stringify(timings),
    countsJson: JSON.stringify(counts),
    changesJson: JSON.stringify(result.changes),
    hubsJson: JSON.stringify(result.hubs),
    parentsJson: JSON.stringify(result.parents),
    engineJson: JSON.stringify(engine),
  });
  report({ runId, phase: 'completed', progress: 1 });
  return {
    runId,
    previousRunId: previousRun?.id ?? null,
    seed,
    modularity: result.modularity,
    finalModularity: result.finalModularity,
    counts,
    engine,
    timings,
    changes: result.changes,
    identities: result.identities,
    top: result.top.map((n) => ({
      id: `${runId}/${n.id}`,
      stableId: n.id,
      rank: n.rank,
      size: n.size,
      risk: n.risk,
      categories: n.categories,
      linksCategories: n.linksCategories,
      keyActors: n.keyActors,
      offenders: n.offenders,
      victims: n.victims,
    })),
  };
}

/**
 * Sizes the run from the store's counts and picks its engine (jobs/engine.ts): refuses at once —
 * before anything is read — a run whose analysis would not fit the heap it may take.
 */
async function planRun(params: DetectionParams): Promise<EngineReport> {
  const settings = config().analysis;
  const choice = params.engine ?? settings.engine;
  const types = params.types ? relationshipTypes().filter((t) => params.types!.includes(t)) : undefined;
  const labels = params.labels ? entityLabels().filter((l) => params.labels!.includes(l)) : undefined;
  const sized = await graphSize(labels, types);
  const gds = choice === 'in-process' && params.algorithm !== 'leiden' ? null : await gdsVersion();
  const plan = planEngine({
    engine: choice,
    ...(params.algorithm ? { algorithm: params.algorithm } : {}),
    size: sized,
    gds,
    maxHeapMb: params.maxHeapMb ?? settings.maxHeapMb,
  });
  return {
    engine: plan.engine,
    algorithm: plan.algorithm,
    reason: plan.reason,
    heapMb: plan.heapMb,
    estimateMb: plan.estimateMb,
    sized,
  };
}

/**
 * Starts a detection run and returns at once. `done` settles when the run is stored (or failed: the
 * run node then says 'failed' with the error); `audited` when its audit record (who, what, outcome)
 * is durable, after `done` — it rejects when the record cannot be written, and a caller that must
 * not end unaudited (the CLI) waits for it. Neither causes an unhandled rejection if ignored.
 */
export async function startDetection(
  params: DetectionParams = {},
  options: {
    onProgress?: (progress: DetectionProgress) => void;
    runId?: string;
    /**
     * Analyse on this thread instead of a worker thread. The worker keeps a server responsive
     * during a long run; in-process is simpler to debug and profile.
     */
    inProcess?: boolean;
    /** Who started the run, for the audit trail: a user's subject, `cli:<user>`, `system`. */
    actor?: string;
    /**
     * The jurisdictions of who started it (their audit record is for admins covering them);
     * default ['*']: the CLI and the system hold the database credentials.
     */
    actorJurisdictions?: readonly string[];
    /** Problems that do not stop the run (a heartbeat not written...); default: stderr. */
    onWarning?: (message: string) => void;
  } = {},
): Promise<{ runId: string; scope: string[]; done: Promise<RunSummary>; audited: Promise<void> }> {
  const runId = options.runId ?? newRunId();
  await abandonStaleRuns();
  const scope = await runScopeOf(params);
  await createRun({ id: runId, seed: params.seed ?? DETECTION_DEFAULTS.seed, params, jurisdictions: scope });
  const report = options.onProgress ?? (() => undefined);
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  const { done, audited } = superviseRun(
    run(runId, scope, params, report, options.inProcess ?? false, warn),
    {
      module: 'jobs/detect',
      kind: 'analysis',
      runId,
      params,
      actor: options.actor ?? 'system',
      actorJurisdictions: options.actorJurisdictions ?? ['*'],
      report,
      warn,
      markFailed: failRun,
      outcome: (summary) => `complete: ${summary.counts.networks} networks`,
    },
  );
  return { runId, scope, done, audited };
}
