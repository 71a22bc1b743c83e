/**
 * rapid-pass-through: a wage or benefit credit followed within `windowHours` by outflows (transfers,
 * remittances, cash) of >= `minShare` of it, at least `minOccurrences` times on one account. Moves to
 * the holder's own other accounts are not outflows. The holder is shown as exposed (a funnel account
 * is often the victim's); whoever receives the money is the beneficiary.
 *
 * The pattern must be the account's habit, not a coincidence: at least `minCreditShare` of its
 * qualifying credits are passed on. An ordinary household sometimes pays out the week its benefit
 * arrives; a funnel account does it every time.
 */
import { accountActors } from '../actors-of.ts';
import { amountOf, holderIds, nodesOf, num, outOf, paidIn, paidOut, str, timeOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { cents } from './flows.ts';

export const DEFAULTS = {
  creditKinds: ['wage', 'salary', 'bulk', 'payroll', 'benefit'] as string[],
  outKinds: ['transfer', 'remittance', 'cash', 'atm', 'withdrawal'] as string[],
  windowHours: 48,
  minShare: 0.8,
  minOccurrences: 2,
  minCredit: 50,
  minCreditShare: 0.5,
};

export default defineIndicator({
  id: 'rapid-pass-through',
  version: 2,
  category: 'FINANCIAL',
  kind: 'control',
  title: 'Wages or benefits passed on within hours',
  source: 'FATF/APG (2018); FinCEN advisory FIN-2020-A008 (funnel accounts)',
  weight: 2,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const windowMs = params.windowHours * 3_600_000;
    for (const account of nodesOf(graph, 'Account')) {
      const credits = paidIn(graph, account, params.creditKinds).filter(
        (ref) => amountOf(ref) >= params.minCredit && timeOf(ref.attribute('at')) !== undefined,
      );
      if (credits.length < params.minOccurrences) continue;
      const own = new Set(holderIds(graph, account));
      const outflows = [
        ...paidOut(graph, account, params.outKinds).filter(
          (ref) => !holderIds(graph, ref.target).some((holder) => own.has(holder)),
        ),
        ...outOf(graph, account, 'CASH').filter(
          (ref) => (str(ref.attribute('direction')) ?? 'out') === 'out',
        ),
      ]
        .map((ref) => ({ ref, t: timeOf(ref.attribute('at')), amount: num(ref.attribute('amount')) ?? 0 }))
        .filter((o): o is { ref: typeof o.ref; t: number; amount: number } => o.t !== undefined);
      const evidence: string[] = [];
      const receivers = new Set<string>();
      let occurrences = 0;
      let credited = 0;
      let passed = 0;
      for (const credit of credits) {
        const t = timeOf(credit.attribute('at'))!;
        const within = outflows.filter((o) => o.t >= t && o.t <= t + windowMs);
        const sum = within.reduce((total, o) => total + Math.abs(o.amount), 0);
        if (sum < params.minShare * amountOf(credit)) continue;
        occurrences++;
        credited += amountOf(credit);
        passed += sum;
        evidence.push(credit.edge, ...within.map((o) => o.ref.edge));
        for (const o of within) {
          if (o.ref.type === 'PAID')
            for (const actor of accountActors(graph, o.ref.target)) receivers.add(actor);
        }
      }
      if (occurrences < params.minOccurrences || occurrences < params.minCreditShare * credits.length)
        continue;
      const holders = accountActors(graph, account);
      drafts.push({
        subject: account,
        nodes: [account, ...holders, ...receivers],
        relationships: evidence,
        beneficiaries: [...receivers].filter((r) => !holders.includes(r)),
        exposed: holders,
        facts: {
          occurrences,
          credited: cents(credited),
          passedOn: cents(passed),
        },
      });
    }
    return drafts;
  },
});
