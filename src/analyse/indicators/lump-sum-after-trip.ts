/**
 * lump-sum-after-trip (organ removal): a person whose journey someone else paid receives, within
 * windowDays of that journey, one credit of >= minAmount from a person who is not of their household
 * nor possibly themselves, and at least `ratio` times the median of their other credits (or with no
 * other credits at all). The sudden sum paid to the travelling person (UNODC 2015: donors are paid
 * after the operation, often less than promised).
 *
 * Look-alikes: a wage or benefit, a loan from a bank (organisations pay them); a parent's gift
 * (household); a traveller who paid their own journey; a salary-sized credit for someone whose
 * credits are all that size (ratio). None matches.
 *
 * The traveller is exposed — the account's holder and the passenger record, which may be two unjoined
 * records of one person (same folded name, hgraph.ts mayBeSamePerson); the payer is an actor (no
 * beneficiary: paying someone is no gain; medical-travel-payer names the broker). Only sums from the
 * account that paid the journey (or from an account of the person who paid it) count.
 *
 * Weight 1.5, as scattered-cash and third-party-rent: a large sum after a trip has innocent
 * explanations (a loan between friends, a car sold), so it only adds weight.
 */
import { accountActors } from '../actors-of.ts';
import {
  amountOf,
  DAY_MS,
  holderIds,
  intoOf,
  labelOf,
  mayBeSamePerson,
  nodesOf,
  outOf,
  paidIn,
  paidOut,
  timeOf,
} from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minAmount: 2000,
  ratio: 5,
  windowDays: 60,
};

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export default defineIndicator({
  id: 'lump-sum-after-trip',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: 'A sudden large sum to a person after a journey someone else paid',
  source:
    'UNODC, Assessment Toolkit: Trafficking in Persons for the Purpose of Organ Removal (2015); OSCE, ' +
    'Trafficking in Human Beings for the Purpose of Organ Removal in the OSCE Region (2013)',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    // From the journeys' side: each payer of others' journeys, its travellers and their dates.
    const payerAccounts = new Map<string, Array<{ traveller: string; at: number; edges: string[] }>>();
    for (const journey of nodesOf(graph, 'Journey')) {
      const at = timeOf(graph.getNodeAttribute(journey, 'date'));
      if (at === undefined) continue;
      for (const paid of intoOf(graph, journey, 'PAID_FOR')) {
        const payers =
          labelOf(graph, paid.source) === 'Account' ? holderIds(graph, paid.source) : [paid.source];
        // The accounts the payer pays from: the paying account, or every account the payer holds.
        const accounts =
          labelOf(graph, paid.source) === 'Account'
            ? [paid.source]
            : outOf(graph, paid.source, 'HOLDS').map((ref) => ref.target);
        for (const took of intoOf(graph, journey, 'TOOK')) {
          if (payers.some((p) => p === took.source || mayBeSamePerson(graph, p, took.source))) continue;
          for (const account of accounts) {
            const list = payerAccounts.get(account) ?? [];
            list.push({ traveller: took.source, at, edges: [took.edge, paid.edge] });
            payerAccounts.set(account, list);
          }
        }
      }
    }
    // Large payments from those accounts to a traveller's account: the holder is the traveller or a
    // record of them (the bank's and the travel agency's records of one person are often unjoined:
    // the same name, folded, and birth date).
    const found = new Map<
      string,
      { exposed: Set<string>; actors: Set<string>; edges: string[]; largest: number; sums: number }
    >();
    for (const [account, trips] of [...payerAccounts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const payers = accountActors(graph, account);
      for (const sum of paidOut(graph, account)) {
        const amount = amountOf(sum);
        if (amount < params.minAmount) continue;
        const at = timeOf(sum.attribute('at'));
        if (at === undefined) continue;
        for (const held of intoOf(graph, sum.target, 'HOLDS')) {
          const holder = held.source;
          if (labelOf(graph, holder) !== 'Person') continue;
          if (
            payers.some(
              (p) => p === holder || (labelOf(graph, p) === 'Person' && mayBeSamePerson(graph, p, holder)),
            )
          )
            continue;
          const trip = trips.find(
            (t) =>
              at >= t.at - 7 * DAY_MS &&
              at - t.at <= params.windowDays * DAY_MS &&
              (t.traveller === holder || mayBeSamePerson(graph, t.traveller, holder)),
          );
          if (!trip) continue;
          const others = paidIn(graph, sum.target)
            .filter((ref) => ref.edge !== sum.edge)
            .map(amountOf);
          const usual = median(others);
          if (usual > 0 && amount < params.ratio * usual) continue;
          const entry = found.get(holder) ?? {
            exposed: new Set(),
            actors: new Set(),
            edges: [],
            largest: 0,
            sums: 0,
          };
          entry.exposed.add(holder).add(trip.traveller);
          for (const p of payers) entry.actors.add(p);
          entry.edges.push(sum.edge, held.edge, ...trip.edges);
          entry.largest = Math.max(entry.largest, amount);
          entry.sums++;
          found.set(holder, entry);
        }
      }
    }
    for (const [holder, entry] of found) {
      drafts.push({
        subject: holder,
        nodes: [holder, ...entry.exposed, ...entry.actors],
        relationships: entry.edges,
        exposed: [...entry.exposed],
        actors: [...entry.exposed, ...entry.actors],
        facts: { sums: entry.sums, largest: entry.largest },
      });
    }
    return drafts;
  },
});
