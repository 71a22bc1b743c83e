/**
 * round-trip: money that returns to where it started through >= minIntermediaries unrelated
 * accounts. A transfer of >= minAmount leaves an account and, hop by hop (each hop later than the
 * one before, all within windowDays, each passing on >= minReturnShare of the first amount and no
 * more than it), comes back to an account of the same holder. Depth-first over at most maxBranch
 * onward transfers per step (those closest to the amount), maxHops hops.
 *
 * Look-alikes: a loan and its repayment (A → B → A: one intermediary), friends settling a shared
 * bill (small sums), a family moving money between its members (household accounts are not
 * intermediaries), moving one's own money between one's own accounts (not unrelated). The origin's
 * holders are the beneficiaries (the money comes back to them looking like someone else's), the
 * intermediaries exposed.
 */
import { accountActors } from '../actors-of.ts';
import { accountsOf, holderIds, nodesOf, outOf, paidIn } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { cents, debitsOf, type Flow, heldBy, unrelatedAccounts, within } from './flows.ts';

export const DEFAULTS = {
  kinds: ['transfer', 'remittance'] as string[],
  windowDays: 30,
  minReturnShare: 0.7,
  minIntermediaries: 2,
  maxHops: 5,
  maxBranch: 3,
  minAmount: 1000,
  holderLabels: ['Person', 'Organisation'] as string[],
  maxAccountPayments: 2000,
};

export default defineIndicator({
  id: 'round-trip',
  version: 1,
  category: 'FINANCIAL',
  kind: 'control',
  title: 'Money returning to its origin through unrelated intermediaries',
  source: 'FATF, Professional Money Laundering (2018); FATF/Egmont, Trade-Based Money Laundering (2020)',
  weight: 2,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const windowMs = params.windowDays * 86_400_000;
    const outsCache = new Map<string, Flow[]>();
    const outs = (account: string): Flow[] => {
      let list = outsCache.get(account);
      if (!list) {
        list =
          outOf(graph, account, 'PAID').length > params.maxAccountPayments
            ? []
            : debitsOf(graph, account, params.kinds);
        outsCache.set(account, list);
      }
      return list;
    };
    for (const origin of nodesOf(graph, 'Account')) {
      const holders = holderIds(graph, origin);
      if (holders.length === 0 || !heldBy(graph, origin, params.holderLabels)) continue;
      // Money must come back: an origin that is never paid a transfer cannot be one.
      if (
        paidIn(graph, origin, params.kinds).length === 0 &&
        holders.every((h) => accountsOf(graph, h).length === 1)
      )
        continue;
      const home = (account: string) =>
        account === origin || holderIds(graph, account).some((h) => holders.includes(h));
      let found: Flow[] | undefined;
      for (const first of outs(origin)) {
        if (first.amount < params.minAmount || !unrelatedAccounts(graph, origin, first.other)) continue;
        const low = params.minReturnShare * first.amount;
        const deadline = first.t + windowMs;
        // Depth-first search for a way home; `path` holds the intermediary accounts.
        const search = (hops: Flow[], path: string[]): Flow[] | undefined => {
          const last = hops[hops.length - 1]!;
          const candidates = within(outs(last.other), last.t, deadline)
            .filter((d) => d.amount >= low && d.amount <= first.amount)
            .sort((a, b) => Math.abs(last.amount - a.amount) - Math.abs(last.amount - b.amount))
            .slice(0, params.maxBranch);
          for (const d of candidates) {
            if (home(d.other)) {
              if (path.length >= params.minIntermediaries) return [...hops, d];
              continue;
            }
            if (hops.length + 2 > params.maxHops || path.includes(d.other)) continue;
            if (
              !path.every((p) => unrelatedAccounts(graph, p, d.other)) ||
              !unrelatedAccounts(graph, origin, d.other)
            )
              continue;
            const done = search([...hops, d], [...path, d.other]);
            if (done) return done;
          }
          return undefined;
        };
        found = search([first], [first.other]);
        if (found) break;
      }
      if (!found) continue;
      const intermediaries = found.slice(0, -1).flatMap((h) => accountActors(graph, h.other));
      drafts.push({
        subject: origin,
        nodes: [origin, ...holders, ...found.map((h) => h.other), ...intermediaries],
        relationships: found.map((h) => h.ref.edge),
        beneficiaries: holders,
        exposed: intermediaries.filter((a) => !holders.includes(a)),
        facts: {
          intermediaries: found.length - 1,
          sent: cents(found[0]!.amount),
          returned: cents(found[found.length - 1]!.amount),
          days: Math.round((found[found.length - 1]!.t - found[0]!.t) / 86_400_000),
        },
      });
    }
    return drafts;
  },
});
