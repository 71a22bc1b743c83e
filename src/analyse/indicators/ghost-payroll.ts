/**
 * ghost-payroll: an organisation with >= minWorkers workers on record whose observed account(s) pay
 * wages to fewer than `maxAccountShare` × workers distinct accounts (none at all included). Only
 * organisations whose account we actually see paying (>= minObservedPayments outgoing payments) are
 * judged: an employer banking elsewhere is missing data, not a ghost payroll. A big employer paying
 * each worker into their own account never matches.
 *
 * "Actually see paying" means the account's own statement is in the data (its bank's records: the
 * account carries `bank`), whenever any account in the graph is marked that way. An employer banking
 * elsewhere still shows up in its workers' statements, but only for the workers who bank where we
 * looked: counting those wages against all its workers would make every such employer a ghost.
 */
import { accountActors } from '../actors-of.ts';
import { accountsOf, holderIds, nodesOf, outOf, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { controllersOf, workersOf } from './org-people.ts';

export const DEFAULTS = {
  minWorkers: 3,
  maxAccountShare: 0.5,
  minObservedPayments: 3,
  wageKinds: ['wage', 'salary', 'bulk', 'payroll'] as string[],
};

export default defineIndicator({
  id: 'ghost-payroll',
  version: 2,
  category: 'FINANCIAL',
  kind: 'context',
  title: 'Workers on record but payroll to few or no accounts',
  source: 'FinCEN (2020)',
  weight: 2,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const hasStatement = (account: string) => str(graph.getNodeAttribute(account, 'bank')) !== undefined;
    const statementsMarked = nodesOf(graph, 'Account').some(hasStatement);
    for (const org of nodesOf(graph, 'Organisation')) {
      const employs = workersOf(graph, org);
      const workers = new Set(employs.map((ref) => ref.target));
      if (workers.size < params.minWorkers) continue;
      const accounts = accountsOf(graph, org).filter(
        (held) => !statementsMarked || hasStatement(held.target),
      );
      const payments = accounts.flatMap((held) => [
        ...outOf(graph, held.target, 'PAID'),
        ...outOf(graph, held.target, 'CASH'),
      ]);
      if (payments.length < params.minObservedPayments) continue;
      const own = new Set(accounts.map((held) => held.target));
      const wages = payments.filter(
        (ref) =>
          ref.type === 'PAID' &&
          params.wageKinds.includes(String(ref.attribute('kind') ?? 'transfer')) &&
          !own.has(ref.target) &&
          !holderIds(graph, ref.target).includes(org),
      );
      const wageAccounts = new Set(wages.map((ref) => ref.target));
      if (wageAccounts.size >= params.maxAccountShare * workers.size) continue;
      const receivers = [...wageAccounts].flatMap((account) => accountActors(graph, account));
      const controllers = controllersOf(graph, org);
      drafts.push({
        subject: org,
        nodes: [org, ...own, ...wageAccounts, ...receivers, ...controllers.map((ref) => ref.source)],
        relationships: [
          ...employs.map((ref) => ref.edge),
          ...accounts.map((ref) => ref.edge),
          ...wages.map((ref) => ref.edge),
        ],
        beneficiaries: [
          org,
          ...controllers.map((ref) => ref.source),
          ...receivers.filter((r) => !workers.has(r)),
        ],
        exposed: [...workers],
        facts: { workers: workers.size, wageAccounts: wageAccounts.size, wagePayments: wages.length },
      });
    }
    return drafts;
  },
});
