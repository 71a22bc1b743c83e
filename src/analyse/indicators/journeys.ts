/** Journey facts: date and the countries a journey's route leaves from and arrives in. */
import { dayOf, outOf, str } from '../hgraph.ts';
import type { HGraph } from '../types.ts';

export interface JourneyFacts {
  journey: string;
  day?: string;
  from?: string;
  to?: string;
  /** ON, FROM and TO relationship ids. */
  edges: string[];
}

function countryOf(graph: HGraph, location: string): string | undefined {
  const attributes = graph.getNodeAttributes(location);
  return str(attributes.country)?.toUpperCase();
}

export function journeyFacts(graph: HGraph, journey: string): JourneyFacts {
  const attributes = graph.getNodeAttributes(journey);
  const facts: JourneyFacts = { journey, edges: [] };
  const day = dayOf(attributes.date) ?? dayOf(attributes.at) ?? dayOf(attributes.depart);
  if (day) facts.day = day;
  const on = outOf(graph, journey, 'ON')[0];
  if (!on) return facts;
  facts.edges.push(on.edge);
  const from = outOf(graph, on.target, 'FROM')[0];
  const to = outOf(graph, on.target, 'TO')[0];
  if (from) {
    facts.edges.push(from.edge);
    const country = countryOf(graph, from.target);
    if (country) facts.from = country;
  }
  if (to) {
    facts.edges.push(to.edge);
    const country = countryOf(graph, to.target);
    if (country) facts.to = country;
  }
  return facts;
}
