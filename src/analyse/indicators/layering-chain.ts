/**
 * layering-chain: money moved A → B → C → … through >= minHops transfers between unrelated
 * holders, each hop within hopHours of the one before and passing on between (1 − maxFee) and all
 * of what arrived: the amount shrinks by the intermediaries' cut, never grows. Each chain is
 * reported once, from its first hop (a transfer that itself continues an earlier qualifying hop is
 * not a start), following at each step the onward transfer closest to the amount received.
 *
 * Look-alikes: a payroll bureau splits one employer credit into many small wages (no hop keeps the
 * amount); a tenant pays a letting agent who pays the landlord less a fee (two hops, and rent is not
 * a transfer kind); a family passes money between its members (household hops are not counted).
 * The intermediaries are exposed (accounts used to move others' money), the holders at the end of
 * the chain the beneficiaries; the origin's holders are in the evidence but not actors (a chain fed
 * by a scam starts at its victim).
 */
import { accountActors } from '../actors-of.ts';
import { nodesOf, outOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { cents, creditsOf, debitsOf, type Flow, unrelatedAccounts, within } from './flows.ts';

export const DEFAULTS = {
  kinds: ['transfer', 'remittance'] as string[],
  hopHours: 72,
  maxFee: 0.15,
  minHops: 3,
  maxHops: 8,
  minAmount: 500,
  /** Accounts with more payments than this are clearing or business accounts: no chain runs through them. */
  maxAccountPayments: 2000,
};

export default defineIndicator({
  id: 'layering-chain',
  version: 1,
  category: 'FINANCIAL',
  kind: 'control',
  title: 'Money passed along a chain of accounts within days, less a cut at each hop',
  source: 'FATF, Professional Money Laundering (2018); FATF/APG (2018); Europol EMMA (money mules)',
  weight: 2.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const hopMs = params.hopHours * 3_600_000;
    const outsCache = new Map<string, Flow[]>();
    const insCache = new Map<string, Flow[]>();
    const busy = (account: string) => outOf(graph, account, 'PAID').length > params.maxAccountPayments;
    const outs = (account: string): Flow[] => {
      let list = outsCache.get(account);
      if (!list) {
        list = busy(account)
          ? []
          : debitsOf(graph, account, params.kinds).filter((d) => d.amount >= params.minAmount);
        outsCache.set(account, list);
      }
      return list;
    };
    const ins = (account: string): Flow[] => {
      let list = insCache.get(account);
      if (!list) {
        list = creditsOf(graph, account, params.kinds).filter((c) => c.amount >= params.minAmount);
        insCache.set(account, list);
      }
      return list;
    };
    /** The onward hop from `to` after `hop` arrived: closest amount within the fee band and time. */
    const next = (hop: Flow, to: string, seen: Set<string>): Flow | undefined => {
      let found: Flow | undefined;
      for (const d of within(outs(to), hop.t, hop.t + hopMs)) {
        if (d.amount > hop.amount || d.amount < (1 - params.maxFee) * hop.amount) continue;
        if (seen.has(d.other) || !unrelatedAccounts(graph, to, d.other)) continue;
        if (!found || d.amount > found.amount) found = d;
      }
      return found;
    };
    for (const account of nodesOf(graph, 'Account')) {
      for (const first of outs(account)) {
        const to = first.other;
        if (!unrelatedAccounts(graph, account, to)) continue;
        // Not a start when it continues an earlier hop into this account.
        const earlier = within(ins(account), first.t - hopMs, first.t).some(
          (c) =>
            c.ref.edge !== first.ref.edge &&
            c.amount >= first.amount &&
            first.amount >= (1 - params.maxFee) * c.amount &&
            unrelatedAccounts(graph, c.other, account),
        );
        if (earlier) continue;
        const hops: Flow[] = [first];
        const path = [account, to];
        const seen = new Set(path);
        let at = to;
        while (hops.length < params.maxHops) {
          const hop = next(hops[hops.length - 1]!, at, seen);
          if (!hop) break;
          hops.push(hop);
          path.push(hop.other);
          seen.add(hop.other);
          at = hop.other;
        }
        if (hops.length < params.minHops) continue;
        const intermediaries = path.slice(1, -1).flatMap((a) => accountActors(graph, a));
        const end = accountActors(graph, path[path.length - 1]!);
        const origin = accountActors(graph, account);
        drafts.push({
          subject: first.ref.edge,
          nodes: [...path, ...origin, ...intermediaries, ...end],
          relationships: hops.map((h) => h.ref.edge),
          beneficiaries: end,
          exposed: intermediaries.filter((a) => !end.includes(a) && !origin.includes(a)),
          // The origin is evidence, not an actor: in a mule chain it is the defrauded payer, whose
          // own network must not take the chain's points.
          actors: [...intermediaries, ...end],
          facts: {
            hops: hops.length,
            accounts: path.length,
            sent: cents(first.amount),
            arrived: cents(hops[hops.length - 1]!.amount),
            hours: Math.round((hops[hops.length - 1]!.t - first.t) / 3_600_000),
          },
        });
      }
    }
    return drafts;
  },
});
