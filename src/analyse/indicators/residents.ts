/** Who lives or claims at an address: REGISTERED_AT (not business premises) and claim addresses. */

import { pushTo } from '../../model/group.ts';
import { claimantsOf, intoOf, str } from '../hgraph.ts';
import type { HGraph } from '../types.ts';

export interface Residence {
  person: string;
  /** Relationship ids that put the person there. */
  edges: string[];
  from?: string;
  to?: string;
}

export function residentsOf(graph: HGraph, address: string): Residence[] {
  const byPerson = new Map<string, Residence>();
  const note = (person: string, edges: string[], from?: string, to?: string) => {
    const entry = byPerson.get(person) ?? { person, edges: [] };
    entry.edges.push(...edges);
    if (from !== undefined) entry.from = from;
    if (to !== undefined) entry.to = to;
    byPerson.set(person, entry);
  };
  for (const ref of intoOf(graph, address, 'REGISTERED_AT')) {
    if (graph.getNodeAttribute(ref.source, 'label') !== 'Person') continue;
    if (str(ref.attribute('kind')) === 'business') continue;
    note(ref.source, [ref.edge], str(ref.attribute('from')), str(ref.attribute('to')));
  }
  for (const ref of intoOf(graph, address, 'AT_ADDRESS')) {
    for (const claims of claimantsOf(graph, ref.source)) note(claims.source, [ref.edge, claims.edge]);
  }
  return [...byPerson.values()].sort((a, b) => (a.person < b.person ? -1 : 1));
}

/** Addresses a person lives or claims at (the inverse of residentsOf). */
export function addressesOf(graph: HGraph, person: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const note = (address: string, edge: string[]) => pushTo(result, address, ...edge);
  // Refs: a person's other relationships (payments, calls...) cost no key or attributes object.
  graph.forEachOutEdgeRef(person, (ref) => {
    const type = ref.type;
    if (type === 'REGISTERED_AT' && str(ref.attribute('kind')) !== 'business') note(ref.target, [ref.edge]);
    if (type === 'CLAIMS') {
      graph.forEachOutEdgeRef(ref.target, (claim) => {
        if (claim.type === 'AT_ADDRESS') note(claim.target, [ref.edge, claim.edge]);
      });
    }
  });
  return result;
}
