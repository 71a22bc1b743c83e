/**
 * Where money from (or to) an account went, hop by hop, aggregated per counterparty: at hop 1 the
 * account's own payments; at hop k the payments of hop k-1's counterparties made after the money
 * reached them (time-respecting), so the flow follows the money rather than every payment those
 * accounts ever made. Each counterparty is counted at the first hop that reaches it.
 *
 * Periods and missing dates (read/period.ts): a payment may stand for `count` transfers over
 * [at, until]; a window or the time-respecting rule keeps it when its period overlaps. A payment
 * without a date is kept unless the caller asked for a window — the time-respecting rule cannot
 * place it, and dropping it silently hid a bank's largest counterparty — and every step says how
 * many of its transfers were undated. With a window, the undated payments it left out are counted.
 *
 * With identities (read/identities.ts), the account stands for its holder as one actor: the flow
 * starts from every account held by a record of the holder's identity, and names them.
 */
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { readTx, type Tx } from '../run.ts';
import { type EntityRecord, groupByLabel, type Props, toEntity } from './entities.ts';
import { type IdentityComponent, identitiesIn } from './identities.ts';
import { PAGE_RETURN, readPage } from './page.ts';
import { PERIOD_END, TRANSFERS } from './period.ts';
import type { ReadScope } from './scope.ts';
import type { TransactionRecord } from './transactions.ts';

export interface FlowRecord {
  hop: number;
  counterparty: EntityRecord;
  /** The account(s) of the previous hop it was paid from (OUT) or paid to (IN). */
  via: string[];
  total: number;
  /** Transfers: each payment's `count` when it aggregates several, else 1. */
  count: number;
  /** Payment records (an aggregate is one record of `count` transfers). */
  records: number;
  /** Transfers of this step without a date (kept because no window was asked for). */
  undated: number;
  currency: string | null;
  /** Earliest date and latest end of period of the dated payments; null when all are undated. */
  first: string | null;
  last: string | null;
  /** What selects the payments behind this step (flowPayments lists them, paged). */
  evidence: FlowEvidence;
}

/** The step's payments: from these accounts (each with its time bound) to or from the counterparty. */
export interface FlowEvidence {
  direction: 'OUT' | 'IN';
  counterpartyId: string;
  from: { id: string; after: string | null; before: string | null }[];
  since: string | null;
  until: string | null;
  minAmount: number | null;
}

export interface HopTotal {
  hop: number;
  total: number;
  count: number;
  counterparties: number;
  undated: number;
}

export interface MoneyFlowResult {
  /** The account asked about; undefined when it does not exist or the viewer may not see it. */
  account: EntityRecord | undefined;
  flows: FlowRecord[];
  totalsByHop: HopTotal[];
  /** Counterparties dropped because a hop had more than `perHop`. */
  truncated: number;
  /** Transfers without a date in the answer (no window was asked for). */
  undatedIncluded: number;
  /** Transfers without a date that a window left out, over every hop followed. */
  undatedExcluded: number;
  /** The accounts followed from: the account asked about, then (with identities) its holders' others. */
  startAccounts: string[];
  /** With identities: the identities of the account's holders whose accounts were followed too. */
  identities: IdentityComponent[];
}

/**
 * The end of both hop queries: the hop's `$perHop` largest counterparties, with how many there
 * were in all. Only those kept cross the wire with their properties: an employer's account pays
 * thousands of people, and sending every one back to be dropped cost more than ranking them.
 */
const KEEP_TOP = `ORDER BY total DESC, b.id
WITH count(*) AS found,
     collect({b: b, via: via, total: total, count: count, records: records, undated: undated,
             currencies: currencies, first: first, last: last})[..$perHop] AS kept
UNWIND kept AS k
WITH found, k, k.b AS b
RETURN found, b.id AS counterparty, k.via AS via, k.total AS total, k.count AS count, k.records AS records,
       k.undated AS undated, k.currencies AS currencies, k.first AS first, k.last AS last,
       labels(b) AS labels, PROPS(b) AS props
ORDER BY total DESC, counterparty`;

/**
 * Which payments a hop follows. Dated: its period [at, end] overlaps the window and, OUT, ends no
 * earlier than the money reached the payer (f.after); IN, starts no later than it left (f.before).
 * Undated: only without a window.
 */
const HOP_WHEN = (
  direction: 'OUT' | 'IN',
) => `(r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
    AND ($since IS NULL OR ${PERIOD_END} >= $since) AND ($until IS NULL OR r.at <= $until)
    AND ${direction === 'OUT' ? `(f.after IS NULL OR ${PERIOD_END} >= f.after)` : '(f.before IS NULL OR r.at <= f.before)'})`;

/**
 * A hop reads the pairs' summaries (store/flow-summary.ts: one per payer, payee, recording extract
 * and currency), not their payments. Each summary's bounds decide, exactly, whether every one of
 * its payments passes the hop's rules (`all`: the summary's sums are the answer), none does, or
 * some do (`some`: only then are that summary's own payments read and summed by HOP_WHEN). Chosen
 * for the hops after the first (the frontier's time bounds leave most pairs `all`); hop 1 without
 * a window or minimum amount is WHOLE_HOP, and a hop with either is PAYMENTS_HOP (see hopQuery).
 */
const PART = (direction: 'OUT' | 'IN') => `CASE
    WHEN $minAmount IS NOT NULL AND (s.maxAmount IS NULL OR s.maxAmount < $minAmount) THEN 'none'
    WHEN (s.undated = 0 OR $since IS NOT NULL OR $until IS NOT NULL)
      AND (s.minEnd IS NULL OR ($since IS NOT NULL AND s.last < $since) OR ($until IS NOT NULL AND s.first > $until)
        OR ${direction === 'OUT' ? '(f.after IS NOT NULL AND s.last < f.after)' : '(f.before IS NOT NULL AND s.first > f.before)'}) THEN 'none'
    WHEN ($minAmount IS NULL OR (s.amounts = s.records AND s.minAmount >= $minAmount))
      AND (s.undated = 0 OR ($since IS NULL AND $until IS NULL))
      AND (s.minEnd IS NULL OR (($since IS NULL OR s.minEnd >= $since) AND ($until IS NULL OR s.maxAt <= $until)
        AND ${direction === 'OUT' ? '(f.after IS NULL OR s.minEnd >= f.after)' : '(f.before IS NULL OR s.maxAt <= f.before)'})) THEN 'all'
    ELSE 'some' END`;

const HOP = (direction: 'OUT' | 'IN') => {
  const summary = direction === 'OUT' ? '-[s:PAID_SUMMARY]->' : '<-[s:PAID_SUMMARY]-';
  const paid = direction === 'OUT' ? '-[r:PAID]->' : '<-[r:PAID]-';
  return `
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})${summary}(b:Account)
WHERE NOT b.id IN $seen AND REL_VISIBLE(s) AND VISIBLE(b)
WITH f, a, b, s, ${PART(direction)} AS part
WHERE part <> 'none'
CALL (f, a, b, s, part) {
  WITH s, part WHERE part = 'all'
  RETURN s.total AS pTotal, s.transfers AS pCount, s.records AS pRecords, s.undated AS pUndated,
         s.first AS pFirst, s.last AS pLast
  UNION ALL
  WITH f, a, b, s, part WHERE part = 'some'
  MATCH (a)${paid}(b)
  WHERE r.extract = s.extract AND coalesce(r.currency, '') = s.currency AND REL_VISIBLE(r)
    AND (${HOP_WHEN(direction)})
    AND ($minAmount IS NULL OR r.amount >= $minAmount)
  WITH s, sum(r.amount) AS pTotal, sum(${TRANSFERS}) AS pCount, count(r) AS pRecords,
       sum(CASE WHEN r.at IS NULL THEN ${TRANSFERS} ELSE 0 END) AS pUndated, min(r.at) AS pFirst, max(${PERIOD_END}) AS pLast
  RETURN pTotal, pCount, pRecords, pUndated, pFirst, pLast
}
WITH b, collect(DISTINCT a.id) AS via, sum(pTotal) AS total, sum(pCount) AS count, sum(pRecords) AS records,
     sum(pUndated) AS undated, collect(DISTINCT s.currency) AS currencies, min(pFirst) AS first, max(pLast) AS last
${KEEP_TOP}`;
};

const OUT_HOP = HOP('OUT');
const IN_HOP = HOP('IN');

/**
 * A hop with a window or a minimum amount reads the payments themselves: such a bound cuts through
 * most pairs of a busy account (twelve payments to one person over six months straddle any
 * window), and reading each straddling summary's payments one subquery at a time cost more than
 * one pass over the payments (measured on the 49,515-payment account, same run: a Feb–May window
 * 2.0 s that way, against 1.3 s for one pass over every payment without a window).
 */
const PAYMENTS_HOP = (direction: 'OUT' | 'IN') => `
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})${direction === 'OUT' ? '-[r:PAID]->' : '<-[r:PAID]-'}(b:Account)
WHERE NOT b.id IN $seen AND REL_VISIBLE(r) AND VISIBLE(b)
  AND (${HOP_WHEN(direction)})
  AND ($minAmount IS NULL OR r.amount >= $minAmount)
WITH b, collect(DISTINCT a.id) AS via, sum(r.amount) AS total, sum(${TRANSFERS}) AS count, count(r) AS records,
     sum(CASE WHEN r.at IS NULL THEN ${TRANSFERS} ELSE 0 END) AS undated,
     collect(DISTINCT r.currency) AS currencies, min(r.at) AS first, max(${PERIOD_END}) AS last
${KEEP_TOP}`;

const PAYMENTS_OUT_HOP = PAYMENTS_HOP('OUT');
const PAYMENTS_IN_HOP = PAYMENTS_HOP('IN');

/**
 * The hop's query: one account's pairs in rank order, summaries alone, summaries with their bounds
 * decided, or the payments.
 */
function hopQuery(direction: 'OUT' | 'IN', bounded: boolean, timed: boolean, pairs: boolean): string {
  const out = direction === 'OUT';
  if (bounded) return out ? PAYMENTS_OUT_HOP : PAYMENTS_IN_HOP;
  if (pairs && !timed) return out ? PAIR_OUT_HOP : PAIR_IN_HOP;
  if (!timed) return out ? WHOLE_OUT_HOP : WHOLE_IN_HOP;
  return out ? OUT_HOP : IN_HOP;
}

/**
 * A hop where every summary is `all` by construction — no window, no minimum amount, no time bound
 * on the frontier (hop 1 of every flow without a window) — sums the summaries alone, in two passes:
 * rank every counterparty by its total (one sum per counterparty), then sum the rest of the fields
 * for the `$perHop` kept only. Measured on the account paying 4,231 people: every field summed for
 * every counterparty and carried through the sort cost 6x the ranking alone. Returns `b` and the
 * step's sums; WHOLE_HOP and PAIR_HOP add the counterparty's properties.
 */
// In the CALL, each frontier account is found by its id (hinted), then its summaries with b:
// unhinted, the planner expanded every summary into (or out of) b, and a counterparty that thousands
// of accounts pay (18,186 summaries in the demo world) cost 12-15 ms for an account with five.
const WHOLE_STEPS = (direction: 'OUT' | 'IN') => {
  // One of two written-out arrows (no name or value spliced); the statement is otherwise one text.
  const summary = direction === 'OUT' ? '-[s:PAID_SUMMARY]->' : '<-[s:PAID_SUMMARY]-';
  return `UNWIND $frontier AS f
MATCH (a:Account {id: f.id})${summary}(b:Account)
WHERE NOT b.id IN $seen AND REL_VISIBLE(s) AND VISIBLE(b)
WITH b, sum(s.total) AS total
ORDER BY total DESC, b.id
WITH count(*) AS found, collect(b)[..$perHop] AS kept
UNWIND kept AS b
CALL (b) {
  UNWIND $frontier AS f
  MATCH (a:Account {id: f.id})${summary}(b) USING INDEX a:Account(id)
  WHERE REL_VISIBLE(s)
  RETURN collect(DISTINCT a.id) AS via, sum(s.total) AS total, sum(s.transfers) AS count, sum(s.records) AS records,
         sum(s.undated) AS undated, collect(DISTINCT s.currency) AS currencies, min(s.first) AS first, max(s.last) AS last
}
RETURN found, b, via, total, count, records, undated, currencies, first, last`;
};

/** The end of WHOLE_HOP and PAIR_HOP: the counterparty's properties, largest total first. */
const STEP_RETURN = `RETURN found, b.id AS counterparty, via, total, count, records, undated, currencies, first, last,
       labels(b) AS labels, PROPS(b) AS props
ORDER BY total DESC, counterparty`;

const WHOLE_HOP = (direction: 'OUT' | 'IN') => `
CALL () {
  ${WHOLE_STEPS(direction).replaceAll('\n', '\n  ')}
}
${STEP_RETURN}`;

const WHOLE_OUT_HOP = WHOLE_HOP('OUT');
const WHOLE_IN_HOP = WHOLE_HOP('IN');

/**
 * Whether a viewer may read the pairs (store/flow-summary.ts PAID_PAIR_OUT/_IN): they add up every
 * extract, so only a viewer of every jurisdiction while no load is incomplete — the viewer whose
 * every macro is `true` (store/cypher.ts statementForScope) and who would sum every summary anyway.
 */
export function readsPairs(scope: ReadScope): boolean {
  return scope.all === true && (scope.incomplete?.length ?? 0) === 0;
}

/**
 * Hop 1 of a flow without a window or minimum amount, from one account, for a viewer who may read
 * the pairs (readsPairs). Only an account with more counterparties on that side than the pairs'
 * threshold has pairs there (store/flow-summary.ts PAIR_DEFAULTS) — all of them, or none — so the
 * statement asks whether it has any: then its pairs, one per counterparty already summed over
 * extracts and currencies, read through the pair_out_rank (or _in) index in rank order — largest
 * total first, ties by id, as KEEP_TOP orders — so the `$perHop` kept are the first that pass, with
 * no grouping or sort of the thousands of counterparties a busy account has (the ORDER BY names
 * the index's three keys: with the first left out, the planner sorted every pair rather than read
 * them in order); `found` counts them all (the answer's `truncated`). Otherwise its few summaries,
 * as WHOLE_HOP sums them: the same answer either way (tests compare both with the payments).
 * `$scope.all` in the test: a restricted viewer (never sent here) would sum its own summaries
 * rather than read a total that includes another jurisdiction's payments.
 */
/**
 * The pair hop's direction-specific clauses, written out (no name spliced): whether the account
 * has pairs on that side, how many counterparties they hold, and the `$perHop` first in rank order.
 * The rank index is hinted as a SEEK: unhinted, the planner's choice rests on statistics, and a
 * plain USING INDEX may also be fulfilled by a scan of the whole index.
 */
const PAIR_CLAUSES = {
  OUT: {
    paired: 'EXISTS { (account)-[p:PAID_PAIR_OUT]->() }',
    found: `MATCH (a:Account {id: $id})-[p:PAID_PAIR_OUT]->(b:Account)
    WHERE NOT b.id IN $seen AND VISIBLE(b)
    RETURN count(*) AS found`,
    kept: `MATCH ()-[p:PAID_PAIR_OUT]->(b:Account) USING INDEX SEEK p:PAID_PAIR_OUT(payer, rank, payee)
    WHERE p.payer = $id AND p.rank IS NOT NULL AND p.payee IS NOT NULL
      AND NOT p.payee IN $seen AND VISIBLE(b)
    RETURN p, b ORDER BY p.payer, p.rank, p.payee LIMIT $perHop`,
  },
  IN: {
    paired: 'EXISTS { (account)<-[p:PAID_PAIR_IN]-() }',
    found: `MATCH (a:Account {id: $id})<-[p:PAID_PAIR_IN]-(b:Account)
    WHERE NOT b.id IN $seen AND VISIBLE(b)
    RETURN count(*) AS found`,
    kept: `MATCH (b:Account)-[p:PAID_PAIR_IN]->() USING INDEX SEEK p:PAID_PAIR_IN(payee, rank, payer)
    WHERE p.payee = $id AND p.rank IS NOT NULL AND p.payer IS NOT NULL
      AND NOT p.payer IN $seen AND VISIBLE(b)
    RETURN p, b ORDER BY p.payee, p.rank, p.payer LIMIT $perHop`,
  },
} as const;

const PAIR_HOP = (direction: 'OUT' | 'IN') => {
  const clauses = PAIR_CLAUSES[direction];
  return `
OPTIONAL MATCH (account:Account {id: $id})
WITH coalesce($scope.all, false) = true AND account IS NOT NULL AND ${clauses.paired} AS paired
CALL (paired) {
  WITH paired WHERE paired
  CALL () {
    ${clauses.found}
  }
  CALL () {
    ${clauses.kept}
  }
  RETURN found, b, [$id] AS via, p.total AS total, p.transfers AS count, p.records AS records,
         p.undated AS undated, p.currencies AS currencies, p.first AS first, p.last AS last
  UNION ALL
  WITH paired WHERE NOT paired
  ${WHOLE_STEPS(direction).replaceAll('\n', '\n  ')}
}
${STEP_RETURN}`;
};

const PAIR_OUT_HOP = PAIR_HOP('OUT');
const PAIR_IN_HOP = PAIR_HOP('IN');

/** The pair hops' templates, for the tests that read their plans. */
export const PAIR_HOPS = { OUT: PAIR_OUT_HOP, IN: PAIR_IN_HOP } as const;

/**
 * Undated transfers a window left out at this hop (the payments the hop would follow otherwise):
 * a summary's undated count when every payment clears the minimum amount, else its undated payments.
 */
const UNDATED_LEFT_OUT = (direction: 'OUT' | 'IN') => `
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})${direction === 'OUT' ? '-[s:PAID_SUMMARY]->' : '<-[s:PAID_SUMMARY]-'}(b:Account)
WHERE s.undated > 0 AND NOT b.id IN $seen AND REL_VISIBLE(s) AND VISIBLE(b)
WITH a, b, s, $minAmount IS NULL OR (s.amounts = s.records AND s.minAmount >= $minAmount) AS whole
CALL (a, b, s, whole) {
  WITH a, b, s, whole WHERE NOT whole
  MATCH (a)${direction === 'OUT' ? '-[r:PAID]->' : '<-[r:PAID]-'}(b)
  WHERE r.at IS NULL AND r.extract = s.extract AND coalesce(r.currency, '') = s.currency AND r.amount >= $minAmount
  RETURN sum(${TRANSFERS}) AS partial
}
RETURN sum(CASE WHEN whole THEN s.undated ELSE partial END) AS undated`;

const UNDATED_OUT = UNDATED_LEFT_OUT('OUT');
const UNDATED_IN = UNDATED_LEFT_OUT('IN');

/** The payments behind one step, by the hop's own rules, oldest first (undated last), paged. */
const STEP_PAYMENTS = (direction: 'OUT' | 'IN') => `
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})${direction === 'OUT' ? '-[r:PAID]->' : '<-[r:PAID]-'}(o:Account {id: $counterparty})
WHERE REL_VISIBLE(r) AND VISIBLE(o)
  AND (${HOP_WHEN(direction)})
  AND ($minAmount IS NULL OR r.amount >= $minAmount)
WITH a, r, o ORDER BY r.at IS NULL, r.at, a.id, elementId(r)
WITH collect({relId: elementId(r), rel: REL_PROPS(r), account: a.id, labels: labels(o), props: PROPS(o)}) AS items
${PAGE_RETURN}`;

const STEP_PAYMENTS_OUT = STEP_PAYMENTS('OUT');
const STEP_PAYMENTS_IN = STEP_PAYMENTS('IN');

/**
 * The payments a moneyFlow step summed (its evidence), read from the payments themselves: each
 * with the account of the previous hop it left from (OUT) or arrived at (IN).
 */
export async function flowPayments(
  evidence: FlowEvidence,
  page: { skip: number; limit: number; scope: ReadScope },
): Promise<{ total: number; items: (TransactionRecord & { accountId: string })[] }> {
  const { total, page: items } = await readPage<Props>(
    cypher(evidence.direction === 'OUT' ? STEP_PAYMENTS_OUT : STEP_PAYMENTS_IN),
    {
      frontier: evidence.from,
      counterparty: evidence.counterpartyId,
      since: evidence.since,
      until: evidence.until,
      minAmount: evidence.minAmount,
      scope: page.scope,
    },
    page,
  );
  return {
    total,
    items: items.map((p) => ({
      relId: String(p.relId),
      direction: evidence.direction,
      props: p.rel as Props,
      counterparty: toEntity(p),
      accountId: String(p.account),
    })),
  };
}

const ACCOUNT = `
MATCH (n:Account {id: $id}) WHERE VISIBLE(n)
RETURN labels(n) AS labels, PROPS(n) AS props`;

const HOLDERS = `
MATCH (n:Account {id: $id})<-[h:HOLDS]-(holder) WHERE REL_VISIBLE(h) AND VISIBLE(holder)
RETURN DISTINCT holder.id AS holder`;

const HELD = `
UNWIND $ids AS id
MATCH (x:__LABEL__ {id: id})-[h:HOLDS]->(a:Account) WHERE REL_VISIBLE(h) AND VISIBLE(a)
RETURN DISTINCT a.id AS account ORDER BY account`;

/**
 * With identities: the other accounts of one actor — those held by any record of the identity of
 * any holder of the account — so the flow starts from all of them (and counts none as a counterparty).
 */
async function identityAccounts(tx: Tx, accountId: string, scope: ReadScope) {
  const holders = (await tx.run(cypher(HOLDERS), { id: accountId, scope })).map((r) => String(r.holder));
  const found = await identitiesIn(tx, holders, scope);
  const identities = [...new Map([...found.values()].map((i) => [i.id, i])).values()];
  const records = [...new Set(identities.flatMap((i) => i.recordIds))];
  const accounts: string[] = [];
  for (const [label, ids] of groupByLabel(records)) {
    for (const row of await tx.run(cypher(HELD, { label }), { ids, scope }))
      if (String(row.account) !== accountId && !accounts.includes(String(row.account)))
        accounts.push(String(row.account));
  }
  return { identities, accounts };
}

export async function moneyFlow(options: {
  accountId: string;
  direction: 'OUT' | 'IN';
  since: string | null;
  until: string | null;
  minAmount: number | null;
  maxHops: number;
  perHop: number;
  scope: ReadScope;
  /** Follow identities: start from every account of the holders' identities too (default false). */
  identities?: boolean;
  /**
   * Read the pairs where the viewer may (readsPairs; default true). False sums the per-extract
   * summaries as every restricted viewer does: the benchmark's and tests' "before", same run.
   */
  pairs?: boolean;
}): Promise<MoneyFlowResult> {
  const windowed = options.since !== null || options.until !== null;
  // The account and every hop in one read; each hop returns its counterparties' properties, so no
  // further round trip loads them. The walk's state lives inside: a retried read starts afresh.
  const walked = await readTx(async (tx) => {
    const flows: FlowRecord[] = [];
    const seen = new Set([options.accountId]);
    const startAccounts = [options.accountId];
    let identities: IdentityComponent[] = [];
    let truncated = 0;
    let undatedExcluded = 0;
    let frontier: { id: string; after: string | null; before: string | null }[] = [
      { id: options.accountId, after: null, before: null },
    ];
    /** One hop's statements, sent at once: the undated transfers a window left out, then the hop. */
    const sendHop = (hopFrontier: typeof frontier) => {
      const params = {
        frontier: hopFrontier,
        seen: [...seen],
        since: options.since,
        until: options.until,
        minAmount: options.minAmount,
        perHop: int(options.perHop),
        scope: options.scope,
        id: hopFrontier[0]!.id,
      };
      const left = windowed
        ? tx.run(cypher(options.direction === 'OUT' ? UNDATED_OUT : UNDATED_IN), params)
        : Promise.resolve([]);
      const bounded = windowed || options.minAmount !== null;
      const timed = hopFrontier.some((f) => f.after !== null || f.before !== null);
      const pairs = options.pairs !== false && hopFrontier.length === 1 && readsPairs(options.scope);
      const rows = tx.run(cypher(hopQuery(options.direction, bounded, timed, pairs)), params);
      return Promise.all([left, rows]);
    };
    const accountRows = tx.run(cypher(ACCOUNT), { id: options.accountId, scope: options.scope });
    // Without identities, hop 1 starts from the account alone: its statements go out with the
    // account's (the driver pipelines them: one round trip, not two). Should the account not be
    // visible, the hop's rows are read and dropped here, never returned.
    const first = !options.identities && options.maxHops >= 1 ? sendHop(frontier) : undefined;
    // Handled now, awaited below: a failure while the account's rows are awaited is not "unhandled".
    first?.catch(() => undefined);
    const [accountRow] = await accountRows;
    const account = accountRow ? toEntity(accountRow) : undefined;
    if (!account) {
      await first;
      return undefined;
    }
    if (options.identities) {
      const merged = await identityAccounts(tx, options.accountId, options.scope);
      identities = merged.identities;
      for (const other of merged.accounts) {
        startAccounts.push(other);
        seen.add(other);
        frontier.push({ id: other, after: null, before: null });
      }
    }
    for (let hop = 1; hop <= options.maxHops && frontier.length > 0; hop++) {
      const [[left], rows] = await (hop === 1 && first ? first : sendHop(frontier));
      undatedExcluded += Number(left?.undated ?? 0);
      truncated += rows.length === 0 ? 0 : Number(rows[0]!.found) - rows.length;
      for (const row of rows) {
        const currencies = (row.currencies as string[]).filter(Boolean);
        seen.add(String(row.counterparty));
        const counterparty = toEntity(row);
        if (!counterparty) continue;
        flows.push({
          hop,
          counterparty,
          via: row.via as string[],
          total: Number(row.total),
          count: Number(row.count),
          records: Number(row.records),
          undated: Number(row.undated),
          currency: currencies.length === 1 ? (currencies[0] ?? null) : null,
          first: row.first === null ? null : String(row.first),
          last: row.last === null ? null : String(row.last),
          evidence: {
            direction: options.direction,
            counterpartyId: String(row.counterparty),
            from: frontier.filter((f) => (row.via as string[]).includes(f.id)),
            since: options.since,
            until: options.until,
            minAmount: options.minAmount,
          },
        });
      }
      // Money reached a counterparty at its first payment (OUT); for IN, it left before the last.
      // Reached only by undated payments, a counterparty's next hop has no time bound.
      frontier = rows.map((row) => ({
        id: String(row.counterparty),
        after: options.direction === 'OUT' && row.first !== null ? String(row.first) : null,
        before: options.direction === 'IN' && row.last !== null ? String(row.last) : null,
      }));
    }
    return { account, flows, startAccounts, identities, truncated, undatedExcluded };
  });
  const { account, flows, startAccounts, identities, truncated, undatedExcluded } = walked ?? {
    account: undefined,
    flows: [],
    startAccounts: [options.accountId],
    identities: [],
    truncated: 0,
    undatedExcluded: 0,
  };
  const byHop = new Map<number, HopTotal>();
  for (const f of flows) {
    const t = byHop.get(f.hop) ?? { hop: f.hop, total: 0, count: 0, counterparties: 0, undated: 0 };
    t.total += f.total;
    t.count += f.count;
    t.undated += f.undated;
    t.counterparties++;
    byHop.set(f.hop, t);
  }
  const totalsByHop = [...byHop.values()];
  return {
    account,
    flows,
    totalsByHop,
    truncated,
    undatedIncluded: totalsByHop.reduce((sum, t) => sum + t.undated, 0),
    undatedExcluded,
    startAccounts,
    identities,
  };
}
