/**
 * Money summarised at load (issue #16 item 3): per payer account, payee account, recording extract
 * and currency, one `(a:Account)-[s:PAID_SUMMARY]->(b:Account)` holding what every read of money
 * would otherwise compute from each PAID: records, transfers, total, first and last, and the bounds
 * read/money.ts needs to decide whether a whole summary passes a window or the time-respecting rule
 * (see SUMMARY_FIELDS). The payments stay the evidence; a summary is derived from them only.
 *
 * Need-to-know: a summary carries `extract` (the payments' recording extract, as an event does),
 * so REL_VISIBLE(s) and the incomplete-load rule of cypher.ts apply to it as to a payment, and a
 * viewer who may read only some extracts sums only those extracts' summaries. Nothing in a summary
 * comes from another extract.
 *
 * Kept exact:
 * - online loads: writeBatch's transaction (write.ts) asks `freshPaymentKeys` which keys of the
 *   batch are new before it creates the events, then `summarisePayments` adds exactly those
 *   payments, as stored, to their summaries. Same transaction: a retried or failed batch changes
 *   nothing; a re-run or a resumed load writes no event twice, so it adds nothing twice.
 * - anything else that writes or deletes payments (the bulk loader, a deleted extract, a hand-built
 *   test graph): `rebuildFlowSummaries()` recomputes from the payments (all, or some extracts);
 *   `dropFlowSummaries(extract)` when an extract's payments are deleted.
 * The same recomputation is migration 011 for databases loaded before summaries existed.
 */

import { PERIOD_END, TRANSFERS } from './read/period.ts';
import { executeAutoCommit, executeRead, type Tx } from './run.ts';

/** The relationship type; literal in the templates (not a model type: no read of facts sees it). */
export const SUMMARY_TYPE = 'PAID_SUMMARY';

/**
 * Aggregates over payments `r` (grouped by payer, payee, extract and currency): the columns of a
 * summary. `first`/`last` are what moneyFlow reports (earliest date, latest end of period);
 * `minEnd`/`maxAt` bound the dated payments' periods from the other side, so a window or the
 * time-respecting rule can tell "every payment passes" from "some do"; `amounts` (payments with an
 * amount), `minAmount`, `maxAmount` do the same for a minimum amount.
 */
const SUMMARY_FIELDS = `count(r) AS records, sum(${TRANSFERS}) AS transfers, round(sum(r.amount), 6) AS total,
     round(sum(abs(r.amount)), 6) AS absTotal, sum(CASE WHEN r.at IS NULL THEN ${TRANSFERS} ELSE 0 END) AS undated,
     count(r.amount) AS amounts, min(r.amount) AS minAmount, max(r.amount) AS maxAmount,
     min(r.at) AS first, max(${PERIOD_END}) AS last,
     min(CASE WHEN r.at IS NOT NULL THEN ${PERIOD_END} END) AS minEnd, max(r.at) AS maxAt`;

const GROUP = `WITH a, b, r.extract AS extract, coalesce(r.currency, '') AS currency, ${SUMMARY_FIELDS}`;

const SET_ALL = `s.records = records, s.transfers = transfers, s.total = total, s.absTotal = absTotal,
    s.undated = undated, s.amounts = amounts, s.minAmount = minAmount, s.maxAmount = maxAmount,
    s.first = first, s.last = last, s.minEnd = minEnd, s.maxAt = maxAt`;

const lower = (f: string) => `s.${f} = CASE WHEN s.${f} IS NULL OR ${f} < s.${f} THEN ${f} ELSE s.${f} END`;
const higher = (f: string) => `s.${f} = CASE WHEN s.${f} IS NULL OR ${f} > s.${f} THEN ${f} ELSE s.${f} END`;
const plus = (f: string) => `s.${f} = coalesce(s.${f}, 0) + ${f}`;
/**
 * Money totals are rounded to 6 decimals at every addition: amounts are decimal (cents, at most a
 * few more places), and floating-point sums of them differ in the last bits with the order of
 * addition — so without rounding, one file loaded in batches of 250 or of 1,000 gave different
 * totals. Rounded, every partial sum is the exact decimal one whatever the batches.
 */
const plusMoney = (f: string) => `s.${f} = round(coalesce(s.${f}, 0) + ${f}, 6)`;

/** Adds a group's aggregates to an existing summary (a new one starts from nothing). */
const SET_ADD = [
  ...['records', 'transfers', 'undated', 'amounts'].map(plus),
  ...['total', 'absTotal'].map(plusMoney),
  ...['minAmount', 'first', 'minEnd'].map(lower),
  ...['maxAmount', 'last', 'maxAt'].map(higher),
].join(',\n    ');

/** Keys of a batch's events that do not exist yet: the payments this transaction will create. */
const FRESH_KEYS = `
UNWIND $keys AS key
OPTIONAL MATCH ()-[r:PAID {key: key}]->()
WITH key WHERE r IS NULL
RETURN collect(DISTINCT key) AS fresh`;

/** The payments just created (found by key, as stored) added to their summaries. */
const ADD_PAYMENTS = `
UNWIND $keys AS key
MATCH (a:Account)-[r:PAID {key: key}]->(b:Account)
WHERE r.extract = $extract
${GROUP}
MERGE (a)-[s:PAID_SUMMARY {extract: extract, currency: currency}]->(b)
SET ${SET_ADD}`;

const DROP = `
MATCH ()-[s:PAID_SUMMARY]->() WHERE $extracts IS NULL OR s.extract IN $extracts
CALL (s) { DELETE s } IN TRANSACTIONS OF 10000 ROWS`;

/** Every payer's payments grouped into summaries, a few hundred payers per transaction. */
const BUILD = `
MATCH (a:Account) WHERE EXISTS { (a)-[:PAID]->() }
CALL (a) {
  MATCH (a)-[r:PAID]->(b:Account)
  WHERE $extracts IS NULL OR r.extract IN $extracts
  ${GROUP}
  CREATE (a)-[s:PAID_SUMMARY {extract: extract, currency: currency}]->(b)
  SET ${SET_ALL}
} IN TRANSACTIONS OF 200 ROWS`;

/**
 * Which of these payment keys are new (before the batch creates its events, in its transaction).
 * The online loader's summary step, part one.
 */
export async function freshPaymentKeys(tx: Tx, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const [row] = await tx.run(FRESH_KEYS, { keys });
  return (row?.fresh as string[] | undefined) ?? [];
}

/**
 * Adds the payments with these keys, recorded by `extract` and created in this transaction, to
 * their summaries. Part two, after the events are written; keys from freshPaymentKeys only, or a
 * payment would be counted twice.
 */
export async function summarisePayments(tx: Tx, extract: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.run(ADD_PAYMENTS, { extract, keys });
}

/** Deletes the summaries of these extracts (all when omitted), in bounded transactions. */
export async function dropFlowSummaries(extracts?: readonly string[]): Promise<void> {
  await executeAutoCommit(DROP, { extracts: extracts ?? null }, { timeoutMs: 3_600_000 });
}

export interface RebuildResult {
  summaries: number;
  payments: number;
  ms: number;
}

/**
 * Full recompute from the payments: drops the summaries of `extracts` (every extract when omitted)
 * and builds them again from those extracts' PAID. Idempotent; safe to run at any time no load of
 * those extracts is running (a batch committing meanwhile could be counted twice or not at all).
 * Contract for writers of payments outside the online loader (the bulk loader after its import,
 * a deletion of an extract's payments, hand-built graphs in tests): call it once they are written.
 */
export async function rebuildFlowSummaries(
  options: { extracts?: readonly string[] } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const extracts = options.extracts ?? null;
  await executeAutoCommit(
    DROP,
    { extracts },
    { timeoutMs: 3_600_000, metadata: { purpose: 'flow-summary:drop' } },
  );
  await executeAutoCommit(
    BUILD,
    { extracts },
    { timeoutMs: 3_600_000, metadata: { purpose: 'flow-summary:build' } },
  );
  const [row] = await executeRead(
    `MATCH ()-[s:PAID_SUMMARY]->() WHERE $extracts IS NULL OR s.extract IN $extracts
     RETURN count(s) AS summaries, sum(s.records) AS payments`,
    { extracts },
  );
  return {
    summaries: Number(row?.summaries ?? 0),
    payments: Number(row?.payments ?? 0),
    ms: performance.now() - started,
  };
}
