/**
 * Writes a run's networks while the worker is still analysing (issue 16, two cores): the analysis
 * hands over each batch of networks as it finds them (analyse/pipeline.ts onNetworks); this thread
 * makes their rows and writes each network with all its members in one transaction, while the
 * worker goes on with the next batch, ranking and links. Before, the worker's ~40 s of networks,
 * ranking and links and the ~17 s of writing ran one after the other, each on one core.
 *
 * What is only known at the end is written then (store/write-analysis.ts writeRunTail): the
 * matches (whether a network counts them), the networks' links to them, and each network's rank,
 * unit and linked networks. The stored run is the same as when written all at the end; it is only
 * marked completed after the tail, as before.
 */
import type { MatchedRow, MemberRow } from '../store/write-analysis.ts';
import { type EarlyNetworkRow, writeNetworks } from '../store/write-analysis.ts';
import type { NetworkList } from './packed-result.ts';
import { earlyNetworkRow, pushNetworkRows } from './run-rows.ts';

export interface StreamedWriter {
  /** Makes the rows of networks just found and queues their write (one page after another). */
  networks(list: NetworkList): void;
  /** The links to matches of every network queued so far (written with the tail). */
  readonly matched: MatchedRow[];
  /** The first write that failed, if any (later batches are then not written). */
  failure(): Error | undefined;
  /** Waits for the queued writes; rejects with the first failure. */
  settled(): Promise<{ transactions: number; networks: number; busyMs: number }>;
}

type WriteNetworks = (
  runId: string,
  networks: readonly EarlyNetworkRow[],
  members: readonly MemberRow[],
  matched: readonly MatchedRow[],
) => Promise<{ transactions: number }>;

export function streamedWriter(
  runId: string,
  options: { write?: WriteNetworks; onFailure?: (error: Error) => void } = {},
): StreamedWriter {
  const write: WriteNetworks = options.write ?? ((...args) => writeNetworks(...args));
  const matched: MatchedRow[] = [];
  let queue: Promise<void> = Promise.resolve();
  let failed: Error | undefined;
  let transactions = 0;
  let networks = 0;
  let busyMs = 0;
  return {
    matched,
    networks(list) {
      if (failed) return;
      const rows: EarlyNetworkRow[] = [];
      const members: MemberRow[] = [];
      for (let i = 0; i < list.length; i++) {
        const n = list.at(i)!;
        rows.push(earlyNetworkRow(runId, n));
        pushNetworkRows(runId, n, members, matched);
      }
      // One write at a time, in the order found: the next batch's rows are made meanwhile.
      queue = queue.then(async () => {
        if (failed) return;
        const started = performance.now();
        try {
          transactions += (await write(runId, rows, members, [])).transactions;
          networks += rows.length;
        } catch (error) {
          failed = error instanceof Error ? error : new Error(String(error));
          options.onFailure?.(failed);
        } finally {
          busyMs += performance.now() - started;
        }
      });
    },
    failure: () => failed,
    async settled() {
      await queue;
      if (failed) throw failed;
      return { transactions, networks, busyMs: Math.round(busyMs) };
    },
  };
}
