/**
 * minor-third-party-travel: a minor (under 18 on the day of the journey, by their recorded birth
 * date) travels on one route and day with an adult of another household, and a third party — not
 * the minor's household, not a traveller — pays for the journey. Europol and UNODC describe children
 * moved across borders by unrelated "escorts" whose travel a recruiter books and pays.
 * Not matched: a family travelling together whose parent pays (the payer is of the minor's
 * household), or a child escorted only by relatives (same family name, a recorded family tie, or
 * the same registered address). The minor is exposed, never a beneficiary: a child is a person to
 * protect (risk.ts never ranks a minor as an offender).
 */
import { accountActors } from '../actors-of.ts';
import { dayOf, intoOf, mayBeSamePerson, outOf, sameHousehold, str } from '../hgraph.ts';
import { minorOn } from '../minors.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { addressesOf } from './residents.ts';

export const DEFAULTS = {
  /** Adults of another household travelling with the minor on that occasion. */
  minUnrelatedAdults: 1,
};

interface Occasion {
  day?: string;
  /** Traveller → the TOOK and PAID_FOR edges that put them on it. */
  travellers: Map<string, string[]>;
  journeys: string[];
}

/** Same household as far as the pattern can tell: family tie, family name, or a shared address. */
function related(graph: HGraph, a: string, b: string): boolean {
  if (mayBeSamePerson(graph, a, b) || sameHousehold(graph, a, b)) return true;
  const of = addressesOf(graph, a);
  return [...addressesOf(graph, b).keys()].some((address) => of.has(address));
}

export default defineIndicator({
  id: 'minor-third-party-travel',
  version: 1,
  category: 'THB',
  kind: 'control',
  title: 'A minor travels with unrelated adults, paid for by a third party',
  source: 'Europol (2018) child trafficking; UNODC Global Report (2022)',
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
      // Occasions: the journeys this payer bought, by route, day and mode.
      const occasions = new Map<string, Occasion>();
      for (const paidFor of outOf(graph, payer, 'PAID_FOR')) {
        const journey = paidFor.target;
        const attributes = graph.getNodeAttributes(journey);
        const day = dayOf(attributes.date) ?? dayOf(attributes.at) ?? dayOf(attributes.depart);
        const route = outOf(graph, journey, 'ON')[0]?.target ?? 'no-route';
        const key = `${route}|${day ?? 'no-date'}|${str(attributes.mode) ?? ''}`;
        const occasion: Occasion = occasions.get(key) ?? { travellers: new Map(), journeys: [] };
        if (day) occasion.day = day;
        occasion.journeys.push(journey);
        for (const took of intoOf(graph, journey, 'TOOK')) {
          const edges = occasion.travellers.get(took.source) ?? [];
          edges.push(took.edge, paidFor.edge);
          occasion.travellers.set(took.source, edges);
        }
        occasions.set(key, occasion);
      }
      const minors = new Set<string>();
      const adults = new Set<string>();
      const edges: string[] = [];
      const journeys: string[] = [];
      for (const occasion of occasions.values()) {
        const travellers = [...occasion.travellers.keys()];
        const young = travellers.filter((t) => minorOn(graph, t, occasion.day) !== undefined);
        for (const minor of young) {
          // A third party: not the minor's household, nor travelling with them.
          if (
            payerActors.some((p) => graph.hasNode(p) && (related(graph, p, minor) || travellers.includes(p)))
          )
            continue;
          const escorts = travellers.filter((t) => !young.includes(t) && !related(graph, t, minor));
          if (escorts.length < params.minUnrelatedAdults) continue;
          minors.add(minor);
          for (const escort of escorts) adults.add(escort);
          for (const t of [minor, ...escorts]) edges.push(...(occasion.travellers.get(t) ?? []));
          journeys.push(...occasion.journeys);
        }
      }
      if (minors.size === 0) continue;
      drafts.push({
        subject: payer,
        nodes: [payer, ...payerActors, ...minors, ...adults, ...journeys],
        relationships: edges,
        beneficiaries: payerActors,
        exposed: [...minors],
        actors: [...payerActors, ...minors, ...adults],
        facts: { minors: minors.size, unrelatedAdults: adults.size },
      });
    }
    return drafts;
  },
});
