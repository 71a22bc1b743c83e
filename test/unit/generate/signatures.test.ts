import { describe, expect, it } from 'vitest';
import { readCsv, readJsonl, readTruth } from './support.ts';

const DIR = 'test/fixtures/tiny';
const truth = readTruth(DIR);
const bankA = readCsv(DIR, 'bank-a-statements.csv', ',').rows.map((r) => r.fields);
const claims = readCsv(DIR, 'benefit-claims.csv', ',').rows.map((r) => r.fields);
const calls = readCsv(DIR, 'telecom-cdr.csv', ',').rows.map((r) => r.fields);
const tenancy = readCsv(DIR, 'tenancy-register.csv', ',').rows.map((r) => r.fields);
const seizure = readCsv(DIR, 'seizure-exhibits.csv', ',').rows.map((r) => r.fields);
const bookings = readJsonl(DIR, 'travel-bookings.jsonl').map(
  (l) =>
    l.value as
      | {
          booking_ref: string;
          payer: { payment: { iban?: string; card_last4?: string } };
          passengers: unknown[];
        }
      | undefined,
);
const compact = (iban: string) => iban.replaceAll(' ', '');
const network = (typology: string) => truth.networks.find((n) => n.typology === typology)!;
const ibansOf = (n: ReturnType<typeof network>, role: string) =>
  n.members.filter((m) => m.role === role).flatMap((m) => m.identifiers.ibans);

/** Distinct claimants per payee account. */
function claimantsByPayee(): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const c of claims) {
    if (!c.claim_ref) continue;
    const key = compact(c.payee_iban!);
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(`${c.surname}|${c.forenames}|${c.dob}`);
  }
  return map;
}

describe('generate: planted patterns are in the extracts', () => {
  it('labour + benefit fraud: shared benefit account, group travel payer, third-party rent, held documents', () => {
    const n = network('labour-benefit');
    const controllerIbans = ibansOf(n, 'controller');
    const byPayee = claimantsByPayee();
    expect(Math.max(...controllerIbans.map((i) => byPayee.get(i)?.size ?? 0))).toBeGreaterThanOrEqual(3);
    const payers = new Set([...controllerIbans, ...ibansOf(n, 'recruiter')]);
    const group = bookings.filter(
      (b) => b?.payer.payment.iban && payers.has(b.payer.payment.iban) && b.passengers.length >= 3,
    );
    expect(group.length).toBeGreaterThanOrEqual(1);
    const thirdParty = tenancy.filter((t) => controllerIbans.includes(compact(t.rent_payer_iban!)));
    expect(thirdParty.length).toBeGreaterThan(0);
    const victimDocs = new Set(
      n.members.filter((m) => m.victim).flatMap((m) => m.identifiers.documents.map((d) => d.number)),
    );
    expect(seizure.filter((s) => victimDocs.has(s.document_number!)).length).toBeGreaterThanOrEqual(2);
    // Rapid pass-through: a victim account's wage leaves within 48 h.
    const victimIbans = new Set(ibansOf(n, 'victim'));
    const out = bankA.filter((r) => victimIbans.has(compact(r.IBAN!)) && r.Debit && Number(r.Debit) > 500);
    expect(out.length).toBeGreaterThan(0);
  });

  it('sexual exploitation: a hub work phone, adult advertising spend, scattered cash', () => {
    const n = network('sexual-exploitation');
    const work = n.phones.find((p) => p.role === 'work-phone')!.e164.slice(1);
    const partners = new Set(calls.filter((c) => c.a_number === work).map((c) => c.b_number));
    const callers = new Set(calls.filter((c) => c.b_number === `0${work.slice(2)}`).map((c) => c.a_number));
    expect(partners.size + callers.size).toBeGreaterThanOrEqual(5);
    const controllerIbans = new Set(ibansOf(n, 'controller'));
    expect(
      bankA.filter((r) => controllerIbans.has(compact(r.IBAN!)) && /NIGHTLIST|VELVET/.test(r.Description!))
        .length,
    ).toBeGreaterThan(0);
    const victimIbans = new Set(ibansOf(n, 'victim'));
    // Shared contact: >= 3 account holders give the work phone.
    const holdersByPhone = new Map<string, Set<string>>();
    for (const r of bankA.filter((x) => victimIbans.has(compact(x.IBAN!)) && x['Holder Phone'])) {
      const key = r['Holder Phone']!.replace(/\D/g, '').slice(-9);
      if (!holdersByPhone.has(key)) holdersByPhone.set(key, new Set());
      holdersByPhone.get(key)!.add(r['Customer No']!);
    }
    expect(Math.max(...[...holdersByPhone.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3);
    const deposits = bankA.filter((r) => victimIbans.has(compact(r.IBAN!)) && r.Type === 'CSH');
    expect(new Set(deposits.map((d) => d.Location)).size).toBeGreaterThanOrEqual(3);
  });

  it('money-mule chain: cash in three cities on one day, passed on, fed by the linked network', () => {
    const n = network('money-mule');
    const muleIbans = new Set(ibansOf(n, 'mule'));
    const byDay = new Map<string, Set<string>>();
    for (const r of bankA.filter((x) => muleIbans.has(compact(x.IBAN!)) && x.Type === 'CSH')) {
      const key = `${r.IBAN}|${r.Date}`;
      if (!byDay.has(key)) byDay.set(key, new Set());
      byDay.get(key)!.add(r.Location!);
    }
    expect(Math.max(0, ...[...byDay.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3);
    const linked = truth.networks.find((x) => x.id === n.linkedTo[0])!;
    const linkedIbans = new Set(
      linked.members.filter((m) => m.role === 'controller').flatMap((m) => m.identifiers.ibans),
    );
    expect(
      bankA.some((r) => muleIbans.has(compact(r.IBAN!)) && linkedIbans.has(r['Counterparty Account']!)),
    ).toBe(true);
  });

  it('hard negatives look suspicious: appointee account with many claimants, a crowded family home, a student hall', () => {
    const care = truth.hardNegatives.find((n) => n.typology === 'care-home')!;
    const home = care.organisations[0]!.iban!;
    expect(claimantsByPayee().get(home)!.size).toBeGreaterThanOrEqual(3);
    expect(
      claims
        .filter((c) => compact(c.payee_iban!) === home)
        .every((c) => c.payee_relationship === 'APPOINTEE'),
    ).toBe(true);
    const family = truth.hardNegatives.find((n) => n.typology === 'large-family')!;
    expect(new Set(family.members.map((m) => m.identifiers.addressIds[0])).size).toBe(1);
    expect(family.members.length).toBeGreaterThanOrEqual(9);
    expect(tenancy.filter((t) => t.property_type === 'student-hall').length).toBeGreaterThanOrEqual(8);
  });
});
