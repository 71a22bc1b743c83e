/**
 * third-party-rent: one payer pays rent for >= minProperties properties. A property is the rent
 * payment's `address` when the loader recorded one, else the landlord account paid. With an address,
 * a single rent paid for a property where the payer is not registered (non-resident) counts when
 * someone else claims there.
 */
import { accountActors } from '../actors-of.ts';
import { nodesOf, paidOut, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { addressesOf, residentsOf } from './residents.ts';

export const DEFAULTS = {
  minProperties: 2,
  rentKinds: ['rent'] as string[],
};

export default defineIndicator({
  id: 'third-party-rent',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: "Rent paid for other people's homes",
  source: "FinCEN (2014, 2020): paying others' housing or hotels",
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const account of nodesOf(graph, 'Account')) {
      const rents = paidOut(graph, account, params.rentKinds);
      if (rents.length === 0) continue;
      const payers = accountActors(graph, account);
      const payerHomes = new Set(
        payers.flatMap((p) => (graph.hasNode(p) ? [...addressesOf(graph, p).keys()] : [])),
      );
      const properties = new Map<string, string[]>();
      const nonResident = new Set<string>();
      for (const rent of rents) {
        const address = str(rent.attributes.address);
        const property = address && graph.hasNode(address) ? address : rent.target;
        properties.set(property, [...(properties.get(property) ?? []), rent.edge]);
        if (address && graph.hasNode(address) && !payerHomes.has(address)) {
          if (residentsOf(graph, address).some((r) => !payers.includes(r.person))) nonResident.add(address);
        }
      }
      if (properties.size < params.minProperties && nonResident.size === 0) continue;
      const landlords = rents.flatMap((rent) => accountActors(graph, rent.target));
      drafts.push({
        subject: account,
        nodes: [account, ...payers, ...properties.keys(), ...landlords],
        relationships: [...properties.values()].flat(),
        beneficiaries: payers,
        actors: payers,
        facts: { properties: properties.size, nonResident: nonResident.size, payments: rents.length },
      });
    }
    return drafts;
  },
});
