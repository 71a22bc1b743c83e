/**
 * group-travel-payer: one payer buys journeys for >= minTravellers other people (not of the payer's
 * household) on the same route and date, on >= minOccasions occasions. Repeated occasions raise the
 * strength (`repeatStrength` from the second occasion on): a family holiday is one household, a
 * recruiter moves groups again and again. A return journey of the same travellers is not a second
 * occasion: repeats count only groups with travellers the earlier groups did not have. The payer's
 * own booking records (a payer who travels too is listed as a traveller) and household are not "other
 * people".
 */
import { accountActors } from '../actors-of.ts';
import { dayOf, intoOf, mayBeSamePerson, outOf, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minTravellers: 3,
  minOccasions: 1,
  repeatStrength: 1.5,
};

export default defineIndicator({
  id: 'group-travel-payer',
  version: 2,
  category: 'THB',
  kind: 'control',
  title: 'One payer buys group journeys for others',
  source: 'FinCEN (2014); FATF (2018)',
  weight: 2.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const payers = new Set<string>();
    // The relationships themselves, not forEachEdge: that makes each one's key (record-graph.ts).
    for (const ref of graph.edgeRefs()) if (ref.type === 'PAID_FOR') payers.add(ref.source);
    for (const payer of [...payers].sort()) {
      const payerActors =
        graph.getNodeAttribute(payer, 'label') === 'Account' ? accountActors(graph, payer) : [payer];
      const groups = new Map<string, { travellers: Set<string>; edges: string[]; journeys: string[] }>();
      for (const paidFor of outOf(graph, payer, 'PAID_FOR')) {
        const journey = paidFor.target;
        const attributes = graph.getNodeAttributes(journey);
        const route = outOf(graph, journey, 'ON')[0]?.target ?? 'no-route';
        const day = dayOf(attributes.date) ?? dayOf(attributes.at) ?? dayOf(attributes.depart) ?? 'no-date';
        const key = `${route}|${day}|${str(attributes.mode) ?? ''}`;
        const group = groups.get(key) ?? { travellers: new Set(), edges: [], journeys: [] };
        for (const took of intoOf(graph, journey, 'TOOK')) {
          if (payerActors.some((p) => graph.hasNode(p) && mayBeSamePerson(graph, p, took.source))) continue;
          group.travellers.add(took.source);
          group.edges.push(took.edge, paidFor.edge);
          group.journeys.push(journey);
        }
        groups.set(key, group);
      }
      const occasions = [...groups.values()].filter((g) => g.travellers.size >= params.minTravellers);
      if (occasions.length < params.minOccasions || occasions.length === 0) continue;
      const travellers = new Set(occasions.flatMap((g) => [...g.travellers]));
      // Distinct groups: an occasion repeats only when it brings someone the others did not.
      const seen = new Set<string>();
      let distinct = 0;
      for (const group of occasions) {
        if ([...group.travellers].some((t) => !seen.has(t))) distinct++;
        for (const t of group.travellers) seen.add(t);
      }
      drafts.push({
        subject: payer,
        nodes: [payer, ...payerActors, ...travellers, ...occasions.flatMap((g) => g.journeys)],
        relationships: occasions.flatMap((g) => g.edges),
        beneficiaries: payerActors,
        exposed: travellers,
        strength: distinct > 1 ? params.repeatStrength : 1,
        facts: { occasions: occasions.length, distinctGroups: distinct, travellers: travellers.size },
      });
    }
    return drafts;
  },
});
