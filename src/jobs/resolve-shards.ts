/**
 * Resolution on several threads: every heavy phase is split between this thread and a worker thread
 * per other shard (jobs/resolve-shard-worker.ts). The first pass (blocking, comparing, rules,
 * exclusions) in shards of record ranges, merged in range order here; the weights' sampled pairs in
 * parts of the sample sequence (their counts add up); the collective pass in parts of its work items
 * (each item's outcome is its own), the workers reading the merged pairs on shared memory. Fitting
 * the weights and proposing run here (a small share of the CPU). Every thread prepares all the
 * records (a pair's two records may fall in any shard): at the same time, so it costs CPU and memory
 * but no wall time (the name census and the context's ranking, which need all of them, are made
 * here only and handed on, while the workers hash the block keys); page by page as they arrive when the run's time is known from the start
 * (`now`), so no thread holds the raw records beside the prepared ones. The block keys are hashed
 * once: each thread its share of the records, joined here on shared memory for all to block from.
 *
 * The answer is the one-thread answer whatever the number of shards (analyse/resolve/resolve.ts
 * finishResolution; tested in test/unit/jobs/resolve-shards.test.ts).
 */
import { Worker } from 'node:worker_threads';
import { type BlockEntries, blockEntries, joinBlockEntries } from '../analyse/resolve/blocking.ts';
import { type CensusColumns, censusColumns } from '../analyse/resolve/census-columns.ts';
import { type ContextColumns, contextColumns } from '../analyse/resolve/context.ts';
import type { Weights } from '../analyse/resolve/fellegi-sunter.ts';
import { RecordPreparer } from '../analyse/resolve/prepare.ts';
import {
  adoptSweep,
  applyCollective,
  type CollectiveShare,
  type CollectiveSweep,
  collectiveItems,
  collectiveShare,
  collectiveWork,
  type FirstPass,
  firstPass,
  mergeFirstPasses,
  type NameEvidence,
  type PairColumns,
  type PatternSamples,
  preparedResolution,
  prepareResolution,
  proposeResolution,
  type ResolutionPhase,
  type ResolutionResult,
  type resolveRecords,
  samplePatterns,
  shardKeyRanges,
  shardRanges,
  sweepCollective,
  weighResolution,
} from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';

type ResolveOptions = NonNullable<Parameters<typeof resolveRecords>[1]>;

/** The merged pairs a worker sweeps, as views of shared memory (posting them copies nothing). */
export interface SharedPairs {
  pairs: PairColumns;
  held: PairColumns;
  certainIndex: Int32Array;
  apart: Float64Array;
}

export type ToShardWorker =
  /** The run's time, when known before its records: each page is then prepared as it comes. */
  | { type: 'begin'; now: string }
  | { type: 'records'; records: ResolutionRecord[] }
  | { type: 'prepare'; options: ResolveOptions; now: string; index: number; count: number }
  /**
   * Every record's block key entries, joined from the threads' parts, on shared memory; and the
   * name census, counted once here (workers do not count it: census-columns.ts), and the ranked
   * context, likewise (workers keep no raw context: context.ts contextColumns).
   */
  | { type: 'shard'; entries: BlockEntries; census: CensusColumns; context: ContextColumns }
  | { type: 'samples' }
  | {
      type: 'collective';
      weights: Weights;
      evidences: NameEvidence[];
      shared: SharedPairs;
      /** The coordinator's set-up of the pass: partners and the pairs below the threshold. */
      share: CollectiveShare;
    };

export type FromShardWorker =
  | { type: 'keys'; entries: BlockEntries }
  | { type: 'pass'; pass: FirstPass }
  | { type: 'samples'; samples: PatternSamples }
  | {
      type: 'sweep';
      sweep: CollectiveSweep;
      /** The worker's table of evidence codes and the (pattern, code) keys it scored. */
      evidences: NameEvidence[];
      scored: Float64Array;
    }
  | { type: 'error'; message: string; stack?: string | undefined };

export const RESOLVE_SHARDS_DEFAULTS = {
  /** Threads running the first pass (this one included); 1 runs everything here. */
  shards: 2,
  /** Records per message to a shard worker. */
  chunk: 5_000,
  /**
   * The run's time (dates after its year are impossible), when known before the records: every
   * thread then prepares each page as it comes and keeps no raw records (at a million records the
   * raw ones held beside the prepared ones, on each thread, were a gigabyte and more of the peak).
   * Undefined: pages are kept raw and prepared when `resolve` gives the time.
   */
  now: undefined as Date | undefined,
};

/** Built: the compiled worker; from the sources (tsx): the boot file that registers tsx first. */
const WORKER_ENTRY = import.meta.url.endsWith('.js')
  ? './resolve-shard-worker.js'
  : './resolve-shard-worker-boot.mjs';

/**
 * A sharded resolution fed page by page, as jobs/resolve-thread.ts's worker: `add` keeps the records
 * here and posts them on to every shard worker as they come, `resolve` runs this thread's shard and
 * settles when all are merged.
 */
export interface ShardedResolution {
  add(records: readonly ResolutionRecord[]): void;
  resolve(
    options: ResolveOptions,
    now?: Date,
    phase?: (name: ResolutionPhase) => void,
  ): Promise<ResolutionResult>;
  /** Stops the shard workers without a result. */
  close(): void;
}

export function startShardedResolution(
  settings: Partial<typeof RESOLVE_SHARDS_DEFAULTS> = {},
): ShardedResolution {
  const { shards, chunk, now: begun } = { ...RESOLVE_SHARDS_DEFAULTS, ...settings };
  if (!(Number.isInteger(shards) && shards >= 1)) {
    throw new Error(`jobs/resolve-shards: shards must be a whole number from 1, got ${shards}`);
  }
  const records: ResolutionRecord[] = [];
  const preparer = begun ? new RecordPreparer(begun) : undefined;
  const workers = Array.from(
    { length: shards - 1 },
    () => new Worker(new URL(WORKER_ENTRY, import.meta.url)),
  );
  if (begun)
    for (const worker of workers)
      worker.postMessage({ type: 'begin', now: begun.toISOString() } satisfies ToShardWorker);
  const close = () => {
    for (const worker of workers) void worker.terminate();
  };
  /**
   * A worker's replies in order: `next(type)` settles with its next message, which must be of
   * `type`, or with its failure (an error, or an exit before answering).
   */
  const replier = (worker: Worker) => {
    let waiting:
      | { type: string; resolve: (m: FromShardWorker) => void; reject: (e: Error) => void }
      | undefined;
    let failure: Error | undefined;
    const fail = (error: Error) => {
      failure ??= error;
      waiting?.reject(failure);
      waiting = undefined;
    };
    worker.on('message', (message: FromShardWorker) => {
      if (message.type === 'error') {
        const error = new Error(`jobs/resolve-shards: a shard failed in its worker: ${message.message}`);
        if (message.stack) error.stack = message.stack;
        return fail(error);
      }
      if (!waiting || waiting.type !== message.type)
        return fail(new Error(`jobs/resolve-shards: a shard worker answered ${message.type} unasked`));
      const { resolve } = waiting;
      waiting = undefined;
      resolve(message);
    });
    worker.on('error', fail);
    worker.on('exit', (code) =>
      fail(new Error(`jobs/resolve-shards: a shard worker exited (code ${code}) before its answer`)),
    );
    return {
      next: (type: FromShardWorker['type']) =>
        new Promise<FromShardWorker>((resolve, reject) => {
          if (failure) return reject(failure);
          waiting = { type, resolve, reject };
        }),
    };
  };
  const replies = workers.map(replier);
  return {
    add(page) {
      // Posted first: the workers prepare their copy while this thread prepares its own.
      for (let i = 0; i < page.length; i += chunk) {
        const message: ToShardWorker = { type: 'records', records: page.slice(i, i + chunk) };
        for (const worker of workers) worker.postMessage(message);
      }
      if (preparer) preparer.add(page);
      else for (const record of page) records.push(record);
    },
    async resolve(options, now = begun ?? new Date(), phase = () => undefined) {
      if (begun && now.getTime() !== begun.getTime()) {
        close();
        throw new Error(
          `jobs/resolve-shards: resolve was given another time (${now.toISOString()}) than the run began with (${begun.toISOString()}); pass the same \`now\` or none`,
        );
      }
      /** Posts `message` to every worker and awaits each one's reply of `type`. */
      const ask = <T extends FromShardWorker['type']>(
        message: ToShardWorker,
        type: T,
        /** What differs per worker (its shard's index), merged into the message. */
        own: (k: number) => object = () => ({}),
      ) =>
        Promise.all(
          workers.map((worker, k) => {
            const reply = replies[k]!.next(type);
            worker.postMessage({ ...message, ...own(k) });
            return reply as Promise<Extract<FromShardWorker, { type: T }>>;
          }),
        );
      try {
        const keys = ask(
          { type: 'prepare', options, now: now.toISOString(), index: 0, count: shards },
          'keys',
          (k) => ({ index: k + 1 }),
        );
        // A failure is read when awaited; until then it must not go unhandled.
        keys.catch(() => undefined);
        const prepared = preparer
          ? preparedResolution(preparer, options)
          : prepareResolution(records, options, now);
        // Prepared: the raw records (a gigabyte and more at a million) are not read again here.
        records.length = 0;
        phase('prepare');
        // Block keys hashed once: each worker its even share of the records (this thread none, but
        // alone: it counted the census meanwhile), joined in record order.
        const n = prepared.records.length;
        const ownKeys = blockEntries(
          prepared.records,
          prepared.settings.blocking,
          shardKeyRanges(n, shards)[0],
        );
        const entries = joinBlockEntries([ownKeys, ...(await keys).map((reply) => reply.entries)], true);
        const census = censusColumns(prepared.census);
        const context = contextColumns(prepared.records);
        const passes = ask({ type: 'shard', entries, census, context }, 'pass');
        passes.catch(() => undefined);
        const mine = firstPass(prepared, shardRanges(n, shards)[0], entries);
        const merged = mergeFirstPasses([mine, ...(await passes).map((reply) => reply.pass)]);
        phase('block and compare');
        const samples = ask({ type: 'samples' }, 'samples');
        samples.catch(() => undefined);
        const ownSamples = samplePatterns(prepared, 0, shards);
        const scoring = weighResolution(prepared, merged, [
          ownSamples,
          ...(await samples).map((reply) => reply.samples),
        ]);
        phase('weights');
        const shared: SharedPairs = {
          pairs: merged.pairs.view(),
          held: merged.held.view(),
          certainIndex: Int32Array.from(merged.certainIndex.flat()),
          apart: merged.apart.view(),
        };
        // The set-up (pairs scored, partners sorted) made here once and handed on, not per thread.
        const work = collectiveWork(prepared, merged, scoring);
        const share = collectiveShare(work);
        const sweeps = ask(
          { type: 'collective', weights: scoring.weights, evidences: merged.evidences.list, shared, share },
          'sweep',
        );
        sweeps.catch(() => undefined);
        const own = sweepCollective(work, collectiveItems(work, 0, shards));
        const theirs = (await sweeps).map((reply) =>
          adoptSweep(scoring, merged.evidences, reply.sweep, reply),
        );
        const through = applyCollective(work, [own, ...theirs]);
        phase('collective');
        const result = proposeResolution(prepared, merged, scoring, through);
        phase('propose');
        return result;
      } finally {
        close();
      }
    },
    close,
  };
}

/** Resolves `records` on `shards` threads (this one included): resolveRecords's answer. */
export function resolveSharded(
  records: readonly ResolutionRecord[],
  options: ResolveOptions,
  now = new Date(),
  settings: Partial<typeof RESOLVE_SHARDS_DEFAULTS> = {},
  phase?: (name: ResolutionPhase) => void,
): Promise<ResolutionResult> {
  // The time is known from the start: every thread prepares the records as they come.
  const sharded = startShardedResolution({ ...settings, now });
  sharded.add(records);
  return sharded.resolve(options, now, phase);
}
