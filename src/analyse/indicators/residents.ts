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
  graph.forEachOutEdge(person, (edge, attributes, _source, target) => {
    if (attributes.type === 'REGISTERED_AT' && str(attributes.kind) !== 'business') note(target, [edge]);
    if (attributes.type === 'CLAIMS') {
      graph.forEachOutEdge(target, (claimEdge, claimAttributes, _claim, address) => {
        if (claimAttributes.type === 'AT_ADDRESS') note(address, [edge, claimEdge]);
      });
    }
  });
  return result;
}
