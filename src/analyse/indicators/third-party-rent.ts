/**
 * third-party-rent: one payer pays rent for >= minProperties properties. A property is the rent
 * payment's `address` when the loader recorded one (a tenancy register's rent payer), else the
 * address recorded for the same landlord account by another payment, else the landlord account.
 * With an address, a single rent paid for a property where the payer is not registered
 * (non-resident) counts when someone else lives there — someone who is not the payer recorded by
 * another source (same name words) nor of the payer's household: a tenant paying their own rent, or
 * a parent paying their child's, is not a third party.
 */

import { pushTo } from '../../model/group.ts';
import { accountActors } from '../actors-of.ts';
import { mayBeSamePerson, nodesOf, paidOut, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { addressesOf, residentsOf } from './residents.ts';

export const DEFAULTS = {
  minProperties: 2,
  rentKinds: ['rent'] as string[],
};

export default defineIndicator({
  id: 'third-party-rent',
  version: 2,
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
      const addressOf = (rent: (typeof rents)[number]) => {
        const address = str(rent.attribute('address'));
        return address && graph.hasNode(address) ? address : undefined;
      };
      // Bank payments to a landlord whose tenancy names the property are rent for that property.
      const landlordProperty = new Map<string, string>();
      for (const rent of rents) {
        const address = addressOf(rent);
        if (address) landlordProperty.set(rent.target, address);
      }
      const thirdParty = (person: string) =>
        !payers.some((payer) => graph.hasNode(payer) && mayBeSamePerson(graph, payer, person));
      const properties = new Map<string, string[]>();
      const nonResident = new Set<string>();
      for (const rent of rents) {
        const address = addressOf(rent);
        const property = address ?? landlordProperty.get(rent.target) ?? rent.target;
        pushTo(properties, property, rent.edge);
        if (address && !payerHomes.has(address)) {
          if (residentsOf(graph, address).some((r) => thirdParty(r.person))) nonResident.add(address);
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
