/**
 * The load benchmark's peer: the least any loader must ask of Neo4j for a bank-statement row, run
 * on the same file, the same database and the same batch size. Each row's payment is written as
 * one PAID relationship with its properties and provenance, after checking its key is new (what
 * makes a re-run add nothing), in one UNWIND statement per batch. No mapping, no normalisation, no
 * holders, phones or HOLDS, no mentions, no checkpoint: the two accounts of every row are created
 * before the clock starts. Whatever this costs per row, a real load costs at least as much.
 */
import { readCsv } from '../../src/ingest/read/csv.ts';
import { writeTx } from '../../src/store/run.ts';
import { eventStatement } from '../../src/store/write.ts';
import { startCpuMeter } from './cpu.ts';

/** The loader's own event statement (src/store/write.ts) for PAID between accounts. */
const PAYMENT = eventStatement('PAID', 'Account', 'Account');

const ACCOUNTS = 'UNWIND $ids AS id MERGE (:Account {id: id})';

/** As long as a real extract id (kind, sha256 of the file, sha256 prefix of the mapping). */
const EXTRACT = `extract:${'0'.repeat(64)}|${'0'.repeat(12)}`;

export interface FloorResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** CPU per row written: Neo4j's (undefined when its process is not ours to read) and this process's. */
  neo4jCpuMsPerRow: number | undefined;
  nodeCpuMsPerRow: number | undefined;
}

interface PaymentRow {
  from: string;
  to: string;
  props: Record<string, string | number>;
}

async function* paymentBatches(file: string, batchSize: number): AsyncGenerator<PaymentRow[]> {
  let batch: PaymentRow[] = [];
  for await (const { fields, line } of readCsv(file)) {
    const amount = Number(fields.amount);
    if (!Number.isFinite(amount)) continue; // the loader rejects these rows too
    const [from, to] =
      fields.direction === 'DR'
        ? [fields.iban!, fields.counterparty_iban!]
        : [fields.counterparty_iban!, fields.iban!];
    batch.push({
      from,
      to,
      props: {
        key: fields.txn_ref!,
        amount,
        at: fields.date!,
        currency: 'GBP',
        reference: fields.reference!,
        row: line,
      },
    });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Runs the floor on `file` in a database emptied by the caller; Neo4j's CPU is read from `neo4jPid`. */
export async function runFloor(
  file: string,
  batchSize: number,
  neo4jPid: number | undefined,
): Promise<FloorResult> {
  const accounts = new Set<string>();
  for await (const { fields } of readCsv(file)) {
    accounts.add(fields.iban!);
    if (fields.counterparty_iban) accounts.add(fields.counterparty_iban);
  }
  const ids = [...accounts];
  for (let i = 0; i < ids.length; i += batchSize) {
    await writeTx((tx) => tx.run(ACCOUNTS, { ids: ids.slice(i, i + batchSize) }));
  }

  const [cpu, started] = [startCpuMeter(neo4jPid), performance.now()];
  let rows = 0;
  for await (const batch of paymentBatches(file, batchSize)) {
    await writeTx((tx) => tx.run(PAYMENT, { rows: batch, extract: EXTRACT }), { timeoutMs: 300_000 });
    rows += batch.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const { node, neo4j } = cpu.msPer(rows);
  return {
    rows,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
    neo4jCpuMsPerRow: neo4j,
    nodeCpuMsPerRow: node,
  };
}
