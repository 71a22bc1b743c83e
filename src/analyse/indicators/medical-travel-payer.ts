/**
 * medical-travel-payer (organ removal): one payer pays a medical provider abroad — a payee whose
 * holder name or payment reference names a clinic, hospital or transplant service, in another country
 * than the paying account — and pays the journeys of >= minTravellers other people (not the payer's
 * household, not the payer's own records) to that provider's country. Each traveller who then
 * receives a lump sum (>= lumpSum) from the payer within lumpWindowDays of the outbound journey
 * raises the strength to `paidStrength`: the donor's "compensation" (UNODC 2015).
 *
 * Look-alike: a medical tourist pays their own clinic and their own flight (the payer travels, no
 * one else does); a family pays a relative's treatment abroad (same household). Neither matches.
 *
 * The travellers are exposed (possibly exploited), the payer benefits: the broker.
 *
 * Weight 3, as held-documents and fan-in-beneficiary: someone directs other people's bodies and
 * money to one provider abroad, the control the typology rests on.
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
  paidOut,
  str,
  timeOf,
} from '../hgraph.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minTravellers: 1,
  /** Payee names or references that make a payment a medical one. */
  medicalPattern:
    '\\b(clinic|clinica|clinique|klinik\\w*|hospital\\w*|hastane\\w*|medical|medic\\w*|transplant\\w*|surgery|surgical|nephro\\w*|saglik|sağlık)\\b',
  lumpSum: 2000,
  lumpWindowDays: 60,
  paidStrength: 1.5,
};

/** The country of an account: `country`, else the IBAN's first two letters. */
export function accountCountry(graph: HGraph, account: string): string | undefined {
  const a = graph.getNodeAttributes(account);
  const country = str(a.country);
  if (country) return country.toUpperCase();
  const iban = str(a.iban);
  return iban && /^[A-Z]{2}\d{2}/.test(iban) ? iban.slice(0, 2) : undefined;
}

/** Destination country of a journey: its route's TO location's `country`. */
export function destinationCountry(graph: HGraph, journey: string): string | undefined {
  const route = outOf(graph, journey, 'ON')[0]?.target;
  if (!route) return undefined;
  const to = outOf(graph, route, 'TO')[0]?.target;
  return to ? str(graph.getNodeAttribute(to, 'country'))?.toUpperCase() : undefined;
}

export default defineIndicator({
  id: 'medical-travel-payer',
  version: 1,
  category: 'THB',
  kind: 'control',
  title: 'One payer pays a clinic abroad and the journeys of others to its country',
  source:
    'UNODC, Assessment Toolkit: Trafficking in Persons for the Purpose of Organ Removal (2015); ' +
    'Council of Europe/UN, Trafficking in organs, tissues and cells (2009); Eurojust, THB casework report (2021)',
  weight: 3,
  defaults: DEFAULTS,
  find(graph, params) {
    const pattern = new RegExp(params.medicalPattern, 'iu');
    const medicalPayee = new Map<string, boolean>();
    const isMedicalPayee = (account: string): boolean => {
      let known = medicalPayee.get(account);
      if (known === undefined) {
        const names = [str(graph.getNodeAttribute(account, 'holderName'))];
        for (const holder of holderIds(graph, account))
          names.push(str(graph.getNodeAttribute(holder, 'name')));
        known = names.some((n) => n !== undefined && pattern.test(n));
        medicalPayee.set(account, known);
      }
      return known;
    };
    const drafts: MatchDraft[] = [];
    for (const account of nodesOf(graph, 'Account')) {
      const home = accountCountry(graph, account);
      const medical = paidOut(graph, account).filter((ref) => {
        const abroad = accountCountry(graph, ref.target);
        if (abroad === undefined || abroad === home) return false;
        const reference = str(ref.attribute('reference'));
        return isMedicalPayee(ref.target) || (reference !== undefined && pattern.test(reference));
      });
      if (medical.length === 0) continue;
      const countries = new Set(medical.map((ref) => accountCountry(graph, ref.target)!));
      const payers = accountActors(graph, account).filter((p) => labelOf(graph, p) !== 'Account');
      const isPayer = (person: string) =>
        payers.some((p) => p === person || (graph.hasNode(p) && mayBeSamePerson(graph, p, person)));
      // Journeys this account (or its holders directly, in cash) paid for others to those countries.
      const paidFor = [
        ...outOf(graph, account, 'PAID_FOR'),
        ...payers.flatMap((p) => (labelOf(graph, p) === 'Person' ? outOf(graph, p, 'PAID_FOR') : [])),
      ];
      const travellers = new Map<string, { edges: string[]; departs: number[] }>();
      for (const paid of paidFor) {
        const destination = destinationCountry(graph, paid.target);
        if (destination === undefined || !countries.has(destination)) continue;
        for (const took of intoOf(graph, paid.target, 'TOOK')) {
          if (isPayer(took.source)) continue;
          const entry = travellers.get(took.source) ?? { edges: [], departs: [] };
          entry.edges.push(paid.edge, took.edge);
          const depart = timeOf(graph.getNodeAttribute(paid.target, 'date'));
          if (depart !== undefined) entry.departs.push(depart);
          travellers.set(took.source, entry);
        }
      }
      if (travellers.size < params.minTravellers) continue;
      // Lump sums from this account to a traveller around the trip.
      const lumpEdges: string[] = [];
      const paidTravellers = new Set<string>();
      // (The traveller's account may be held by another, unjoined record of them: same folded name.)
      const sums = paidOut(graph, account).filter((ref) => amountOf(ref) >= params.lumpSum);
      for (const [traveller, entry] of travellers) {
        for (const credit of sums) {
          const at = timeOf(credit.attribute('at'));
          if (
            at === undefined ||
            !entry.departs.some((d) => at >= d - 7 * DAY_MS && at - d <= params.lumpWindowDays * DAY_MS)
          )
            continue;
          for (const held of intoOf(graph, credit.target, 'HOLDS')) {
            if (
              held.source !== traveller &&
              !(labelOf(graph, held.source) === 'Person' && mayBeSamePerson(graph, held.source, traveller))
            )
              continue;
            lumpEdges.push(credit.edge, held.edge);
            paidTravellers.add(traveller);
          }
        }
      }
      drafts.push({
        subject: account,
        nodes: [account, ...payers, ...medical.map((ref) => ref.target), ...travellers.keys()],
        relationships: [
          ...medical.map((ref) => ref.edge),
          ...[...travellers.values()].flatMap((t) => t.edges),
          ...lumpEdges,
        ],
        beneficiaries: payers,
        exposed: [...travellers.keys()],
        actors: [...payers, ...travellers.keys()],
        strength: paidTravellers.size > 0 ? params.paidStrength : 1,
        facts: {
          clinicPayments: medical.length,
          countries: [...countries].sort().join(','),
          travellers: travellers.size,
          paidAfterTrip: paidTravellers.size,
        },
      });
    }
    return drafts;
  },
});
