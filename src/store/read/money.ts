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
import { cypherFile } from '../cypher-files.ts';
import { readTx, type Tx } from '../run.ts';
import { type EntityRecord, groupByLabel, type Props, toEntity } from './entities.ts';
import { type IdentityComponent, identitiesIn } from './identities.ts';
import { readPage } from './page.ts';
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
 * The flow's statements, written out one a file in cypher/money/, each with the notes on why it is
 * written so: a hop reads the pairs' summaries with their bounds decided (hop-*), only the
 * summaries (whole-hop-*), the rank-ordered pairs (pair-hop-*) or the payments (payments-hop-*);
 * undated-excluded-* counts what a window left out, step-payments-* lists a step's evidence.
 */
const FLOW = {
  OUT: {
    summaries: cypherFile('money/hop-out'),
    payments: cypherFile('money/payments-hop-out'),
    whole: cypherFile('money/whole-hop-out'),
    pairs: cypherFile('money/pair-hop-out'),
    undated: cypherFile('money/undated-excluded-out'),
    evidence: cypherFile('money/step-payments-out'),
  },
  IN: {
    summaries: cypherFile('money/hop-in'),
    payments: cypherFile('money/payments-hop-in'),
    whole: cypherFile('money/whole-hop-in'),
    pairs: cypherFile('money/pair-hop-in'),
    undated: cypherFile('money/undated-excluded-in'),
    evidence: cypherFile('money/step-payments-in'),
  },
} as const;

/** The pair hops' templates, for the tests that read their plans. */
export const PAIR_HOPS = { OUT: FLOW.OUT.pairs, IN: FLOW.IN.pairs } as const;

/**
 * The hop's query: one account's pairs in rank order, summaries alone, summaries with their bounds
 * decided, or the payments.
 */
function hopQuery(direction: 'OUT' | 'IN', bounded: boolean, timed: boolean, pairs: boolean): string {
  const statements = FLOW[direction];
  if (bounded) return statements.payments;
  if (pairs && !timed) return statements.pairs;
  if (!timed) return statements.whole;
  return statements.summaries;
}

/**
 * Whether a viewer may read the pairs (store/flow-summary.ts PAID_PAIR_OUT/_IN): they add up every
 * extract, so only a viewer of every jurisdiction while no load is incomplete — the viewer whose
 * every macro is `true` (store/cypher.ts statementForScope) and who would sum every summary anyway.
 */
export function readsPairs(scope: ReadScope): boolean {
  return scope.all === true && (scope.incomplete?.length ?? 0) === 0;
}

/**
 * The payments a moneyFlow step summed (its evidence), read from the payments themselves: each
 * with the account of the previous hop it left from (OUT) or arrived at (IN).
 */
export async function flowPayments(
  evidence: FlowEvidence,
  page: { skip: number; limit: number; scope: ReadScope },
): Promise<{ total: number; items: (TransactionRecord & { accountId: string })[] }> {
  const { total, page: items } = await readPage<Props>(
    cypher(FLOW[evidence.direction].evidence),
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
      const left = windowed ? tx.run(cypher(FLOW[options.direction].undated), params) : Promise.resolve([]);
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
