/**
 * lump-sum-after-trip (organ removal): a person whose journey someone else paid receives, within
 * windowDays of that journey, one credit of >= minAmount from a person who is not of their household
 * nor possibly themselves, and at least `ratio` times the median of their other credits (or with no
 * other credits at all). The sudden sum paid to the travelling person (UNODC 2015: donors are paid
 * after the operation, often less than promised).
 *
 * Look-alikes: a wage or benefit, a loan from a bank (organisations pay them); a parent's gift
 * (household); a traveller who paid their own journey; a salary-sized credit for someone whose
 * credits are all that size (ratio). None matches.
 *
 * The traveller is exposed; the sum's payer and the journey's payer are the actors (no beneficiary:
 * paying someone is no gain; medical-travel-payer names the broker).
 *
 * Weight 1.5, as scattered-cash and third-party-rent: a large sum after a trip has innocent
 * explanations (a loan between friends, a car sold), so it only adds weight.
 */
import { accountActors } from '../actors-of.ts';
import {
  amountOf,
  DAY_MS,
  holderIds,
  intoOf,
  labelOf,
  mayBeSamePerson,
  nodesOf,
  outOf,
  paidIn,
  timeOf,
} from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minAmount: 2000,
  ratio: 5,
  windowDays: 60,
};

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export default defineIndicator({
  id: 'lump-sum-after-trip',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: 'A sudden large sum to a person after a journey someone else paid',
  source:
    'UNODC, Assessment Toolkit: Trafficking in Persons for the Purpose of Organ Removal (2015); OSCE, ' +
    'Trafficking in Human Beings for the Purpose of Organ Removal in the OSCE Region (2013)',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const person of nodesOf(graph, 'Person')) {
      const others = (actor: string) =>
        actor !== person && !(labelOf(graph, actor) === 'Person' && mayBeSamePerson(graph, actor, person));
      // Journeys someone else paid for this person.
      const trips: Array<{ at: number; edges: string[]; payers: string[] }> = [];
      for (const took of outOf(graph, person, 'TOOK')) {
        const at = timeOf(graph.getNodeAttribute(took.target, 'date'));
        if (at === undefined) continue;
        for (const paid of intoOf(graph, took.target, 'PAID_FOR')) {
          const payers = (
            labelOf(graph, paid.source) === 'Account' ? holderIds(graph, paid.source) : [paid.source]
          ).filter(others);
          if (payers.length > 0) trips.push({ at, edges: [took.edge, paid.edge], payers });
        }
      }
      if (trips.length === 0) continue;
      const held = outOf(graph, person, 'HOLDS');
      const credits = held.flatMap((h) => paidIn(graph, h.target).map((ref) => ({ ref, holds: h.edge })));
      if (credits.length === 0) continue;
      const sums = credits.filter(({ ref }) => {
        if (amountOf(ref) < params.minAmount) return false;
        const from = accountActors(graph, ref.source);
        return from.every((a) => labelOf(graph, a) === 'Person' && others(a));
      });
      const matched: Array<{ edges: string[]; from: string[]; trip: (typeof trips)[number] }> = [];
      for (const sum of sums) {
        const at = timeOf(sum.ref.attributes.at);
        if (at === undefined) continue;
        const trip = trips.find((t) => at >= t.at - 7 * DAY_MS && at - t.at <= params.windowDays * DAY_MS);
        if (!trip) continue;
        const usual = median(credits.filter((c) => c !== sum).map((c) => amountOf(c.ref)));
        if (usual > 0 && amountOf(sum.ref) < params.ratio * usual) continue;
        matched.push({ edges: [sum.ref.edge, sum.holds], from: accountActors(graph, sum.ref.source), trip });
      }
      if (matched.length === 0) continue;
      const actors = new Set(matched.flatMap((m) => [...m.from, ...m.trip.payers]));
      drafts.push({
        subject: person,
        nodes: [person, ...actors],
        relationships: matched.flatMap((m) => [...m.edges, ...m.trip.edges]),
        exposed: [person],
        actors: [person, ...actors],
        facts: {
          sums: matched.length,
          largest: Math.max(
            ...matched.map((m) => amountOf({ attributes: graph.getEdgeAttributes(m.edges[0]!) })),
          ),
        },
      });
    }
    return drafts;
  },
});
