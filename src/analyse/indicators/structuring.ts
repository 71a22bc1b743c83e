/**
 * structuring: cash kept just under a reporting threshold. Either (a) >= minNear cash deposits or
 * withdrawals on one account within windowDays, each within `margin` below the threshold of its
 * currency (9,000–9,999 under 10,000), or (b) >= minSplits cash deposits within splitDays, each
 * under the threshold, that together reach it (one sum split to stay unseen).
 *
 * Thresholds are per currency (`thresholds`; a currency not listed is not judged): 10,000 for USD
 * (FinCEN currency transaction report, 31 CFR 1010.311), EUR (EU cash controls, Regulation (EU)
 * 2018/1672) and GBP (the UK has no cash reporting threshold; €10,000 is its high-value dealer
 * rule, Money Laundering Regulations 2017, taken as 10,000); RON 50,000 and PLN 43,000 as the
 * euro figure's equivalent. Override per run or in config for other jurisdictions. A flow's currency is its own, else its account's, else
 * `defaultCurrency`. Look-alikes: a saver paying in small sums every week, a wage drawn in cash, one
 * large deposit declared as it is. The holder is named as an actor only: who structures for whom
 * the pattern does not say.
 */
import { holderIds, nodesOf, outOf, paidIn, paidOut, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { CASH_IN_KINDS, CASH_OUT_KINDS, cashInOf, cashOutOf, type Flow, within } from './flows.ts';

export const DEFAULTS = {
  thresholds: { USD: 10_000, EUR: 10_000, GBP: 10_000, RON: 50_000, PLN: 43_000 } as Record<string, number>,
  defaultCurrency: 'GBP',
  margin: 0.1,
  minNear: 3,
  windowDays: 30,
  minSplits: 3,
  splitDays: 3,
};

export default defineIndicator({
  id: 'structuring',
  version: 1,
  category: 'FINANCIAL',
  kind: 'context',
  title: 'Cash kept just under a reporting threshold',
  source: 'FinCEN: 31 U.S.C. 5324 (structuring), 31 CFR 1010.311; FATF (2018)',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const fewest = Math.min(params.minNear, params.minSplits);
    for (const account of nodesOf(graph, 'Account')) {
      if (
        outOf(graph, account, 'CASH').length +
          paidIn(graph, account, CASH_IN_KINDS).length +
          paidOut(graph, account, CASH_OUT_KINDS).length <
        fewest
      )
        continue;
      const deposits = cashInOf(graph, account);
      const withdrawals = cashOutOf(graph, account);
      if (deposits.length + withdrawals.length < Math.min(params.minNear, params.minSplits)) continue;
      const accountCurrency = str(graph.getNodeAttribute(account, 'currency'));
      const thresholdOf = (f: Flow): number | undefined =>
        params.thresholds[
          (str(f.ref.attribute('currency')) ?? accountCurrency ?? params.defaultCurrency).toUpperCase()
        ];
      const near = (f: Flow) => {
        const threshold = thresholdOf(f);
        return threshold !== undefined && f.amount < threshold && f.amount >= threshold * (1 - params.margin);
      };
      let evidence: Flow[] | undefined;
      let pattern = '';
      // (a) repeated amounts just under the threshold, in or out.
      for (const flows of [deposits, withdrawals]) {
        const close = flows.filter(near);
        for (let i = 0; i < close.length && !evidence; i++) {
          const run = within(close, close[i]!.t, close[i]!.t + params.windowDays * 86_400_000);
          if (run.length >= params.minNear) {
            evidence = run;
            pattern = 'near-threshold';
          }
        }
      }
      // (b) one sum split into deposits that each stay under it.
      for (let i = 0; i < deposits.length && !evidence; i++) {
        const run = within(deposits, deposits[i]!.t, deposits[i]!.t + params.splitDays * 86_400_000);
        const threshold = thresholdOf(deposits[i]!);
        if (threshold === undefined || run.length < params.minSplits) continue;
        if (run.some((f) => thresholdOf(f) !== threshold || f.amount >= threshold)) continue;
        if (run.reduce((t, f) => t + f.amount, 0) >= threshold) {
          evidence = run;
          pattern = 'split';
        }
      }
      if (!evidence) continue;
      const holders = holderIds(graph, account);
      drafts.push({
        subject: account,
        nodes: [account, ...holders],
        relationships: evidence.map((f) => f.ref.edge),
        actors: holders.length > 0 ? holders : [account],
        facts: {
          pattern,
          flows: evidence.length,
          total: Math.round(evidence.reduce((t, f) => t + f.amount, 0) * 100) / 100,
        },
      });
    }
    return drafts;
  },
});
