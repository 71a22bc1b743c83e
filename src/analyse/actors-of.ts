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

/** Relationships that say no more of a person than that a number is theirs (and whose contact it is). */
const PHONE_ONLY = new Set(['HAS_PHONE', 'RELATED_TO', 'SAME_AS', 'POSSIBLY_SAME_AS', 'NOT_SAME_AS']);

/**
 * A name known only as someone's contact: the record has a phone and ties to other persons and
 * nothing else (no account, address, document, journey, employer...), and another person names it
 * (a contact in a seized handset, RELATED_TO). What its calls show belongs to the phone; it is no
 * evidence that this name runs anything (key actors, the controller of accounts), and it may well be
 * a victim's own entry, under a nickname, in her pimp's handset. A subscriber record (a phone and a
 * name, nobody's contact) is not one.
 */
export function knownOnlyByPhone(graph: HGraph, person: string): boolean {
  if (!graph.hasNode(person) || graph.getNodeAttribute(person, 'label') !== 'Person') return false;
  let phones = 0;
  let named = false;
  let other = false;
  graph.forEachEdgeRef(person, (ref) => {
    const type = ref.type;
    if (type === 'HAS_PHONE') phones++;
    else if (type === 'RELATED_TO' && ref.source !== person) named = true;
    else if (!PHONE_ONLY.has(type)) other = true;
  });
  return phones > 0 && named && !other;
}
