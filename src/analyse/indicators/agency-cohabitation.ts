/**
 * agency-cohabitation: an employer or agency whose workers share addresses with each other, or
 * with a director. Counted only between workers of different households (couples working for one
 * employer are ordinary). Matches when >= minWorkers workers cohabit and they are >= minShare of the
 * workforce (a large employer always has a few flatmates), or when >= minWithDirector workers live
 * with a director or owner.
 */
import { nodesOf, sameHousehold } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { controllersOf, workersOf } from './org-people.ts';
import { addressesOf } from './residents.ts';

export const DEFAULTS = {
  minWorkers: 3,
  minShare: 0.25,
  minWithDirector: 2,
};

export default defineIndicator({
  id: 'agency-cohabitation',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: 'Workers of one employer living together or with its director',
  source: 'UK Operation Fort; FinCEN (2020) exploitative employment',
  weight: 2,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const org of nodesOf(graph, 'Organisation')) {
      const employs = workersOf(graph, org);
      if (employs.length < Math.min(params.minWorkers, params.minWithDirector)) continue;
      const workers = [...new Set(employs.map((ref) => ref.target))];
      const controllers = controllersOf(graph, org);
      const directorIds = new Set(controllers.map((ref) => ref.source));
      const homes = new Map<string, Map<string, string[]>>();
      for (const person of [...workers, ...directorIds]) homes.set(person, addressesOf(graph, person));
      // Who lives at each address, so only people sharing one are compared (a big employer's
      // workforce compared pairwise was quadratic).
      const atAddress = new Map<string, string[]>();
      for (const [person, addresses] of homes) {
        for (const address of addresses.keys()) {
          const list = atAddress.get(address) ?? [];
          list.push(person);
          atAddress.set(address, list);
        }
      }
      const cohabiting = new Set<string>();
      const withDirector = new Set<string>();
      const addresses = new Set<string>();
      const edges: string[] = [];
      for (const worker of workers) {
        for (const [address, via] of homes.get(worker)!) {
          for (const other of atAddress.get(address)!) {
            if (other === worker || sameHousehold(graph, worker, other)) continue;
            addresses.add(address);
            edges.push(...via, ...homes.get(other)!.get(address)!);
            if (directorIds.has(other)) withDirector.add(worker);
            else cohabiting.add(worker);
          }
        }
      }
      const byShare =
        cohabiting.size >= params.minWorkers && cohabiting.size / workers.length >= params.minShare;
      const byDirector = withDirector.size >= params.minWithDirector;
      if (!byShare && !byDirector) continue;
      const involved = [...new Set([...cohabiting, ...withDirector])];
      drafts.push({
        subject: org,
        nodes: [org, ...involved, ...addresses, ...directorIds],
        relationships: [
          ...edges,
          ...employs.filter((ref) => involved.includes(ref.target)).map((ref) => ref.edge),
          ...controllers.map((ref) => ref.edge),
        ],
        beneficiaries: [org, ...directorIds],
        exposed: involved.filter((w) => !directorIds.has(w)),
        facts: {
          workers: workers.length,
          cohabiting: cohabiting.size,
          withDirector: withDirector.size,
          addresses: addresses.size,
        },
      });
    }
    return drafts;
  },
});
