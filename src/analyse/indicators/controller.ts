/**
 * controller: a person who directs or owns an employer and also receives its workers' money: other
 * people's benefits paid into the person's account, transfers from workers' accounts, or several
 * same-day wages from the company into the person's account. Matches with >= minOthers distinct
 * others (or any pooled wage day), bridging the victims and the company.
 */

import { pushTo } from '../../model/group.ts';
import {
  accountsOf,
  areFamily,
  claimantsOf,
  dayOf,
  holderIds,
  intoOf,
  nodesOf,
  outOf,
  paidIn,
} from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { workersOf } from './org-people.ts';

export const DEFAULTS = {
  minOthers: 2,
  transferKinds: ['transfer', 'remittance', 'cash'] as string[],
  wageKinds: ['wage', 'salary', 'bulk', 'payroll'] as string[],
  minSameDayWages: 2,
};

export default defineIndicator({
  id: 'controller',
  version: 1,
  category: 'THB',
  kind: 'control',
  title: "Company director receiving the workers' wages or benefits",
  source: 'Combination of pooled-wages, fan-in-beneficiary and agency-cohabitation (indicators.md)',
  weight: 4,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const person of nodesOf(graph, 'Person')) {
      // OWNS also reaches vehicles and items: control means of an organisation only.
      const controls = [...outOf(graph, person, 'DIRECTS'), ...outOf(graph, person, 'OWNS')].filter(
        (ref) => graph.getNodeAttribute(ref.target, 'label') === 'Organisation',
      );
      if (controls.length === 0) continue;
      const accounts = accountsOf(graph, person);
      if (accounts.length === 0) continue;
      for (const control of controls) {
        const org = control.target;
        const workers = new Set(workersOf(graph, org).map((ref) => ref.target));
        workers.delete(person);
        const orgAccounts = new Set(accountsOf(graph, org).map((ref) => ref.target));
        const others = new Set<string>();
        const edges: string[] = [control.edge];
        let pooledDays = 0;
        for (const held of accounts) {
          for (const paidInto of intoOf(graph, held.target, 'PAID_INTO')) {
            for (const claims of claimantsOf(graph, paidInto.source)) {
              if (claims.source === person || areFamily(graph, person, claims.source)) continue;
              others.add(claims.source);
              edges.push(held.edge, paidInto.edge, claims.edge);
            }
          }
          for (const paid of paidIn(graph, held.target, params.transferKinds)) {
            const from = holderIds(graph, paid.source).filter((h) => workers.has(h));
            if (from.length === 0) continue;
            for (const worker of from) others.add(worker);
            edges.push(held.edge, paid.edge);
          }
          const wageDays = new Map<string, string[]>();
          for (const wage of paidIn(graph, held.target, params.wageKinds)) {
            if (!orgAccounts.has(wage.source)) continue;
            const day = dayOf(wage.attribute('at')) ?? 'unknown';
            pushTo(wageDays, day, wage.edge);
          }
          for (const list of wageDays.values()) {
            if (list.length >= params.minSameDayWages) {
              pooledDays++;
              edges.push(held.edge, ...list);
            }
          }
        }
        if (others.size < params.minOthers && pooledDays === 0) continue;
        drafts.push({
          subject: `${person}>${org}`,
          nodes: [person, org, ...others, ...accounts.map((a) => a.target)],
          relationships: edges,
          beneficiaries: [person],
          exposed: others,
          actors: [person, org, ...others],
          facts: { others: others.size, pooledWageDays: pooledDays, workers: workers.size },
        });
      }
    }
    return drafts;
  },
});
