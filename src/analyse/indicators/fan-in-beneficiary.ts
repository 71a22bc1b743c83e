/**
 * fan-in-beneficiary: >= minPayers accounts that receive wages or benefits (victims' accounts) pay out
 * to one beneficiary account; stronger (`abroadStrength`) when the beneficiary banks in another
 * country than most payers. Rent, card and direct-debit payments are not counted (a landlord or a shop
 * is paid by many), and more than maxPayers payers is a business, not a beneficiary.
 *
 * A payer counts only when what it sent the beneficiary is at least minIncomeShare of its income
 * (wages and benefits) in the window: victims hand over most of their pay, while friends chipping in
 * for a dinner or a birthday send a small fraction of theirs.
 *
 * v3: payments for medical treatment (the payee's holder name or the reference names a clinic,
 * hospital or the like: `servicePattern`) are purchases, not hand-overs: medical tourists each
 * paying a large share of their pay to one clinic abroad are patients, not victims (issue #18's
 * hard negative). A broker paying clinics for others is medical-travel-payer's pattern.
 */
import { accountActors } from '../actors-of.ts';
import { amountOf, holderIds, nodesOf, paidIn, str } from '../hgraph.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minPayers: 3,
  maxPayers: 50,
  kinds: ['transfer', 'remittance'] as string[],
  incomeKinds: ['wage', 'salary', 'bulk', 'payroll', 'benefit'] as string[],
  abroadStrength: 1.5,
  minIncomeShare: 0.25,
  /** Payees and references of purchased services, never a beneficiary's (medical-travel-payer's pattern). */
  servicePattern:
    '\\b(clinic|clinica|clinique|klinik\\w*|hospital\\w*|hastane\\w*|medical|dental|dentist\\w*|treatment|surgery|surgical)\\b',
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
  version: 3,
  category: 'FINANCIAL',
  kind: 'control',
  title: "Victims' accounts paying one beneficiary",
  source: 'UK Met/HMRC (2011); FinCEN (2020): unrelated customers wiring the same beneficiaries',
  weight: 3,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    // A payer's income, summed once however many beneficiaries it pays.
    const incomes = new Map<string, number>();
    const incomeOf = (account: string): number => {
      let income = incomes.get(account);
      if (income === undefined) {
        income = paidIn(graph, account, params.incomeKinds).reduce((sum, ref) => sum + amountOf(ref), 0);
        incomes.set(account, income);
      }
      return income;
    };
    const service = new RegExp(params.servicePattern, 'iu');
    for (const beneficiary of nodesOf(graph, 'Account')) {
      const own = new Set(holderIds(graph, beneficiary));
      const names = [str(graph.getNodeAttribute(beneficiary, 'holderName'))];
      for (const holder of own) names.push(str(graph.getNodeAttribute(holder, 'name')));
      if (names.some((n) => n !== undefined && service.test(n))) continue;
      const candidates = paidIn(graph, beneficiary, params.kinds).filter(
        (ref) =>
          !holderIds(graph, ref.source).some((holder) => own.has(holder)) &&
          !service.test(str(ref.attribute('reference')) ?? ''),
      );
      const sent = new Map<string, number>();
      for (const ref of candidates) sent.set(ref.source, (sent.get(ref.source) ?? 0) + amountOf(ref));
      const payers = new Set<string>();
      for (const [payer, amount] of sent) {
        const income = incomeOf(payer);
        if (income > 0 && amount >= params.minIncomeShare * income) payers.add(payer);
      }
      const incoming = candidates.filter((ref) => payers.has(ref.source));
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
