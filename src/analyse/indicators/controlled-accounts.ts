/**
 * controlled-accounts: one device, or one phone, controls accounts of >= minHolders holders of
 * different households:
 * (a) device: phones carrying the same handset id (`imei` or `device`) belong to account holders of
 *     >= minHolders households;
 * (b) contact phone: an account's recorded contact phone (`phone` property on the account, or a phone
 *     its holder shares with a non-holder) is shared across >= minHolders holders' accounts and also
 *     belongs to someone holding none of them: the person who answers for those accounts.
 * v2: an owner who may be one of the holders recorded by another source (every word of one name in
 * the other, or the same household) is not the controller: on the generated worlds a victim's own
 * phone, met again in a seized handset's contacts and a tenancy register, made her an offender.
 * v3: nor is a name known only as a number (a contact in a seized handset, actors-of.ts
 * knownOnlyByPhone): a victim's contact entry under a nickname is not the person who runs her account.
 * v4: (a) needs one handset id on >= `minDevicePhones` numbers (SIMs swapped in one device); the
 * handset id of a single number, present on every call record, is that number, which (b) reads.
 * v5: (b)'s switchboard limit (`maxOwners`) counts the phone's owners who hold none of those
 * accounts. A bank records a holder's contact phone as that holder's phone, so the work phone a
 * pimp put on the bank forms of fourteen women had sixteen "owners" (the fourteen holders, a seized
 * handset's contact, the pimp) and was skipped as a switchboard: the larger the ring, the less
 * this pattern saw of it (dev world 8, NET-SX-02). A company switchboard has many owners who hold
 * nothing opened with it, and is still skipped.
 * v6: the owner is one of the holders only when they may be one human (the same name) or are
 * recorded as family, not by a family name alone (the holders' own households are still counted
 * by householdCount, so a parent's phone on the accounts of the children is no match): a pimp named Shevchuk
 * whose work phone was on the bank forms of 23 women, two of them also Shevchuk, was taken for
 * their relative and named by nothing (dev world 10, NET-SX-02).
 */

import { pushTo } from '../../model/group.ts';
import { knownOnlyByPhone, phoneOwners } from '../actors-of.ts';
import { accountsOf, areFamily, householdCount, intoOf, mayBeSameName, nodesOf, str } from '../hgraph.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minHolders: 2,
  /** Phones with more owners (beyond the holders of the accounts opened with it) are switchboards. */
  maxOwners: 10,
  /** (a) needs one handset id on this many distinct numbers. */
  minDevicePhones: 2,
};

function holdsAccount(graph: HGraph, person: string): boolean {
  return accountsOf(graph, person).length > 0;
}

export default defineIndicator({
  id: 'controlled-accounts',
  version: 6,
  category: 'FINANCIAL',
  kind: 'control',
  title: "One device or phone controlling several people's accounts",
  source: 'FinCEN (2020) funnel accounts',
  weight: 3,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    // (a) devices
    const devices = new Map<string, string[]>();
    for (const phone of nodesOf(graph, 'Phone')) {
      const attributes = graph.getNodeAttributes(phone);
      const device = str(attributes.imei) ?? str(attributes.device);
      if (device) pushTo(devices, device, phone);
    }
    for (const [device, phones] of [...devices].sort()) {
      // One handset, several numbers. One number's handset says no more than the number itself,
      // which (b) reads: a herder's phone on seven mules' bank forms made the herder "exposed".
      if (phones.length < params.minDevicePhones) continue;
      const links = phones.flatMap((phone) => intoOf(graph, phone, 'HAS_PHONE'));
      const holders = [...new Set(links.map((l) => l.source))].filter((p) => holdsAccount(graph, p)).sort();
      if (holders.length < params.minHolders || householdCount(graph, holders) < params.minHolders) continue;
      drafts.push({
        subject: `device:${device}`,
        nodes: [...phones, ...holders, ...holders.flatMap((h) => accountsOf(graph, h).map((a) => a.target))],
        relationships: [
          ...links.map((l) => l.edge),
          ...holders.flatMap((h) => accountsOf(graph, h).map((a) => a.edge)),
        ],
        exposed: holders,
        facts: { device, phones: phones.length, holders: holders.length, pattern: 'device' },
      });
    }
    // (b) contact phones
    const byPhone = new Map<string, Set<string>>();
    for (const account of nodesOf(graph, 'Account')) {
      const contact = str(graph.getNodeAttribute(account, 'phone'));
      if (contact && graph.hasNode(contact))
        byPhone.set(contact, (byPhone.get(contact) ?? new Set()).add(account));
    }
    for (const phone of nodesOf(graph, 'Phone')) {
      const owners = phoneOwners(graph, phone);
      const accounts = new Set(byPhone.get(phone) ?? []);
      for (const owner of owners) for (const held of accountsOf(graph, owner)) accounts.add(held.target);
      const accountHolders = new Map<string, string[]>();
      for (const account of accounts) {
        for (const ref of intoOf(graph, account, 'HOLDS')) {
          pushTo(accountHolders, ref.source, ref.edge);
        }
      }
      // A switchboard is a number many people answer; the holders who gave it to their bank as
      // their own are what this pattern counts, however many (v5).
      if (owners.filter((o) => !accountHolders.has(o)).length > params.maxOwners) continue;
      const holders = [...accountHolders.keys()].sort();
      if (holders.length < params.minHolders || householdCount(graph, holders) < params.minHolders) continue;
      // The controller: owns the phone, holds none of those accounts and is not one of the holders
      // recorded again by another source (a victim's own phone is in her contacts and tenancy).
      const controllers = owners.filter(
        (o) =>
          !accountHolders.has(o) &&
          !holdsAccount(graph, o) &&
          !holders.some((holder) => mayBeSameName(graph, o, holder) || areFamily(graph, o, holder)) &&
          !knownOnlyByPhone(graph, o),
      );
      if (controllers.length === 0) continue;
      drafts.push({
        subject: phone,
        nodes: [phone, ...accounts, ...holders, ...controllers],
        relationships: [
          ...[...accountHolders.values()].flat(),
          ...intoOf(graph, phone, 'HAS_PHONE').map((ref) => ref.edge),
        ],
        beneficiaries: controllers,
        exposed: holders,
        facts: { holders: holders.length, accounts: accounts.size, pattern: 'contact-phone' },
      });
    }
    return drafts;
  },
});
