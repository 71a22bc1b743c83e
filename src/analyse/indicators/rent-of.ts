/**
 * Which home a rent payment is for: the payment's `address` when the loader recorded one, else the
 * one property its landlord is registered at as landlord (a tenancy register names the landlord of
 * each property). A landlord of several properties leaves the payment unplaced: guessing would
 * make one tenant's rent evidence about another home.
 */
import { pushTo } from '../../model/group.ts';
import { type EdgeRef, holderIds, nodesOf, outOf, paidOut, str } from '../hgraph.ts';
import type { HGraph } from '../types.ts';

const cache = new WeakMap<HGraph, { size: number; kinds: string; byAddress: Map<string, EdgeRef[]> }>();

/** Rent payments by the address they are for (see above); computed once per graph and rent kinds. */
export function rentByAddress(graph: HGraph, rentKinds: readonly string[]): Map<string, EdgeRef[]> {
  const kinds = rentKinds.join(',');
  const cached = cache.get(graph);
  if (cached && cached.size === graph.size && cached.kinds === kinds) return cached.byAddress;
  const byAddress = new Map<string, EdgeRef[]>();
  const propertyOf = new Map<string, string | undefined>();
  const landlordProperty = (account: string): string | undefined => {
    if (!propertyOf.has(account)) {
      const properties = new Set<string>();
      for (const holder of holderIds(graph, account))
        for (const ref of outOf(graph, holder, 'REGISTERED_AT'))
          if (str(ref.attribute('kind')) === 'landlord') properties.add(ref.target);
      propertyOf.set(account, properties.size === 1 ? [...properties][0] : undefined);
    }
    return propertyOf.get(account);
  };
  for (const account of nodesOf(graph, 'Account'))
    for (const rent of paidOut(graph, account, rentKinds)) {
      const recorded = str(rent.attribute('address'));
      const address = recorded && graph.hasNode(recorded) ? recorded : landlordProperty(rent.target);
      if (address) pushTo(byAddress, address, rent);
    }
  cache.set(graph, { size: graph.size, kinds, byAddress });
  return byAddress;
}
