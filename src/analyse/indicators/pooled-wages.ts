/**
 * pooled-wages: wages from one employer for >= minPersons persons land in one account. Seen as
 * several wage payments from the employer's account into the same account on one pay date, or, when
 * the employer pays other accounts too, a monthly count >= minPersons times the employer's usual
 * payments per account and month (so a weekly payroll is not mistaken for a pooled one).
 */
import { accountActors } from '../actors-of.ts';
import { dayOf, holderIds, kindOf, nodesOf, paidOut } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minPersons: 3,
  wageKinds: ['wage', 'salary', 'bulk', 'payroll'] as string[],
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export default defineIndicator({
  id: 'pooled-wages',
  version: 1,
  category: 'FINANCIAL',
  kind: 'control',
  title: "Several workers' wages paid into one account",
  source: 'FATF/APG, Financial Flows from Human Trafficking (2018): multiple wages into one account',
  weight: 3,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const payer of nodesOf(graph, 'Account')) {
      const wages = paidOut(graph, payer, params.wageKinds);
      if (wages.length < params.minPersons) continue;
      const byTarget = new Map<string, typeof wages>();
      for (const wage of wages) {
        const list = byTarget.get(wage.target) ?? [];
        list.push(wage);
        byTarget.set(wage.target, list);
      }
      const monthly = (list: typeof wages): number => {
        const months = new Map<string, number>();
        for (const ref of list) {
          const month = dayOf(ref.attribute('at'))?.slice(0, 7) ?? 'unknown';
          months.set(month, (months.get(month) ?? 0) + 1);
        }
        return Math.max(0, ...months.values());
      };
      const usual = byTarget.size > 1 ? median([...byTarget.values()].map(monthly)) : 0;
      const employers = holderIds(graph, payer);
      for (const [target, list] of byTarget) {
        const days = new Map<string, number>();
        for (const ref of list) {
          const day = dayOf(ref.attribute('at')) ?? 'unknown';
          days.set(day, (days.get(day) ?? 0) + 1);
        }
        const sameDay = Math.max(...days.values());
        const perMonth = monthly(list);
        const pooled = sameDay >= params.minPersons || (usual > 0 && perMonth >= params.minPersons * usual);
        if (!pooled) continue;
        const holders = accountActors(graph, target).filter((actor) => !employers.includes(actor));
        // Employees of the employer who do not hold the pooled account are the workers whose pay it takes.
        const workers = new Set<string>();
        for (const employer of employers) {
          graph.forEachOutEdgeRef(employer, (ref) => {
            if (ref.type === 'EMPLOYS' && !holders.includes(ref.target)) workers.add(ref.target);
          });
        }
        // Workers without wages of their own from this payer are the ones pooled.
        const paid = new Set(byTarget.keys());
        const pooledWorkers = [...workers].filter(
          (worker) => ![...paid].some((acc) => acc !== target && holderIds(graph, acc).includes(worker)),
        );
        drafts.push({
          subject: `${payer}>${target}`,
          nodes: [payer, target, ...employers, ...holders],
          relationships: list.map((ref) => ref.edge),
          beneficiaries: holders,
          exposed: pooledWorkers,
          actors: employers,
          facts: {
            payments: list.length,
            maxSameDay: sameDay,
            maxPerMonth: perMonth,
            usualPerMonth: usual,
            kinds: [...new Set(list.map(kindOf))].join(','),
          },
        });
      }
    }
    return drafts;
  },
});
