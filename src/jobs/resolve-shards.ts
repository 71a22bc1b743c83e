/**
 * Resolution on several threads: the first pass (blocking, comparing, rules, exclusions — most of a
 * run's CPU) is split into shards of record ranges, this thread running the first and a worker
 * thread each of the others (jobs/resolve-shard-worker.ts); the passes are merged in range order and
 * the rest of the run (weights, collective pass, proposals) runs here. Every thread prepares all the
 * records (a pair's two records may fall in any shard): that costs each shard the preparation again,
 * which is less than the comparing it saves from about 100,000 records on.
 *
 * The answer is the one-thread answer whatever the number of shards (analyse/resolve/resolve.ts
 * finishResolution; tested in test/unit/jobs/resolve-shards.test.ts).
 */
import { Worker } from 'node:worker_threads';
import {
  type FirstPass,
  finishResolution,
  firstPass,
  prepareResolution,
  type ResolutionPhase,
  type ResolutionResult,
  type resolveRecords,
  shardRanges,
} from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';

type ResolveOptions = NonNullable<Parameters<typeof resolveRecords>[1]>;

export type ToShardWorker =
  | { type: 'records'; records: ResolutionRecord[] }
  | { type: 'shard'; options: ResolveOptions; now: string; index: number; count: number };

export type FromShardWorker =
  | { type: 'pass'; pass: FirstPass }
  | { type: 'error'; message: string; stack?: string | undefined };

export const RESOLVE_SHARDS_DEFAULTS = {
  /** Threads running the first pass (this one included); 1 runs everything here. */
  shards: 2,
  /** Records per message to a shard worker. */
  chunk: 5_000,
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
  const { shards, chunk } = { ...RESOLVE_SHARDS_DEFAULTS, ...settings };
  if (!(Number.isInteger(shards) && shards >= 1)) {
    throw new Error(`jobs/resolve-shards: shards must be a whole number from 1, got ${shards}`);
  }
  const records: ResolutionRecord[] = [];
  const workers = Array.from(
    { length: shards - 1 },
    () => new Worker(new URL(WORKER_ENTRY, import.meta.url)),
  );
  const close = () => {
    for (const worker of workers) void worker.terminate();
  };
  /** The pass of one worker, or its failure (an error, or an exit before answering). */
  const passOf = (worker: Worker) =>
    new Promise<FirstPass>((resolve, reject) => {
      worker.on('message', (message: FromShardWorker) => {
        if (message.type === 'pass') return resolve(message.pass);
        const error = new Error(`jobs/resolve-shards: a shard failed in its worker: ${message.message}`);
        if (message.stack) error.stack = message.stack;
        reject(error);
      });
      worker.on('error', reject);
      worker.on('exit', (code) =>
        reject(new Error(`jobs/resolve-shards: a shard worker exited (code ${code}) before its answer`)),
      );
    });
  const passes = workers.map(passOf);
  // A failure is read when the passes are awaited; until then it must not go unhandled.
  for (const pass of passes) pass.catch(() => undefined);
  return {
    add(page) {
      for (const record of page) records.push(record);
      for (let i = 0; i < page.length; i += chunk) {
        const message: ToShardWorker = { type: 'records', records: page.slice(i, i + chunk) };
        for (const worker of workers) worker.postMessage(message);
      }
    },
    async resolve(options, now = new Date(), phase = () => undefined) {
      try {
        workers.forEach((worker, k) => {
          worker.postMessage({
            type: 'shard',
            options,
            now: now.toISOString(),
            index: k + 1,
            count: shards,
          } satisfies ToShardWorker);
        });
        const prepared = prepareResolution(records, options, now);
        phase('prepare');
        const mine = firstPass(prepared, shardRanges(prepared.records.length, shards)[0]);
        const theirs = await Promise.all(passes);
        phase('block and compare');
        return finishResolution(prepared, [mine, ...theirs], phase);
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
  const sharded = startShardedResolution(settings);
  sharded.add(records);
  return sharded.resolve(options, now, phase);
}
