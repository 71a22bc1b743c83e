/**
 * fan-in-fan-out: many unrelated payers into one account and, within the same short window, the
 * money out to many unrelated receivers. Within windowDays an account held by a person receives
 * transfers from >= minPayers unrelated payers and sends >= minShare of what came in to
 * >= minReceivers unrelated receivers, within windowDays of the last credit.
 *
 * Fan-in alone is ordinary: a landlord's tenants, a sole trader's customers, a family pooling for a
 * wedding. Fan-out alone is a household paying its bills. Both at once, in days, with the money
 * barely resting, is the collection-and-dispersal step of layering. Family payers and receivers
 * (hgraph.ts mayBeSamePerson) and the holder's own accounts are not counterparties; rent, card and
 * merchant payments are not transfers; organisations are left out by default (a business's turnover).
 * The holder is exposed (an account in the middle), the receivers the beneficiaries.
 */
import { accountActors } from '../actors-of.ts';
import { nodesOf, paidIn, paidOut } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import {
  cents,
  distinctCount,
  type Flow,
  heldAccount,
  onwardDebits,
  onwardReceivers,
  partyOf,
  sumOf,
  unrelatedCredits,
  within,
} from './flows.ts';

export const DEFAULTS = {
  kinds: ['transfer', 'remittance'] as string[],
  windowDays: 7,
  minPayers: 4,
  minReceivers: 3,
  minShare: 0.7,
  minAmount: 50,
  holderLabels: ['Person'] as string[],
  /**
   * Who may receive the money onward (an account nobody is known to hold always may): persons. A
   * landlord paying the mortgage, a household paying its utility, pay organisations.
   */
  receiverLabels: ['Person'] as string[],
};

export default defineIndicator({
  id: 'fan-in-fan-out',
  version: 1,
  category: 'FINANCIAL',
  kind: 'control',
  title: 'Many unrelated payers in, many unrelated receivers out, within days',
  source: 'FATF, Professional Money Laundering (2018); FinCEN (2020); Europol EMMA (money mules)',
  weight: 2,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const windowMs = params.windowDays * 86_400_000;
    for (const account of nodesOf(graph, 'Account')) {
      if (!heldAccount(graph, account, params.holderLabels)) continue;
      // Cheap counts first: most accounts have too few counterparties on one side.
      if (distinctCount(paidIn(graph, account, params.kinds), (ref) => ref.source) < params.minPayers)
        continue;
      if (distinctCount(paidOut(graph, account, params.kinds), (ref) => ref.target) < params.minReceivers)
        continue;
      const ins = unrelatedCredits(graph, account, params.kinds, params.minAmount);
      if (ins.length < params.minPayers) continue;
      const outs = onwardDebits(graph, account, params.kinds, params.receiverLabels).filter(
        (d) => d.amount >= params.minAmount,
      );
      if (outs.length < params.minReceivers) continue;
      let best: { ins: Flow[]; outs: Flow[]; payers: number; receivers: number } | undefined;
      for (let i = 0; i < ins.length; i++) {
        const burst = within(ins, ins[i]!.t, ins[i]!.t + windowMs);
        const payers = new Set(burst.map((c) => partyOf(graph, c.other))).size;
        if (payers < params.minPayers) continue;
        const last = burst[burst.length - 1]!.t;
        const spread = within(outs, ins[i]!.t, last + windowMs);
        const receivers = new Set(spread.map((d) => partyOf(graph, d.other))).size;
        if (receivers < params.minReceivers) continue;
        if (sumOf(spread) < params.minShare * sumOf(burst)) continue;
        if (!best || payers + receivers > best.payers + best.receivers)
          best = { ins: burst, outs: spread, payers, receivers };
      }
      if (!best) continue;
      const holders = accountActors(graph, account);
      const receivers = onwardReceivers(graph, best.outs, holders);
      drafts.push({
        subject: account,
        nodes: [
          account,
          ...holders,
          ...best.ins.map((c) => c.other),
          ...best.outs.map((d) => d.other),
          ...receivers,
        ],
        relationships: [...best.ins.map((c) => c.ref.edge), ...best.outs.map((d) => d.ref.edge)],
        beneficiaries: receivers,
        exposed: holders,
        actors: holders,
        facts: {
          payers: best.payers,
          receivers: best.receivers,
          credited: cents(sumOf(best.ins)),
          dispersed: cents(sumOf(best.outs)),
          windowDays: params.windowDays,
        },
      });
    }
    return drafts;
  },
});
