/**
 * multi-address-claims: a person claims (or is registered for claims) at >= minAddresses different
 * addresses in overlapping periods. Claim periods come from the claim's start/end; registrations
 * of kind `claim` from their from/to. An open end runs to the end of time.
 */
import { nodesOf, outOf, str, timeOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minAddresses: 2,
};

interface Period {
  address: string;
  start: number;
  end: number;
  edges: string[];
  nodes: string[];
}

export default defineIndicator({
  id: 'multi-address-claims',
  version: 1,
  category: 'BENEFIT',
  kind: 'context',
  title: 'Claims at several addresses at the same time',
  source: 'Europol (2015): registration under several addresses to draw benefits',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const person of nodesOf(graph, 'Person')) {
      const periods: Period[] = [];
      for (const claims of outOf(graph, person, 'CLAIMS')) {
        const claim = graph.getNodeAttributes(claims.target);
        const start = timeOf(claim.start) ?? Number.NEGATIVE_INFINITY;
        const end = timeOf(claim.end) ?? Number.POSITIVE_INFINITY;
        for (const at of outOf(graph, claims.target, 'AT_ADDRESS')) {
          periods.push({
            address: at.target,
            start,
            end,
            edges: [claims.edge, at.edge],
            nodes: [claims.target],
          });
        }
      }
      for (const reg of outOf(graph, person, 'REGISTERED_AT')) {
        if (str(reg.attribute('kind')) !== 'claim') continue;
        periods.push({
          address: reg.target,
          start: timeOf(reg.attribute('from')) ?? Number.NEGATIVE_INFINITY,
          end: timeOf(reg.attribute('to')) ?? Number.POSITIVE_INFINITY,
          edges: [reg.edge],
          nodes: [],
        });
      }
      if (new Set(periods.map((p) => p.address)).size < params.minAddresses) continue;
      const overlapping = new Set<Period>();
      for (let i = 0; i < periods.length; i++) {
        for (let j = i + 1; j < periods.length; j++) {
          const a = periods[i]!;
          const b = periods[j]!;
          if (a.address !== b.address && a.start <= b.end && b.start <= a.end) {
            overlapping.add(a);
            overlapping.add(b);
          }
        }
      }
      const addresses = new Set([...overlapping].map((p) => p.address));
      if (addresses.size < params.minAddresses) continue;
      drafts.push({
        subject: person,
        nodes: [person, ...addresses, ...[...overlapping].flatMap((p) => p.nodes)],
        relationships: [...overlapping].flatMap((p) => p.edges),
        beneficiaries: [person],
        facts: { addresses: addresses.size },
      });
    }
    return drafts;
  },
});
