/**
 * Money flows of one account as time-sorted lists, for the money-laundering typologies
 * (pass-through, fan-in-fan-out, layering-chain, round-trip, structuring, cash-out): who paid it,
 * whom it paid, cash in and out, and whether two accounts belong to unrelated people. Amounts are
 * absolute; a flow without a readable time is left out (a typology is about timing).
 */
import { accountActors } from '../actors-of.ts';
import {
  type EdgeRef,
  holderIds,
  labelOf,
  mayBeSamePerson,
  num,
  outOf,
  paidIn,
  paidOut,
  str,
  timeOf,
} from '../hgraph.ts';
import type { HGraph } from '../types.ts';

export interface Flow {
  ref: EdgeRef;
  t: number;
  amount: number;
  /** The other account (PAID) or the location (CASH). */
  other: string;
}

function flowOf(ref: EdgeRef, other: string): Flow | undefined {
  const t = timeOf(ref.attribute('at'));
  if (t === undefined) return undefined;
  return { ref, t, amount: Math.abs(num(ref.attribute('amount')) ?? 0), other };
}

function sorted(flows: Array<Flow | undefined>): Flow[] {
  return flows
    .filter((f): f is Flow => f !== undefined)
    .sort((a, b) => a.t - b.t || (a.ref.edge < b.ref.edge ? -1 : 1));
}

/** Payments into the account of these kinds, oldest first. */
export function creditsOf(graph: HGraph, account: string, kinds: readonly string[]): Flow[] {
  return sorted(paidIn(graph, account, kinds).map((ref) => flowOf(ref, ref.source)));
}

/** Payments out of the account of these kinds, oldest first. */
export function debitsOf(graph: HGraph, account: string, kinds: readonly string[]): Flow[] {
  return sorted(paidOut(graph, account, kinds).map((ref) => flowOf(ref, ref.target)));
}

/** Payment kinds that take cash out of an account. */
export const CASH_OUT_KINDS = ['cash', 'atm', 'withdrawal'];
/** Payment kinds that put cash into an account. */
export const CASH_IN_KINDS = ['cash-deposit', 'deposit'];

/** Cash taken out (CASH direction out, or a cash/ATM/withdrawal payment), oldest first. */
export function cashOutOf(graph: HGraph, account: string): Flow[] {
  return sorted([
    ...outOf(graph, account, 'CASH')
      .filter((ref) => (str(ref.attribute('direction')) ?? 'out') === 'out')
      .map((ref) => flowOf(ref, ref.target)),
    ...paidOut(graph, account, CASH_OUT_KINDS).map((ref) => flowOf(ref, ref.target)),
  ]);
}

/** Cash paid in (CASH direction in, or a cash-deposit payment), oldest first. */
export function cashInOf(graph: HGraph, account: string): Flow[] {
  return sorted([
    ...outOf(graph, account, 'CASH')
      .filter((ref) => str(ref.attribute('direction')) === 'in')
      .map((ref) => flowOf(ref, ref.target)),
    ...paidIn(graph, account, CASH_IN_KINDS).map((ref) => flowOf(ref, ref.source)),
  ]);
}

/** Index of the first flow at or after `t` (flows sorted by time). */
export function firstAtOrAfter(flows: readonly Flow[], t: number): number {
  let lo = 0;
  let hi = flows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (flows[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Flows with from <= t <= to. */
export function within(flows: readonly Flow[], from: number, to: number): Flow[] {
  const out: Flow[] = [];
  for (let i = firstAtOrAfter(flows, from); i < flows.length && flows[i]!.t <= to; i++) out.push(flows[i]!);
  return out;
}

/**
 * Whether two accounts belong to unrelated people: no shared holder and no holders who may be one
 * human or one household (hgraph.ts mayBeSamePerson). An account nobody is known to hold is
 * unrelated to every other account. Moves between one's own accounts, or within a family, are
 * never laundering typologies by themselves.
 */
export function unrelatedAccounts(graph: HGraph, a: string, b: string): boolean {
  if (a === b) return false;
  const ha = holderIds(graph, a);
  const hb = holderIds(graph, b);
  for (const x of ha) {
    for (const y of hb) {
      if (x === y) return false;
      if (labelOf(graph, x) === 'Person' && labelOf(graph, y) === 'Person' && mayBeSamePerson(graph, x, y))
        return false;
    }
  }
  return true;
}

/** Holders are all of these labels (an account nobody is known to hold passes). */
export function heldBy(graph: HGraph, account: string, labels: readonly string[]): boolean {
  return holderIds(graph, account).every((holder) => labels.includes(labelOf(graph, holder)));
}

/** The counterparty of a flow as a party: the other account's holders joined, else the account. */
export function partyOf(graph: HGraph, account: string): string {
  const holders = holderIds(graph, account);
  return holders.length > 0 ? [...holders].sort().join('+') : account;
}

/** How many distinct keys the items have: a cheap count before any time is parsed. */
export function distinctCount<T>(items: readonly T[], key: (item: T) => string): number {
  if (items.length <= 1) return items.length;
  const seen = new Set<string>();
  for (const item of items) seen.add(key(item));
  return seen.size;
}

/** A candidate middle account: held by someone known, and every holder of these labels. */
export function heldAccount(graph: HGraph, account: string, labels: readonly string[]): boolean {
  return heldBy(graph, account, labels) && holderIds(graph, account).length > 0;
}

/** Credits of these kinds from at least `minAmount`, paid by people unrelated to the holder. */
export function unrelatedCredits(
  graph: HGraph,
  account: string,
  kinds: readonly string[],
  minAmount: number,
): Flow[] {
  return creditsOf(graph, account, kinds).filter(
    (c) => c.amount >= minAmount && unrelatedAccounts(graph, c.other, account),
  );
}

/** Debits of these kinds to unrelated accounts held by `receiverLabels`: money passed on, not kept. */
export function onwardDebits(
  graph: HGraph,
  account: string,
  kinds: readonly string[],
  receiverLabels: readonly string[],
): Flow[] {
  return debitsOf(graph, account, kinds).filter(
    (d) => heldBy(graph, d.other, receiverLabels) && unrelatedAccounts(graph, account, d.other),
  );
}

/** Whoever holds the accounts paid onward (cash has no receiver), the account's own holders left out. */
export function onwardReceivers(
  graph: HGraph,
  flows: Iterable<Flow>,
  holders: readonly string[],
): Set<string> {
  const receivers = new Set<string>();
  for (const flow of flows)
    if (flow.ref.type === 'PAID')
      for (const actor of accountActors(graph, flow.other))
        if (!holders.includes(actor)) receivers.add(actor);
  return receivers;
}

export function sumOf(flows: Iterable<Flow>): number {
  let total = 0;
  for (const flow of flows) total += flow.amount;
  return total;
}

/** Money facts to the cent (a match's facts are read by people). */
export function cents(x: number): number {
  return Math.round(x * 100) / 100;
}
