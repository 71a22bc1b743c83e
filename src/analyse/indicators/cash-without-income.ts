/**
 * cash-without-income (forced criminality: dealing): a person's account takes >= minDeposits cash
 * deposits totalling >= minTotal while it receives no income — no wage, benefit or pension credit,
 * nothing from an organisation — and >= passOnShare of the deposited cash leaves again to other
 * persons (transfers, remittances), most of it to one of them. A person made to deal banks the
 * takings and hands them on (Europol 2021; FATF 2018: cash deposits inconsistent with the customer's
 * profile).
 *
 * Look-alikes: a cash business owner (directs or owns an organisation, or the account is held with
 * one) banks the till; a worker saves cash beside a wage (income); someone keeps the cash or spends
 * it (no pass-on). None matches. The holder is exposed; the main receiver benefits.
 *
 * Weight 1.5, as scattered-cash and structuring: unexplained cash is a financial red flag, not
 * proof of control.
 */
import { accountActors } from '../actors-of.ts';
import {
  amountOf,
  holderIds,
  kindOf,
  labelOf,
  mayBeSamePerson,
  nodesOf,
  outOf,
  paidIn,
  paidOut,
  str,
} from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minDeposits: 6,
  minTotal: 3000,
  passOnShare: 0.6,
  incomeKinds: ['wage', 'benefit', 'pension'] as string[],
  onwardKinds: ['transfer', 'remittance'] as string[],
};

export default defineIndicator({
  id: 'cash-without-income',
  version: 1,
  category: 'FINANCIAL',
  kind: 'context',
  title: 'Cash deposits by a person with no income, handed on to another',
  source:
    'Europol, EMPACT THB: forced criminality (2021); FATF/APG, Financial Flows from Human Trafficking ' +
    '(2018): cash deposits inconsistent with the customer’s profile; Eurojust, THB casework report (2021)',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const runsBusiness = (person: string) =>
      outOf(graph, person, 'DIRECTS').length > 0 ||
      outOf(graph, person, 'OWNS').some((ref) => labelOf(graph, ref.target) === 'Organisation');
    for (const account of nodesOf(graph, 'Account')) {
      const deposits = outOf(graph, account, 'CASH').filter(
        (ref) => str(ref.attribute('direction')) === 'in',
      );
      if (deposits.length < params.minDeposits) continue;
      const total = deposits.reduce((sum, ref) => sum + amountOf(ref), 0);
      if (total < params.minTotal) continue;
      const holders = holderIds(graph, account);
      if (holders.length === 0 || holders.some((h) => labelOf(graph, h) !== 'Person' || runsBusiness(h)))
        continue;
      const income = paidIn(graph, account).some(
        (ref) =>
          params.incomeKinds.includes(kindOf(ref)) ||
          holderIds(graph, ref.source).some((h) => labelOf(graph, h) === 'Organisation'),
      );
      if (income) continue;
      const toOthers = new Map<string, { amount: number; edges: string[] }>();
      for (const ref of paidOut(graph, account, params.onwardKinds)) {
        for (const actor of accountActors(graph, ref.target)) {
          if (labelOf(graph, actor) !== 'Person') continue;
          if (holders.some((h) => mayBeSamePerson(graph, h, actor))) continue;
          const entry = toOthers.get(actor) ?? { amount: 0, edges: [] };
          entry.amount += amountOf(ref);
          entry.edges.push(ref.edge);
          toOthers.set(actor, entry);
        }
      }
      const passedOn = [...toOthers.values()].reduce((sum, e) => sum + e.amount, 0);
      if (passedOn < params.passOnShare * total) continue;
      const [main] = [...toOthers].sort((a, b) => b[1].amount - a[1].amount || (a[0] < b[0] ? -1 : 1));
      drafts.push({
        subject: account,
        nodes: [account, ...holders, ...toOthers.keys()],
        relationships: [
          ...deposits.map((ref) => ref.edge),
          ...[...toOthers.values()].flatMap((e) => e.edges),
        ],
        beneficiaries: main ? [main[0]] : [],
        exposed: holders,
        actors: [...holders, ...(main ? [main[0]] : [])],
        facts: {
          deposits: deposits.length,
          deposited: Math.round(total),
          passedOn: Math.round(passedOn),
          receivers: toOthers.size,
        },
      });
    }
    return drafts;
  },
});
