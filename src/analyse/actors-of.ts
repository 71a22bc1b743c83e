/**
 * The entity-graph node that stands for the holder of an account or the owner of a phone: the
 * holders/owners when known, else the account or phone itself (project.ts makes the same choice,
 * so indicator evidence and network membership line up).
 */
import { holderIds, intoOf } from './hgraph.ts';
import type { HGraph } from './types.ts';

export function accountActors(graph: HGraph, account: string): string[] {
  const holders = holderIds(graph, account);
  return holders.length > 0 ? holders : [account];
}

export function phoneOwners(graph: HGraph, phone: string): string[] {
  return intoOf(graph, phone, 'HAS_PHONE').map((ref) => ref.source);
}

export function phoneActors(graph: HGraph, phone: string): string[] {
  const owners = phoneOwners(graph, phone);
  return owners.length > 0 ? owners : [phone];
}
