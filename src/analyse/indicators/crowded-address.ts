/**
 * crowded-address: >= minPersons persons from >= minHouseholds households registered or claiming at
 * one address. Not matched: institutions (an address `kind`/`propertyType` in institutionalKinds,
 * e.g. a care home or student hall), business premises where an organisation is registered, and
 * more than maxPersons (a hostel, a city hall). A large family is one or two households.
 */
import { householdCount, intoOf, nodesOf, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { residentsOf } from './residents.ts';

export const DEFAULTS = {
  minPersons: 6,
  minHouseholds: 4,
  maxPersons: 80,
  institutionalKinds: ['care-home', 'student-hall', 'hostel', 'hotel', 'prison', 'hospital'] as string[],
  excludeOrganisationPremises: true,
};

export default defineIndicator({
  id: 'crowded-address',
  version: 1,
  category: 'BENEFIT',
  kind: 'context',
  title: 'Many unrelated people registered or claiming at one address',
  source: 'Europol (2015); UK case: 40 people registered in a three-bedroom house',
  weight: 1,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const address of nodesOf(graph, 'Address')) {
      const attributes = graph.getNodeAttributes(address);
      const kind = str(attributes.kind) ?? str(attributes.propertyType);
      if (kind && params.institutionalKinds.includes(kind)) continue;
      if (
        params.excludeOrganisationPremises &&
        intoOf(graph, address, 'REGISTERED_AT').some(
          (ref) => graph.getNodeAttribute(ref.source, 'label') === 'Organisation',
        )
      ) {
        continue;
      }
      const residents = residentsOf(graph, address);
      if (residents.length < params.minPersons || residents.length > params.maxPersons) continue;
      const households = householdCount(
        graph,
        residents.map((r) => r.person),
      );
      if (households < params.minHouseholds) continue;
      drafts.push({
        subject: address,
        nodes: [address, ...residents.map((r) => r.person)],
        relationships: residents.flatMap((r) => r.edges),
        exposed: residents.map((r) => r.person),
        facts: { persons: residents.length, households },
      });
    }
    return drafts;
  },
});
