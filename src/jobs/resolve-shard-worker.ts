/**
 * A shard worker of a resolution run (jobs/resolve-shards.ts): receives the records in chunks,
 * prepares them as the coordinating thread does, then does its part of each heavy phase when asked:
 * the first pass over its range of records (posted back, its typed arrays transferred, not copied),
 * its part of the weights' sampled pairs, and its part of the collective pass's work, reading the
 * merged pairs on the memory the coordinator shares. Started from the sources through
 * resolve-shard-worker-boot.mjs (registers tsx first).
 */
import { parentPort } from 'node:worker_threads';
import { blockEntries } from '../analyse/resolve/blocking.ts';
import { censusOf } from '../analyse/resolve/census-columns.ts';
import { adoptContext } from '../analyse/resolve/context.ts';
import { RecordPreparer } from '../analyse/resolve/prepare.ts';
import {
  collectiveItems,
  collectiveWork,
  EvidenceTable,
  firstPass,
  PairCodes,
  type PreparedResolution,
  preparedResolution,
  prepareResolution,
  Scorer,
  samplePatterns,
  shardKeyRanges,
  shardRanges,
  sweepCollective,
} from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';
import type { FromShardWorker, ToShardWorker } from './resolve-shards.ts';

const port = parentPort;
if (!port) throw new Error('jobs/resolve-shard-worker: run me as a worker thread (jobs/resolve-shards.ts)');

const records: ResolutionRecord[] = [];
/** With the run's time known from the start ('begin'): each page is prepared as it comes. */
let preparer: RecordPreparer | undefined;
/** The run's prepared records and this worker's part, kept from the first pass to the last phase. */
let run: { prepared: PreparedResolution; index: number; count: number } | undefined;

function answer(message: ToShardWorker): void {
  if (message.type === 'begin') {
    // The context is ranked on the coordinator and handed over ('shard'): not kept here.
    preparer = new RecordPreparer(new Date(message.now), false);
    return;
  }
  if (message.type === 'records') {
    if (preparer) preparer.add(message.records);
    else for (const record of message.records) records.push(record);
    return;
  }
  if (message.type === 'prepare') {
    // The census and the context come from the coordinator with the block entries ('shard').
    const prepared = preparer
      ? preparedResolution(preparer, message.options, false)
      : prepareResolution(records, message.options, new Date(message.now), false);
    preparer = undefined;
    // The records are prepared: the raw ones are not needed again.
    records.length = 0;
    run = { prepared, index: message.index, count: message.count };
    // This thread's share of the block keys (every thread prepares the same records, in one order;
    // the coordinator hashes none: it counts the census meanwhile).
    const range = shardKeyRanges(prepared.records.length, message.count)[message.index]!;
    const entries = blockEntries(prepared.records, prepared.settings.blocking, range);
    const transfer = Object.values(entries).map((view: ArrayBufferView) => view.buffer as ArrayBuffer);
    port!.postMessage({ type: 'keys', entries } satisfies FromShardWorker, transfer);
    return;
  }
  if (!run) throw new Error(`jobs/resolve-shard-worker: asked for ${message.type} before preparing`);
  const { prepared, index, count } = run;
  if (message.type === 'shard') {
    // The range is the coordinator's split of the prepared records (both prepare the same records).
    const range = shardRanges(prepared.records.length, count)[index]!;
    prepared.census = censusOf(message.census);
    adoptContext(prepared.records, message.context);
    const pass = firstPass(prepared, range, message.entries);
    const columns = [pass.pairs, pass.held].flatMap((list) => Object.values(list) as ArrayBufferView[]);
    const transfer = [pass.certainIndex, pass.labelled, pass.candidateCounts, pass.apart, ...columns].map(
      (view) => view.buffer as ArrayBuffer,
    );
    port!.postMessage({ type: 'pass', pass } satisfies FromShardWorker, transfer);
    return;
  }
  if (message.type === 'samples') {
    const samples = samplePatterns(prepared, index, count);
    port!.postMessage({ type: 'samples', samples } satisfies FromShardWorker, [
      samples.random.buffer as ArrayBuffer,
      samples.sameDay.buffer as ArrayBuffer,
    ]);
    return;
  }
  // The collective pass: this worker's own table of evidence codes, begun as the run's.
  const { shared, weights } = message;
  const evidences = EvidenceTable.of(message.evidences);
  const scoring = { weights, scorer: new Scorer(weights, evidences.list, prepared.records.length) };
  const certainIndex: [number, number][] = [];
  for (let k = 0; k < shared.certainIndex.length; k += 2)
    certainIndex.push([shared.certainIndex[k]!, shared.certainIndex[k + 1]!]);
  const source = {
    pairs: { ...shared.pairs, length: shared.pairs.a.length },
    held: { ...shared.held, length: shared.held.a.length },
    certainIndex,
    apart: PairCodes.of(shared.apart),
  };
  const work = collectiveWork(prepared, source, scoring, evidences, message.share);
  const sweep = sweepCollective(work, collectiveItems(work, index, count));
  const scored = Float64Array.from(scoring.scorer.scores.keys());
  port!.postMessage({ type: 'sweep', sweep, evidences: evidences.list, scored } satisfies FromShardWorker);
  run = undefined;
}

port.on('message', (message: ToShardWorker) => {
  try {
    answer(message);
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    } satisfies FromShardWorker);
  }
});
