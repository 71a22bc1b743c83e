/**
 * hub-phone: one phone in call contact (either direction) with >= minPhones phones of workers,
 * claimants or recorded victims. Phones with more than maxContacts distinct contacts are call centres
 * or businesses and are skipped. The phone's owners are the beneficiaries.
 */
import { phoneActors, phoneOwners } from '../actors-of.ts';
import { intoOf, isRecordedVictim, nodesOf, outOf } from '../hgraph.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minPhones: 5,
  maxContacts: 150,
};

function isVulnerable(graph: HGraph, person: string): boolean {
  if (graph.getNodeAttribute(person, 'label') !== 'Person') return false;
  return (
    intoOf(graph, person, 'EMPLOYS').length > 0 ||
    outOf(graph, person, 'CLAIMS').length > 0 ||
    isRecordedVictim(graph, person)
  );
}

export default defineIndicator({
  id: 'hub-phone',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: 'One phone in contact with many workers or victims',
  source: 'DARPA Memex / DIG phone linking; phone-dump analysis',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const phone of nodesOf(graph, 'Phone')) {
      const contacts = new Map<string, string[]>();
      for (const ref of [...outOf(graph, phone, 'CALLED'), ...intoOf(graph, phone, 'CALLED')]) {
        const other = ref.source === phone ? ref.target : ref.source;
        if (other === phone) continue;
        const list = contacts.get(other);
        if (list) list.push(ref.edge);
        else contacts.set(other, [ref.edge]);
      }
      if (contacts.size < params.minPhones || contacts.size > params.maxContacts) continue;
      const owners = phoneOwners(graph, phone);
      const vulnerable = new Map<string, { edges: string[]; people: string[] }>();
      for (const [contact, edges] of contacts) {
        const people = phoneOwners(graph, contact).filter(
          (p) => !owners.includes(p) && isVulnerable(graph, p),
        );
        if (people.length > 0) vulnerable.set(contact, { edges, people });
      }
      if (vulnerable.size < params.minPhones) continue;
      const people = [...vulnerable.values()].flatMap((v) => v.people);
      drafts.push({
        subject: phone,
        nodes: [phone, ...owners, ...vulnerable.keys(), ...people],
        relationships: [...vulnerable.values()].flatMap((v) => v.edges),
        beneficiaries: phoneActors(graph, phone),
        exposed: people,
        facts: { contacts: contacts.size, vulnerableContacts: vulnerable.size },
      });
    }
    return drafts;
  },
});
