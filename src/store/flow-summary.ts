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
 * Kept exact by recomputing, never by adding up:
 * - online loads: the extract's summaries are built from its payments once, when its last batch
 *   is written and before it is marked complete (`summariseExtract`, called by ingest/load.ts).
 *   Until then the extract is incomplete and no read sees its payments or summaries; a resumed,
 *   re-run or retried load rebuilds them from the payments as stored, so nothing counts twice.
 *   (They were added batch by batch before: the summary statement then cost more than the
 *   payments' own and doubled the loader's relationship writes, issue #16 item 2.)
 * - anything else that writes or deletes payments (the bulk loader, a deleted extract, a hand-built
 *   test graph): `rebuildFlowSummaries()` recomputes from the payments (all, or some extracts);
 *   `dropFlowSummaries(extract)` when an extract's payments are deleted.
 * The same recomputation is migration 011 for databases loaded before summaries existed.
 *
 * Pairs (issue #16, moneyFlow <= 15 ms): for an account with more counterparties on one side than
 * a hop keeps by default (PAIR_DEFAULTS), one pair per counterparty there — the sum of the two
 * accounts' summaries over every extract and currency — with `payer`, `payee` and `rank` (minus the
 * total) indexed from the owner's side (migration 015), so the first hop of a full-scope viewer's
 * flow reads a busy account's largest counterparties in index order instead of grouping and
 * sorting its thousands of summaries. A payer's pairs are PAID_PAIR_OUT, a payee's PAID_PAIR_IN:
 * every one of them or none, so a reader takes the pairs when the account has any and its
 * summaries otherwise, for the same answer. (Migration 014 built a pair for every payer and payee:
 * at load that cost nearly what the summaries did, issue 16 item 2.) Need-to-know: a pair mixes
 * extracts, so only a viewer of every jurisdiction with no incomplete load reads it
 * (read/money.ts); anyone else sums the per-extract summaries as before. Pairs are derived from the
 * summaries only and kept exact the same way, by regrouping, never by adding: every function here
 * that changes an extract's summaries regroups the pairs of every account that has (or had) one of
 * them, on each side — first without those extracts, before their summaries are dropped (a deletion
 * interrupted there leaves pairs that no longer count them), then again once they are built. An
 * account's pairs are deleted and (if it is above the threshold) created in the same transaction,
 * so a read never sees an account half regrouped.
 */

import { int } from './convert.ts';
import { FLOW_DEFAULTS } from './read/flow-defaults.ts';
import { PERIOD_END, TRANSFERS } from './read/period.ts';
import { executeAutoCommit, executeRead } from './run.ts';

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

/**
 * The summaries of some extracts (`$extracts`), or all. Two statements, not one with
 * `$extracts IS NULL OR …`: that form cannot use the paid_summary_extract index (migration 012) and
 * scanned every summary of the store at each load's end. The index is hinted: with few summaries in
 * the store the planner's statistics chose a scan of every summary, which is what grows with the store.
 * The hint is SEEK: a plain `USING INDEX` is also fulfilled by a scan of the whole index (then a
 * filter), which the planner picked on some statistics (a CI run).
 */
export const SUMMARIES = (extracts: readonly string[] | null) =>
  extracts === null
    ? 'MATCH ()-[s:PAID_SUMMARY]->()'
    : 'MATCH ()-[s:PAID_SUMMARY]->() USING INDEX SEEK s:PAID_SUMMARY(extract) WHERE s.extract IN $extracts';

// Dropping and counting, each form written out (as SUMMARIES'): nothing spliced into the text.
const DROP_ALL = 'MATCH ()-[s:PAID_SUMMARY]->() CALL (s) { DELETE s } IN TRANSACTIONS OF 10000 ROWS';
const DROP_OF_EXTRACTS = `MATCH ()-[s:PAID_SUMMARY]->() USING INDEX SEEK s:PAID_SUMMARY(extract) WHERE s.extract IN $extracts
CALL (s) { DELETE s } IN TRANSACTIONS OF 10000 ROWS`;
const COUNT_ALL = 'MATCH ()-[s:PAID_SUMMARY]->() RETURN count(s) AS summaries, sum(s.records) AS payments';
const COUNT_OF_EXTRACTS = `MATCH ()-[s:PAID_SUMMARY]->() USING INDEX SEEK s:PAID_SUMMARY(extract) WHERE s.extract IN $extracts
RETURN count(s) AS summaries, sum(s.records) AS payments`;

export const DROP = (extracts: readonly string[] | null) => (extracts === null ? DROP_ALL : DROP_OF_EXTRACTS);

/** One payer's payments (all, or some extracts') grouped into summaries, 200 payers per transaction. */
const SUMMARISE_PAYER = `
CALL (a) {
  MATCH (a)-[r:PAID]->(b:Account)
  WHERE $extracts IS NULL OR r.extract IN $extracts
  ${GROUP}
  CREATE (a)-[s:PAID_SUMMARY {extract: extract, currency: currency}]->(b)
  SET ${SET_ALL}
} IN TRANSACTIONS OF 200 ROWS`;

/** Every payer's payments grouped into summaries. */
const BUILD = `MATCH (a:Account) WHERE EXISTS { (a)-[:PAID]->() }${SUMMARISE_PAYER}`;

/**
 * Some extracts' payments grouped into summaries: their payers found through the PAID extract
 * index (paid_extract), not by walking every account of the graph.
 */
const BUILD_EXTRACTS = `MATCH (a:Account)-[r:PAID]->(:Account) WHERE r.extract IN $extracts
WITH DISTINCT a${SUMMARISE_PAYER}`;

/**
 * Pairs are kept only where a first hop has counterparties to rank away: for an account with more
 * than `above` distinct counterparties on one side (payees, OUT; payers, IN). 50 is the hop limit
 * moneyFlow applies by default (FLOW_DEFAULTS.perHop): an account with no more counterparties than
 * that returns them all at the default limit, so the hop has nothing to leave out and summing its
 * few summaries is a small, bounded cost; only an account above it makes the hop group and sort
 * more than it returns (the 49,515-payment account: 4,231 counterparties). Tests lower it to put
 * small worlds on both sides. Changing it is safe at any time: a reader never compares with it (it
 * asks whether the account has pairs at all), and an account keeps the state it was last regrouped
 * with until a load or deletion touches it again.
 */
export const PAIR_DEFAULTS: { above: number } = { above: FLOW_DEFAULTS.perHop };

/**
 * The relationship types of a payer's and payee's summaries added up over extracts and currencies,
 * one per side: PAID_PAIR_OUT belongs to the payer (every payee of a payer above the threshold has
 * one, or none has), PAID_PAIR_IN to the payee. Both point from payer to payee. Two types, not one,
 * so each side is kept on its own — an account's pairs exist in full or not at all, whatever its
 * counterparties' sides hold — and a reader knows which path to take from whether the account has
 * any (a pair between two busy accounts is stored twice: the price of that independence).
 */
export const PAIR_TYPES = { OUT: 'PAID_PAIR_OUT', IN: 'PAID_PAIR_IN' } as const;
type Side = keyof typeof PAIR_TYPES;
/** A side's pair as a relationship pattern `p`, written out (no type is spliced into Cypher). */
const PAIR_REL = { OUT: '[p:PAID_PAIR_OUT]', IN: '[p:PAID_PAIR_IN]' } as const;

/** The owner `x`'s summaries on one side, its counterparty `y`, the summary `s`. */
const OWNED = (side: Side) =>
  side === 'OUT' ? '(x)-[s:PAID_SUMMARY]->(y:Account)' : '(y:Account)-[s:PAID_SUMMARY]->(x)';

/**
 * The owner `x`'s pairs on one side built from its summaries (those of `$without` left out when
 * `without`), when it has more than `above` counterparties there. The fields are what
 * read/money.ts's hop sums from the summaries; the total is rounded as a summary's is, and
 * `currencies` sorted, so the same summaries give the same pair whatever order Neo4j meets them in
 * (an online and a bulk load of the same files hold equal pairs).
 */
function buildOwned(side: Side, without: boolean): string {
  const kept = without ? '\n    WHERE s.extract IS NULL OR NOT s.extract IN $without' : '';
  const [payer, payee] = side === 'OUT' ? ['x', 'y'] : ['y', 'x'];
  return `WITH x WHERE COUNT { MATCH ${OWNED(side)}${kept} RETURN DISTINCT y } > $above
  MATCH ${OWNED(side)}${kept.replace('\n    ', '\n  ')}
  WITH x, y, round(sum(s.total), 6) AS total, sum(s.transfers) AS transfers, sum(s.records) AS records,
       sum(s.undated) AS undated, collect(DISTINCT s.currency) AS currencies, min(s.first) AS first,
       max(s.last) AS last, collect(DISTINCT s.extract) AS extracts
  CREATE (${payer})-${PAIR_REL[side]}->(${payee})
  SET p.payer = ${payer}.id, p.payee = ${payee}.id, p.total = total, p.rank = -total, p.transfers = transfers,
      p.records = records, p.undated = undated, p.first = first, p.last = last,
      p.currencies = COLLECT { UNWIND currencies AS c RETURN c ORDER BY c },
      p.extracts = COLLECT { UNWIND extracts AS e RETURN e ORDER BY e }`;
}

const SIDES: readonly Side[] = ['OUT', 'IN'];

/**
 * The owner's summaries on one side, all extracts: their count, read from the node's degrees
 * without walking them, bounds its counterparties from above (with `$without`'s too, it bounds them
 * without), so an account at or below the threshold with no pairs to delete is passed over.
 */
const DEGREE = (side: Side) => (side === 'OUT' ? '(x)-[:PAID_SUMMARY]->()' : '()-[:PAID_SUMMARY]->(x)');

/** The accounts with a summary of `$extracts` on one side (through the paid_summary_extract index). */
const TOUCHED = (side: Side) =>
  side === 'OUT'
    ? 'MATCH (x:Account)-[s:PAID_SUMMARY]->() WHERE s.extract IN $extracts'
    : 'MATCH ()-[s:PAID_SUMMARY]->(x:Account) WHERE s.extract IN $extracts';

/**
 * One side's pairs of the accounts with summaries of `$extracts` regrouped from their summaries
 * (those of `$without` left out): an account's old pairs deleted and its new ones (if it is above
 * the threshold) created in the same transaction, 200 accounts per transaction. Only those
 * accounts' pairs can change: a pair's sums change only with a summary between its two accounts,
 * and an account's count of counterparties only with its own summaries.
 */
export const REGROUP = (side: Side) => {
  const old = side === 'OUT' ? '(x)-[old:PAID_PAIR_OUT]->()' : '()-[old:PAID_PAIR_IN]->(x)';
  return `${TOUCHED(side)}
WITH DISTINCT x
WHERE COUNT { ${DEGREE(side)} } > $above OR EXISTS { ${old.replace('old:', ':')} }
CALL (x) {
  OPTIONAL MATCH ${old}
  DELETE old
  WITH x, count(old) AS gone
  ${buildOwned(side, true)}
} IN TRANSACTIONS OF 200 ROWS`;
};

/**
 * Every pair dropped, then built again from every account's summaries: `regroupPairs(null)` and,
 * word for word, migration 015 at the default threshold (test/unit/store/flow-pairs-migration.test.ts
 * checks they agree). An account is looked at only when it has more summaries on that side than
 * the threshold (its degree, read without walking them): it cannot have more counterparties.
 */
export const ALL_PAIR_STATEMENTS: readonly string[] = [
  ...SIDES.map(
    (side) => `MATCH ()-${PAIR_REL[side]}->()\nCALL (p) { DELETE p } IN TRANSACTIONS OF 10000 ROWS`,
  ),
  ...SIDES.map(
    (side) => `MATCH (x:Account) WHERE COUNT { ${DEGREE(side)} } > $above
CALL (x) {
  ${buildOwned(side, false)}
} IN TRANSACTIONS OF 200 ROWS`,
  ),
];

/** The threshold in force, checked: the statements' `$above`. */
function pairsAbove(): number {
  const above = PAIR_DEFAULTS.above;
  if (!Number.isInteger(above) || above < 0)
    throw new Error(`flow-summary: PAIR_DEFAULTS.above must be a whole number >= 0, not ${above}`);
  return above;
}

/**
 * Regroups the pairs of the accounts with summaries of `extracts` (every pair when null), leaving
 * the summaries of `without` out: the step before those summaries are dropped.
 */
async function regroupPairs(extracts: readonly string[] | null, without: readonly string[] = []) {
  const options = { timeoutMs: 3_600_000, metadata: { purpose: 'flow-summary:pairs' } };
  const above = int(pairsAbove());
  if (extracts === null) {
    // Only ever called so with nothing left out: every pair is built again from every summary.
    for (const statement of ALL_PAIR_STATEMENTS) await executeAutoCommit(statement, { above }, options);
    return;
  }
  for (const side of SIDES) await executeAutoCommit(REGROUP(side), { extracts, without, above }, options);
}

/**
 * How many pairs the store holds: derived after a bulk import (migration 015), never in its files,
 * so the import's check leaves them out (jobs/bulk-load.ts verify).
 */
export async function countFlowPairs(): Promise<number> {
  let pairs = 0;
  for (const side of SIDES) {
    const [row] = await executeRead(`MATCH ()-${PAIR_REL[side]}->() RETURN count(p) AS pairs`);
    pairs += Number(row?.pairs ?? 0);
  }
  return pairs;
}

/** Deletes the summaries of these extracts (all when omitted), in bounded transactions, and regroups their payers' pairs. */
export async function dropFlowSummaries(extracts?: readonly string[]): Promise<void> {
  if (extracts === undefined)
    for (const statement of ALL_PAIR_STATEMENTS.slice(0, SIDES.length))
      await executeAutoCommit(statement, {}, { timeoutMs: 3_600_000 });
  else await regroupPairs(extracts, extracts);
  await executeAutoCommit(DROP(extracts ?? null), { extracts: extracts ?? null }, { timeoutMs: 3_600_000 });
}

/**
 * Builds one extract's summaries from its payments, replacing any it has: the online loader's last
 * step before the extract is complete. Idempotent, so a retried or resumed load may run it again.
 */
export async function summariseExtract(extract: string): Promise<void> {
  // Not counted: the loader has no use for the count, which reads every summary of the extract
  // again (1.7-3.1 s at a million rows, docs/benchmarks/2026-12-07-online-load-4.md).
  await rebuild([extract]);
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
  await rebuild(extracts);
  const [row] = await executeRead(extracts === null ? COUNT_ALL : COUNT_OF_EXTRACTS, { extracts });
  return {
    summaries: Number(row?.summaries ?? 0),
    payments: Number(row?.payments ?? 0),
    ms: performance.now() - started,
  };
}

/** Drops the summaries of `extracts` (all: null), builds them again, and regroups the pairs. */
async function rebuild(extracts: readonly string[] | null): Promise<void> {
  // Payers whose summaries of these extracts are about to go: their pairs without them first.
  if (extracts !== null) await regroupPairs(extracts, extracts);
  await executeAutoCommit(
    DROP(extracts),
    { extracts },
    { timeoutMs: 3_600_000, metadata: { purpose: 'flow-summary:drop' } },
  );
  await executeAutoCommit(
    extracts === null ? BUILD : BUILD_EXTRACTS,
    { extracts },
    { timeoutMs: 3_600_000, metadata: { purpose: 'flow-summary:build' } },
  );
  await regroupPairs(extracts);
}
