/**
 * One-off contacts are not members: a number that called a network's phone once or twice, an account
 * that paid one of its accounts once or twice, and nothing else is known of either.
 *
 * In the entity graph a phone or account nobody is known to hold stands for its unknown holder
 * (project.ts), and Louvain puts it with whoever it dealt with. When that is all there is — one or
 * two calls or payments, all with one number or account — it is a counterparty of the network, not a
 * part of it: the clients who called an advertised work phone once, the people a scam persuaded to
 * pay a mule's account. Listed as members they outnumber the ring (sixty client numbers around six
 * people) and bury the people an investigator has to look at. Such stand-ins are taken out of their
 * community and returned as the network's contacts; anyone with more evidence (three calls, two
 * counterparts, a holder, an address) stays. Counted on the graph of identities, so a number two of
 * one person's records answer is one counterpart.
 */
import type { Community } from './communities.ts';
import { resolveParams, transfersOfCount } from './hgraph.ts';
import type { HGraph } from './types.ts';

export interface ContactOptions {
  /** false keeps every stand-in a member. */
  separate: boolean;
  /** At most this many calls or payments in all (an aggregated payment counts the transfers it stands for). */
  maxEvents: number;
}

export const DEFAULTS: ContactOptions = { separate: true, maxEvents: 2 };

/** Relationships that are events between a stand-in and its counterpart. */
const EVENTS: ReadonlySet<string> = new Set(['CALLED', 'PAID']);
const STAND_INS: ReadonlySet<string> = new Set(['Phone', 'Account']);

export interface OneOffContact {
  node: string;
  /** Key of the community it was taken out of. */
  community: string;
  /** The one phone or account it called or paid (or was called or paid by). */
  counterpart: string;
  events: number;
}

/** Whether a node is a one-off contact: its one counterpart, or undefined when it is more. */
export function oneOffCounterpart(graph: HGraph, node: string, options: ContactOptions): string | undefined {
  const label = graph.getNodeAttribute(node, 'label');
  if (!STAND_INS.has(String(label))) return undefined;
  let counterpart: string | undefined;
  let events = 0;
  let other = false;
  // Refs: an account's thousands of payments cost no key or attributes object each.
  graph.forEachEdgeRef(node, (ref) => {
    if (other) return;
    const { source, target } = ref;
    const type = ref.type;
    if (!EVENTS.has(String(type)) || source === target) {
      // A holder, an owner, a document or an address: more is known than one exchange.
      other = true;
      return;
    }
    const peer = source === node ? target : source;
    if (counterpart !== undefined && counterpart !== peer) other = true;
    counterpart = peer;
    events += type === 'PAID' ? transfersOfCount(ref.attribute('count')) : 1;
  });
  if (other || counterpart === undefined || events > options.maxEvents) return undefined;
  return counterpart;
}

/** Takes the one-off contacts out of the communities (communities left empty are dropped). */
export function separateContacts(
  graph: HGraph,
  communities: readonly Community[],
  input: Partial<ContactOptions> = {},
): { communities: Community[]; contacts: OneOffContact[] } {
  const options = resolveParams('analyse/contacts', DEFAULTS, input);
  if (!(Number.isInteger(options.maxEvents) && options.maxEvents >= 1))
    throw new Error(`analyse/contacts: maxEvents must be an integer >= 1, got ${options.maxEvents}`);
  if (!options.separate) return { communities: [...communities], contacts: [] };
  const contacts: OneOffContact[] = [];
  const result: Community[] = [];
  for (const community of communities) {
    const members: string[] = [];
    for (const node of community.members) {
      const counterpart = graph.hasNode(node) ? oneOffCounterpart(graph, node, options) : undefined;
      if (counterpart === undefined) {
        members.push(node);
        continue;
      }
      let events = 0;
      graph.forEachEdgeRef(node, (ref) => {
        events += ref.type === 'PAID' ? transfersOfCount(ref.attribute('count')) : 1;
      });
      contacts.push({ node, community: community.key, counterpart, events });
    }
    if (members.length > 0)
      result.push(members.length === community.members.length ? community : { ...community, members });
  }
  return { communities: result, contacts };
}
