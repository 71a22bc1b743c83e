/**
 * residential-utility-spike (forced criminality: cannabis cultivation): the energy bills paid from a
 * person's account for the home they are registered at run at >= `factor` times the median monthly
 * energy spend of all persons paying such bills in the graph, and at >= minMonthly a month. Energy
 * payees are recognised by the payee's holder name, name or the payment's reference (energyPattern).
 * Months are those in which the account paid any energy bill; the median is over persons, so a few
 * farms do not raise the norm they are measured against.
 *
 * Look-alikes: a bakery, laundry or other business with large bills (an organisation's account, or
 * premises registered as `business`); a large family (bills a little above the norm). Neither
 * matches. The holder is exposed (the bills are often in a gardener's name); whoever pays the
 * address's rent and does not live there is the beneficiary.
 *
 * Weight 1.5, as third-party-rent: high bills alone have innocent causes (electric heating, a home
 * workshop); the weight is for context.
 */
import { accountActors } from '../actors-of.ts';
import { amountOf, dayOf, holderIds, labelOf, mayBeSamePerson, nodesOf, paidOut, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { rentByAddress } from './rent-of.ts';
import { addressesOf } from './residents.ts';

export const DEFAULTS = {
  factor: 5,
  minMonthly: 500,
  /** At least this many persons paying energy bills before a norm is taken. */
  minPopulation: 20,
  energyPattern:
    '\\b(energy|electric\\w*|electricity|power|gas|edf|e\\.?on|octopus|ovo|vattenfall|eneco|essent)\\b',
  rentKinds: ['rent'] as string[],
};

export default defineIndicator({
  id: 'residential-utility-spike',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: 'Energy bills of a home far above the norm',
  source:
    'Europol, Criminal networks involved in the trafficking and exploitation of underage victims / ' +
    'forced criminality (EMPACT THB 2021); UK Home Office, Modern slavery statutory guidance, cannabis ' +
    'cultivation indicators (2023); UNODC, Global Report on Trafficking in Persons (2022): forced criminality',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const pattern = new RegExp(params.energyPattern, 'iu');
    const energyPayee = new Map<string, boolean>();
    const isEnergy = (account: string, reference: string | undefined) => {
      if (reference && pattern.test(reference)) return true;
      let known = energyPayee.get(account);
      if (known === undefined) {
        const names = [str(graph.getNodeAttribute(account, 'holderName'))];
        for (const holder of holderIds(graph, account))
          names.push(str(graph.getNodeAttribute(holder, 'name')));
        known = names.some((n) => n !== undefined && pattern.test(n));
        energyPayee.set(account, known);
      }
      return known;
    };
    // Monthly energy spend per person-held account.
    const spend: Array<{ account: string; holders: string[]; monthly: number; edges: string[] }> = [];
    for (const account of nodesOf(graph, 'Account')) {
      const holders = holderIds(graph, account);
      if (holders.length === 0 || holders.some((h) => labelOf(graph, h) !== 'Person')) continue;
      const bills = paidOut(graph, account).filter((ref) =>
        isEnergy(ref.target, str(ref.attribute('reference'))),
      );
      if (bills.length === 0) continue;
      const months = new Set(bills.map((ref) => dayOf(ref.attribute('at'))?.slice(0, 7) ?? 'unknown'));
      const total = bills.reduce((sum, ref) => sum + amountOf(ref), 0);
      spend.push({ account, holders, monthly: total / months.size, edges: bills.map((ref) => ref.edge) });
    }
    if (spend.length < params.minPopulation) return [];
    const sorted = spend.map((s) => s.monthly).sort((a, b) => a - b);
    const norm = sorted[Math.floor(sorted.length / 2)]!;
    const rents = rentByAddress(graph, params.rentKinds);
    const drafts: MatchDraft[] = [];
    for (const s of spend) {
      if (s.monthly < params.minMonthly || s.monthly < params.factor * norm) continue;
      // The homes the bills are for: the holders' residences (business premises never count).
      const homes = s.holders.flatMap((h) => [...addressesOf(graph, h).keys()]);
      if (homes.length === 0) continue;
      const homeEdges = s.holders.flatMap((h) => [...addressesOf(graph, h).values()].flat());
      // Who pays the rent of those homes without living there.
      const payers = new Set<string>();
      const rentEdges: string[] = [];
      for (const home of homes) {
        for (const rent of rents.get(home) ?? []) {
          for (const actor of accountActors(graph, rent.source)) {
            if (labelOf(graph, actor) !== 'Person') continue;
            if (s.holders.some((h) => mayBeSamePerson(graph, h, actor))) continue;
            payers.add(actor);
            rentEdges.push(rent.edge);
          }
        }
      }
      drafts.push({
        subject: s.account,
        nodes: [s.account, ...s.holders, ...homes, ...payers],
        relationships: [...s.edges, ...homeEdges, ...rentEdges],
        beneficiaries: [...payers],
        exposed: s.holders,
        actors: [...s.holders, ...payers],
        facts: {
          monthly: Math.round(s.monthly),
          norm: Math.round(norm),
          times: Math.round((s.monthly / norm) * 10) / 10,
        },
      });
    }
    return drafts;
  },
});
