/** People around an organisation: its workers (EMPLOYS) and controllers (DIRECTS, OWNS by persons). */

import type { EdgeRef } from '../hgraph.ts';
import { intoOf, outOf } from '../hgraph.ts';
import type { HGraph } from '../types.ts';

export function workersOf(graph: HGraph, org: string): EdgeRef[] {
  return outOf(graph, org, 'EMPLOYS');
}

export function controllersOf(graph: HGraph, org: string): EdgeRef[] {
  return [...intoOf(graph, org, 'DIRECTS'), ...intoOf(graph, org, 'OWNS')].filter(
    (ref) => graph.getNodeAttribute(ref.source, 'label') === 'Person',
  );
}
