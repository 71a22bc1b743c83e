/**
 * cash-out: many small credits from unrelated payers, then the money taken out in cash. Within
 * windowDays an account held by a person receives >= minCredits transfers of at most maxCredit
 * each from >= minPayers unrelated payers, and cash withdrawals between the first credit and
 * cashOutHours after the last take >= minShare of what came in.
 *
 * The last step of a mule account fed by scam victims or marketplace fraud: cash leaves no trail.
 * Look-alikes: a landlord collecting rent (rent is not a transfer, and the rent stays in the bank), a
 * student repaid by flatmates who draws a little cash, a family sending pocket money (household
 * payers are not unrelated), a saver paying cash in. The holder is named as an actor, neither
 * exposed nor a beneficiary: receiving others' money and drawing it in cash does not say whether
 * they are used or the one who profits (control.ts and the other matches decide).
 */
import { holderIds, nodesOf, paidIn } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import {
  cashOutOf,
  cents,
  creditsOf,
  type Flow,
  heldBy,
  partyOf,
  sumOf,
  unrelatedAccounts,
  within,
} from './flows.ts';

export const DEFAULTS = {
  creditKinds: ['transfer', 'remittance'] as string[],
  maxCredit: 2000,
  minCredits: 5,
  minPayers: 3,
  windowDays: 14,
  cashOutHours: 72,
  minShare: 0.7,
  holderLabels: ['Person'] as string[],
};

export default defineIndicator({
  id: 'cash-out',
  version: 1,
  category: 'FINANCIAL',
  kind: 'context',
  title: 'Many small credits from unrelated payers, then withdrawn in cash',
  source: 'Europol EMMA (money mules); FinCEN (2020); FATF/APG (2018)',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const windowMs = params.windowDays * 86_400_000;
    for (const account of nodesOf(graph, 'Account')) {
      const holders = holderIds(graph, account);
      if (holders.length === 0 || !heldBy(graph, account, params.holderLabels)) continue;
      if (paidIn(graph, account, params.creditKinds).length < params.minCredits) continue;
      const cash = cashOutOf(graph, account);
      if (cash.length === 0) continue;
      const credits = creditsOf(graph, account, params.creditKinds).filter(
        (c) => c.amount <= params.maxCredit && unrelatedAccounts(graph, c.other, account),
      );
      if (credits.length < params.minCredits) continue;
      let best: { credits: Flow[]; cash: Flow[]; payers: number } | undefined;
      for (let i = 0; i < credits.length; i++) {
        const burst = within(credits, credits[i]!.t, credits[i]!.t + windowMs);
        if (burst.length < params.minCredits) continue;
        const payers = new Set(burst.map((c) => partyOf(graph, c.other))).size;
        if (payers < params.minPayers) continue;
        const taken = within(cash, burst[0]!.t, burst[burst.length - 1]!.t + params.cashOutHours * 3_600_000);
        const credited = burst.reduce((t, c) => t + c.amount, 0);
        if (taken.reduce((t, c) => t + c.amount, 0) < params.minShare * credited) continue;
        if (!best || burst.length > best.credits.length) best = { credits: burst, cash: taken, payers };
      }
      if (!best) continue;
      drafts.push({
        subject: account,
        nodes: [account, ...holders, ...best.credits.map((c) => c.other)],
        relationships: [...best.credits.map((c) => c.ref.edge), ...best.cash.map((c) => c.ref.edge)],
        actors: holders,
        facts: {
          credits: best.credits.length,
          payers: best.payers,
          credited: cents(sumOf(best.credits)),
          cashedOut: cents(sumOf(best.cash)),
        },
      });
    }
    return drafts;
  },
});
