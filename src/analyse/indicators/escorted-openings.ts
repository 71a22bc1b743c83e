/**
 * escorted-openings: >= minAccounts accounts opened at one branch on one date whose holders give the
 * same contact phone (a phone they all have, or the account's `phone` property), or name the same
 * `introducer`. Online openings are not branch visits and are skipped. Whoever else has that phone is
 * the escort (beneficiary); the holders are exposed.
 * v2: a person whose own account was opened escorted with that contact (at any visit) is never its
 * escort: the handed-out phone of a group of workers made each of them the others' escort.
 * v3: nor is anyone whose account giving that contact was opened within `sameOperationDays` of the
 * visit (any branch, any bank), however few were opened with them that day: a mule herder takes
 * young people to three branches of two banks on two days, and those of the other branches and day
 * were named the escorts of the first visit (dev world 1: five mules beside the herder, whose own
 * account with that phone, opened three years before, is what leaves him the escort).
 * v4: nor is a record of one of the escorted written by another source (hgraph.ts mayBeSameName): a
 * worker's benefit claim and payroll filing give the boss's number and hold no account, and on dev
 * world 11, not joined to her bank record, they made her the escort of nine visits and her ring's
 * second offender. She is exposed with her bank record.
 */

import { pushTo } from '../../model/group.ts';
import { dayOf, holderIds, intoOf, mayBeSameName, nodesOf, outOf, str, timeOf } from '../hgraph.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minAccounts: 3,
  /** Accounts opened with the contact at the same branch this many days either side: one operation. */
  sameOperationDays: 14,
  onlineBranches: ['online', 'internet', 'app'] as string[],
};

/** The contacts an account gives: its `phone`, its `introducer`, its holders' phones. */
function contactsOf(graph: HGraph, account: string): string[] {
  const attributes = graph.getNodeAttributes(account);
  const out: string[] = [];
  const phone = str(attributes.phone);
  if (phone) out.push(phone);
  const introducer = str(attributes.introducer);
  if (introducer) out.push(`introducer:${introducer}`);
  for (const holds of intoOf(graph, account, 'HOLDS'))
    for (const has of outOf(graph, holds.source, 'HAS_PHONE')) out.push(has.target);
  return [...new Set(out)];
}

export default defineIndicator({
  id: 'escorted-openings',
  version: 4,
  category: 'FINANCIAL',
  kind: 'control',
  title: 'Accounts opened together with one contact phone or introducer',
  source: 'FinCEN (2020): customers escorted by a third party',
  weight: 2,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const visits = new Map<string, string[]>();
    // Every account with an opening date, by the contacts it gives: [opened (ms), account].
    const openedWith = new Map<string, Array<[number, string]>>();
    for (const account of nodesOf(graph, 'Account')) {
      const attributes = graph.getNodeAttributes(account);
      const opened = dayOf(attributes.opened);
      if (!opened) continue;
      for (const contact of contactsOf(graph, account))
        pushTo(openedWith, contact, [timeOf(opened)!, account]);
      const branch = str(attributes.branch);
      if (!branch || params.onlineBranches.includes(branch.toLowerCase())) continue;
      const key = `${str(attributes.bank) ?? str(attributes.bic) ?? ''}|${branch.toLowerCase()}|${opened}`;
      pushTo(visits, key, account);
    }
    const qualifying: Array<{ visit: string; contact: string; accounts: Set<string>; edges: string[] }> = [];
    for (const [visit, accounts] of [...visits].sort()) {
      if (accounts.length < params.minAccounts) continue;
      const contacts = new Map<string, { accounts: Set<string>; edges: string[] }>();
      const note = (contact: string, account: string, edges: string[]) => {
        const entry = contacts.get(contact) ?? { accounts: new Set<string>(), edges: [] };
        entry.accounts.add(account);
        entry.edges.push(...edges);
        contacts.set(contact, entry);
      };
      for (const account of accounts) {
        const attributes = graph.getNodeAttributes(account);
        const phone = str(attributes.phone);
        if (phone) note(phone, account, []);
        const introducer = str(attributes.introducer);
        if (introducer) note(`introducer:${introducer}`, account, []);
        for (const holds of intoOf(graph, account, 'HOLDS')) {
          for (const has of outOf(graph, holds.source, 'HAS_PHONE'))
            note(has.target, account, [holds.edge, has.edge]);
        }
      }
      for (const [contact, entry] of [...contacts].sort())
        if (entry.accounts.size >= params.minAccounts) qualifying.push({ visit, contact, ...entry });
    }
    // Everyone whose account was opened escorted with a contact, at any visit: a fellow worker who
    // shares the handed-out phone was escorted on another day, not the escort of this one.
    const escortedWith = new Map<string, Set<string>>();
    const window = params.sameOperationDays * 86_400_000;
    for (const { visit, contact, accounts } of qualifying) {
      const set = escortedWith.get(contact) ?? new Set<string>();
      for (const account of accounts) for (const holder of holderIds(graph, account)) set.add(holder);
      // The same operation's other days and branches: accounts giving the contact, opened near it.
      const day = timeOf(visit.slice(visit.lastIndexOf('|') + 1))!;
      for (const [opened, account] of openedWith.get(contact) ?? [])
        if (Math.abs(opened - day) <= window) for (const holder of holderIds(graph, account)) set.add(holder);
      escortedWith.set(contact, set);
    }
    for (const { visit, contact, ...entry } of qualifying) {
      const holders = [...entry.accounts].flatMap((a) => holderIds(graph, a));
      const escorted = escortedWith.get(contact)!;
      const others = graph.hasNode(contact)
        ? intoOf(graph, contact, 'HAS_PHONE')
            .map((ref) => ref.source)
            .filter((p) => !escorted.has(p))
        : [];
      // One of the escorted, recorded again by another source under her own name (v4).
      const theirs = others.filter((p) => [...escorted].some((h) => mayBeSameName(graph, p, h)));
      const escorts = others.filter((p) => !theirs.includes(p));
      drafts.push({
        subject: `${visit}|${contact}`,
        nodes: [...entry.accounts, ...holders, ...escorts, contact],
        relationships: [
          ...entry.edges,
          ...(graph.hasNode(contact) ? intoOf(graph, contact, 'HAS_PHONE').map((ref) => ref.edge) : []),
        ],
        beneficiaries: escorts,
        exposed: [...new Set([...holders, ...theirs])],
        facts: { accounts: entry.accounts.size, visit, contact },
      });
    }
    return drafts;
  },
});
