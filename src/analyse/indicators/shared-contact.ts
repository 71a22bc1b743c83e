/**
 * shared-contact: >= minPersons account holders or claimants from >= minHouseholds households share
 * one phone number or e-mail address. More than maxPersons is a switchboard, not a ring. A family
 * sharing a landline is one household and does not match.
 */
import { accountsOf, householdCount, linkedActors, nodesOf, outOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minPersons: 3,
  minHouseholds: 2,
  maxPersons: 30,
};

export default defineIndicator({
  id: 'shared-contact',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: 'Account holders or claimants sharing one phone or e-mail',
  source: 'FinCEN (2020); shared-identifier fraud rings',
  weight: 1,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const label of ['Phone', 'Email'] as const) {
      for (const contact of nodesOf(graph, label)) {
        const links = linkedActors(graph, contact, [label === 'Phone' ? 'HAS_PHONE' : 'HAS_EMAIL']).filter(
          (ref) =>
            graph.getNodeAttribute(ref.source, 'label') === 'Person' &&
            (accountsOf(graph, ref.source).length > 0 || outOf(graph, ref.source, 'CLAIMS').length > 0),
        );
        const persons = [...new Set(links.map((ref) => ref.source))].sort();
        if (persons.length < params.minPersons || persons.length > params.maxPersons) continue;
        const households = householdCount(graph, persons);
        if (households < params.minHouseholds) continue;
        drafts.push({
          subject: contact,
          nodes: [contact, ...persons],
          relationships: links.map((ref) => ref.edge),
          facts: { persons: persons.length, households },
        });
      }
    }
    return drafts;
  },
});
