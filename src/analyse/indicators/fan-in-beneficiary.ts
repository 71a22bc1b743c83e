/**
 * fan-in-beneficiary: >= minPayers accounts that receive wages or benefits (victims' accounts) pay out
 * to one beneficiary account; stronger (`abroadStrength`) when the beneficiary banks in another
 * country than most payers. Rent, card and direct-debit payments are not counted (a landlord or a shop
 * is paid by many), and more than maxPayers payers is a business, not a beneficiary.
 */
import { accountActors } from '../actors-of.ts';
import { holderIds, nodesOf, paidIn, str } from '../hgraph.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minPayers: 3,
  maxPayers: 50,
  kinds: ['transfer', 'remittance'] as string[],
  incomeKinds: ['wage', 'salary', 'bulk', 'payroll', 'benefit'] as string[],
  abroadStrength: 1.5,
};

/** ISO country of an account: `country`, else the IBAN's first two letters (from `iban` or the id). */
export function accountCountry(graph: HGraph, account: string): string | undefined {
  const attributes = graph.getNodeAttributes(account);
  const country = str(attributes.country);
  if (country) return country.toUpperCase();
  const iban = str(attributes.iban) ?? account.replace(/^account:/, '');
  return /^[A-Z]{2}\d{2}/.test(iban) ? iban.slice(0, 2) : undefined;
}

export default defineIndicator({
  id: 'fan-in-beneficiary',
  version: 1,
  category: 'FINANCIAL',
  kind: 'control',
  title: "Victims' accounts paying one beneficiary",
  source: 'UK Met/HMRC (2011); FinCEN (2020): unrelated customers wiring the same beneficiaries',
  weight: 3,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const beneficiary of nodesOf(graph, 'Account')) {
      const own = new Set(holderIds(graph, beneficiary));
      const incoming = paidIn(graph, beneficiary, params.kinds).filter(
        (ref) =>
          !holderIds(graph, ref.source).some((holder) => own.has(holder)) &&
          paidIn(graph, ref.source, params.incomeKinds).length > 0,
      );
      const payers = new Set(incoming.map((ref) => ref.source));
      if (payers.size < params.minPayers || payers.size > params.maxPayers) continue;
      const home = accountCountry(graph, beneficiary);
      const payerCountries = [...payers].map((p) => accountCountry(graph, p));
      const elsewhere = payerCountries.filter((c) => c !== undefined && c !== home).length;
      const abroad = home !== undefined && elsewhere > payers.size / 2;
      const payerActors = [...payers].flatMap((p) => accountActors(graph, p));
      const receivers = accountActors(graph, beneficiary);
      drafts.push({
        subject: beneficiary,
        nodes: [beneficiary, ...payers, ...payerActors, ...receivers],
        relationships: incoming.map((ref) => ref.edge),
        beneficiaries: receivers,
        exposed: payerActors.filter((a) => !receivers.includes(a)),
        strength: abroad ? params.abroadStrength : 1,
        facts: {
          payers: payers.size,
          payments: incoming.length,
          abroad,
          country: home ?? 'unknown',
        },
      });
    }
    return drafts;
  },
});
