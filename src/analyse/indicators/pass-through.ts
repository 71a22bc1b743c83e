/**
 * pass-through: other people's money in, out again within days. An account held by a person
 * receives transfers from >= minPayers unrelated payers, and on >= minOccurrences of those credits
 * (and >= minCreditShare of them) >= minShare of the credit leaves within windowHours to someone
 * else (a transfer, a remittance, cash). Moves to the holder's own accounts or household are not
 * outflows, and payers of the holder's household are not "other people".
 *
 * rapid-pass-through covers wages and benefits (a victim's income taken); this is the money-mule
 * form: a chain fed by transfers from defrauded people, where no wage or benefit is ever seen. The
 * holder is exposed (a mule is often recruited and used), whoever receives the money onward the
 * beneficiary. A business's ordinary turnover is left out by default (holders must be persons): a
 * payroll bureau or a letting agent passes money on every day, lawfully.
 */
import { accountActors } from '../actors-of.ts';
import { nodesOf, outOf, paidIn, paidOut } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import {
  cashOutOf,
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
  creditKinds: ['transfer', 'remittance'] as string[],
  outKinds: ['transfer', 'remittance'] as string[],
  windowHours: 72,
  minShare: 0.8,
  minOccurrences: 2,
  minPayers: 3,
  minCredit: 100,
  minCreditShare: 0.5,
  holderLabels: ['Person'] as string[],
  /**
   * Who may receive the money onward (an account nobody is known to hold always may): persons. A
   * landlord paying the mortgage, a household paying its utility, pay organisations.
   */
  receiverLabels: ['Person'] as string[],
};

export default defineIndicator({
  id: 'pass-through',
  version: 1,
  category: 'FINANCIAL',
  kind: 'control',
  title: "Other people's transfers passed on within days",
  source: 'FATF/APG (2018); FinCEN FIN-2014-A005 (funnel accounts); Europol EMMA (money mules)',
  weight: 2,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const windowMs = params.windowHours * 3_600_000;
    for (const account of nodesOf(graph, 'Account')) {
      if (!heldAccount(graph, account, params.holderLabels)) continue;
      // Cheap counts first: most accounts have too few payers, or never pay anything on.
      if (distinctCount(paidIn(graph, account, params.creditKinds), (ref) => ref.source) < params.minPayers)
        continue;
      if (paidOut(graph, account, params.outKinds).length === 0 && outOf(graph, account, 'CASH').length === 0)
        continue;
      const credits = unrelatedCredits(graph, account, params.creditKinds, params.minCredit);
      if (credits.length < params.minOccurrences) continue;
      if (new Set(credits.map((c) => partyOf(graph, c.other))).size < params.minPayers) continue;
      const outflows = [
        ...onwardDebits(graph, account, params.outKinds, params.receiverLabels),
        ...cashOutOf(graph, account),
      ].sort((a, b) => a.t - b.t);
      if (outflows.length === 0) continue;
      const passing: Flow[] = [];
      const used = new Map<string, Flow>();
      for (const credit of credits) {
        const out = within(outflows, credit.t, credit.t + windowMs);
        if (sumOf(out) < params.minShare * credit.amount) continue;
        passing.push(credit);
        for (const o of out) used.set(o.ref.edge, o);
      }
      const payers = new Set(passing.map((c) => partyOf(graph, c.other)));
      if (
        passing.length < params.minOccurrences ||
        passing.length < params.minCreditShare * credits.length ||
        payers.size < params.minPayers
      )
        continue;
      const holders = accountActors(graph, account);
      const receivers = onwardReceivers(graph, used.values(), holders);
      drafts.push({
        subject: account,
        nodes: [account, ...holders, ...receivers, ...passing.map((c) => c.other)],
        relationships: [...passing.map((c) => c.ref.edge), ...used.keys()],
        beneficiaries: receivers,
        exposed: holders,
        actors: holders,
        facts: {
          occurrences: passing.length,
          payers: payers.size,
          credited: cents(sumOf(passing)),
          passedOn: cents(sumOf(used.values())),
        },
      });
    }
    return drafts;
  },
});
