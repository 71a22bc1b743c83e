/**
 * arrival-then-claim: a one-way inbound journey (into another country, with no journey of the same
 * person back) followed within withinDays by a benefit claim starting or an account opening by the
 * same person. The traveller is exposed; whoever paid for the journey, when not the traveller, is
 * the beneficiary.
 */
import { accountActors } from '../actors-of.ts';
import { DAY_MS, intoOf, nodesOf, outOf, str, timeOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { journeyFacts } from './journeys.ts';

export const DEFAULTS = {
  withinDays: 30,
};

export default defineIndicator({
  id: 'arrival-then-claim',
  version: 1,
  category: 'BENEFIT',
  kind: 'context',
  title: 'Claim or account opening soon after a one-way arrival',
  source: 'UK Met/HMRC (2011); Operation Fort',
  weight: 1,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const person of nodesOf(graph, 'Person')) {
      const took = outOf(graph, person, 'TOOK');
      if (took.length === 0) continue;
      const trips = took.map((ref) => ({ ref, facts: journeyFacts(graph, ref.target) }));
      for (const trip of trips) {
        const { from, to, day } = trip.facts;
        if (!from || !to || from === to || !day) continue;
        const arrived = timeOf(day)!;
        const back = trips.some(
          (other) =>
            other.facts.from === to && other.facts.to === from && (timeOf(other.facts.day) ?? 0) >= arrived,
        );
        if (back) continue;
        const follow: Array<{ node: string; edges: string[]; what: string; day: string }> = [];
        for (const claims of outOf(graph, person, 'CLAIMS')) {
          const start = str(graph.getNodeAttribute(claims.target, 'start'));
          const t = timeOf(start);
          if (t !== undefined && t >= arrived && t <= arrived + params.withinDays * DAY_MS) {
            follow.push({
              node: claims.target,
              edges: [claims.edge],
              what: 'claim',
              day: start!.slice(0, 10),
            });
          }
        }
        for (const holds of outOf(graph, person, 'HOLDS')) {
          const opened = str(graph.getNodeAttribute(holds.target, 'opened'));
          const t = timeOf(opened);
          if (t !== undefined && t >= arrived && t <= arrived + params.withinDays * DAY_MS) {
            follow.push({
              node: holds.target,
              edges: [holds.edge],
              what: 'account',
              day: opened!.slice(0, 10),
            });
          }
        }
        if (follow.length === 0) continue;
        const payers = intoOf(graph, trip.ref.target, 'PAID_FOR').flatMap((ref) =>
          graph.getNodeAttribute(ref.source, 'label') === 'Account'
            ? accountActors(graph, ref.source)
            : [ref.source],
        );
        drafts.push({
          subject: `${person}@${trip.ref.target}`,
          nodes: [person, trip.ref.target, ...follow.map((f) => f.node), ...payers],
          relationships: [trip.ref.edge, ...trip.facts.edges, ...follow.flatMap((f) => f.edges)],
          beneficiaries: payers.filter((p) => p !== person),
          exposed: [person],
          facts: {
            arrived: day,
            from,
            to,
            followedBy: follow.map((f) => `${f.what} ${f.day}`).join(', '),
          },
        });
      }
    }
    return drafts;
  },
});
