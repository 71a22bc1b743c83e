/**
 * hub-phone: one phone in call contact (either direction) with >= minPhones phones of workers,
 * claimants or recorded victims. Phones with more than maxContacts distinct contacts are call centres
 * or businesses and are skipped. The phone's owners are the beneficiaries.
 *
 * v2: the hub must be one of the main contacts of each of those phones: among its `topPartners`
 * most-called numbers and at least `minContactShare` of its calls. A controller is the number a
 * victim's phone mostly talks to; a sociable person who now and then rings five friends who happen
 * to be employed or claim child benefit is one number among many in their phones (on a generated
 * 3,000-person world v1 matched 58 such phones outside any planted network, v2 none).
 * v3: account holders who gave the phone to their bank are exposed, not its beneficiaries, when
 * someone holding no account has it too (answeringFor).
 * v4: nor is a record of one of those holders written by another source (hgraph.ts mayBeSameName:
 * her benefit claim or her employer's filing, which give the boss's number too and hold no
 * account): she answers for nothing there, and is exposed with her bank record.
 */
import { knownOnlyByPhone, phoneActors, phoneOwners } from '../actors-of.ts';
import {
  accountsOf,
  householdCount,
  intoOf,
  isRecordedVictim,
  mayBeSameName,
  nodesOf,
  outOf,
} from '../hgraph.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minPhones: 5,
  maxContacts: 150,
  topPartners: 2,
  minContactShare: 0.25,
};

/** Calls per partner of one phone, either direction. */
function callPartners(graph: HGraph, phone: string): Map<string, string[]> {
  const partners = new Map<string, string[]>();
  for (const ref of [...outOf(graph, phone, 'CALLED'), ...intoOf(graph, phone, 'CALLED')]) {
    const other = ref.source === phone ? ref.target : ref.source;
    if (other === phone) continue;
    const list = partners.get(other);
    if (list) list.push(ref.edge);
    else partners.set(other, [ref.edge]);
  }
  return partners;
}

/** Whether `hub` is among the top partners of `phone` and holds a large enough share of its calls. */
function isMainContact(graph: HGraph, phone: string, hub: string, top: number, minShare: number): boolean {
  const partners = callPartners(graph, phone);
  const mine = partners.get(hub)?.length ?? 0;
  if (mine === 0) return false;
  let total = 0;
  let above = 0;
  for (const edges of partners.values()) {
    total += edges.length;
    if (edges.length > mine) above++;
  }
  return above < top && mine >= minShare * total;
}

function isVulnerable(graph: HGraph, person: string): boolean {
  if (graph.getNodeAttribute(person, 'label') !== 'Person') return false;
  return (
    intoOf(graph, person, 'EMPLOYS').length > 0 ||
    outOf(graph, person, 'CLAIMS').length > 0 ||
    isRecordedVictim(graph, person)
  );
}

/**
 * Who answers for the phone (v3). A bank records the contact phone a customer gives as that
 * customer's phone, so a controller's number written on the bank forms of a hundred workers had a
 * hundred and two "owners", and the workers, its beneficiaries, became offenders of their own ring
 * (dev world 10, 20,000 people: three victims among the first three offenders and key actors).
 * When account holders of >= 2 households give the phone and someone else who holds no account
 * has it too (controlled-accounts (b)'s controller), those holders are exposed, not beneficiaries.
 * Nor does a record of one of the holders under her own name answer for it (v4): on dev world 11 the
 * benefit claim and payroll filing of a worker, which give her boss's number and were not joined to
 * her bank record, made her the phone's beneficiary and her ring's second offender.
 */
function answeringFor(graph: HGraph, phone: string): { beneficiaries: string[]; givenBy: string[] } {
  const owners = phoneOwners(graph, phone);
  const holders = owners.filter((o) => accountsOf(graph, o).length > 0);
  const others = owners.filter((o) => accountsOf(graph, o).length === 0 && !knownOnlyByPhone(graph, o));
  if (others.length === 0 || holders.length < 2 || householdCount(graph, holders) < 2)
    return { beneficiaries: phoneActors(graph, phone), givenBy: [] };
  const theirs = others.filter((o) => holders.some((h) => mayBeSameName(graph, o, h)));
  return {
    beneficiaries: others.filter((o) => !theirs.includes(o)),
    givenBy: [...holders, ...theirs],
  };
}

export default defineIndicator({
  id: 'hub-phone',
  version: 4,
  category: 'THB',
  kind: 'context',
  title: 'One phone in contact with many workers or victims',
  source: 'DARPA Memex / DIG phone linking; phone-dump analysis',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const phone of nodesOf(graph, 'Phone')) {
      const contacts = callPartners(graph, phone);
      if (contacts.size < params.minPhones || contacts.size > params.maxContacts) continue;
      const owners = phoneOwners(graph, phone);
      const vulnerable = new Map<string, { edges: string[]; people: string[] }>();
      for (const [contact, edges] of contacts) {
        const people = phoneOwners(graph, contact).filter(
          (p) => !owners.includes(p) && isVulnerable(graph, p),
        );
        if (people.length === 0) continue;
        if (!isMainContact(graph, contact, phone, params.topPartners, params.minContactShare)) continue;
        vulnerable.set(contact, { edges, people });
      }
      if (vulnerable.size < params.minPhones) continue;
      const people = [...vulnerable.values()].flatMap((v) => v.people);
      const { beneficiaries, givenBy } = answeringFor(graph, phone);
      drafts.push({
        subject: phone,
        nodes: [phone, ...owners, ...vulnerable.keys(), ...people],
        relationships: [...vulnerable.values()].flatMap((v) => v.edges),
        beneficiaries,
        exposed: [...new Set([...people, ...givenBy])],
        facts: { contacts: contacts.size, vulnerableContacts: vulnerable.size },
      });
    }
    return drafts;
  },
});
