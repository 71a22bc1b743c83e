/**
 * minor-crowded-address: a minor (under 18 when registered there, or by the run's flag) is
 * registered or claimed for at an address where >= minPersons people of >= minHouseholds households
 * live — children housed with unrelated adults in multiple occupation, as exploited families and
 * children placed by traffickers are (Europol 2018; UK Modern Slavery statutory guidance 2023).
 * Not matched: a large family at one address (one or two households), institutions (care homes,
 * student halls…: the crowded-address exclusions), more than maxPersons (a hostel). The minors are
 * exposed; the address is the subject; no one benefits by this pattern alone (context).
 */
import { householdCount, intoOf, nodesOf, str } from '../hgraph.ts';
import { isMinor, minorOn } from '../minors.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { residentsOf } from './residents.ts';

export const DEFAULTS = {
  minPersons: 5,
  minHouseholds: 3,
  maxPersons: 80,
  institutionalKinds: ['care-home', 'student-hall', 'hostel', 'hotel', 'prison', 'hospital'] as string[],
};

export default defineIndicator({
  id: 'minor-crowded-address',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: 'A minor registered at a crowded address of several households',
  source: 'Europol (2018) child trafficking; UK Modern Slavery Act statutory guidance (2023)',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const address of nodesOf(graph, 'Address')) {
      const attributes = graph.getNodeAttributes(address);
      const kind = str(attributes.kind) ?? str(attributes.propertyType);
      if (kind && params.institutionalKinds.includes(kind)) continue;
      if (
        intoOf(graph, address, 'REGISTERED_AT').some(
          (ref) => graph.getNodeAttribute(ref.source, 'label') === 'Organisation',
        )
      )
        continue;
      const residents = residentsOf(graph, address);
      if (residents.length < params.minPersons || residents.length > params.maxPersons) continue;
      const minors = residents.filter(
        (r) => minorOn(graph, r.person, r.from) !== undefined || isMinor(graph, r.person),
      );
      if (minors.length === 0) continue;
      const households = householdCount(
        graph,
        residents.map((r) => r.person),
      );
      if (households < params.minHouseholds) continue;
      drafts.push({
        subject: address,
        nodes: [address, ...residents.map((r) => r.person)],
        relationships: residents.flatMap((r) => r.edges),
        exposed: minors.map((r) => r.person),
        actors: residents.map((r) => r.person),
        facts: { persons: residents.length, households, minors: minors.length },
      });
    }
    return drafts;
  },
});
