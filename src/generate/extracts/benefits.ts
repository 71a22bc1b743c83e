/** benefits-claims (CSV, CRLF) and benefits-payments (pipe-delimited, DD-MON-YYYY) of the GB agency. */
import type { IdentityDocument } from '../ids/documents.ts';
import { spacedNino } from '../ids/documents.ts';
import { corruptIban, printIban } from '../ids/iban.ts';
import { formatPhone } from '../ids/phone.ts';
import { pad } from '../ids/scramble.ts';
import { corruptAmount, corruptDate } from '../noise/malformed.ts';
import { ORIGIN_INFO } from '../pools/names.ts';
import { dMonY } from '../world/calendar.ts';
import { ascii, money, upper } from '../world/text.ts';
import type { Account, Address, Person } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';
import { sourceName, title } from './render.ts';

export const CLAIMS_SPEC: ExtractSpec = {
  file: 'benefit-claims.csv',
  format: 'csv',
  source: 'Benefits Agency (GB)',
  jurisdiction: 'GB',
  mapping: 'benefits-claims',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'crlf',
};

export const PAYMENTS_SPEC: ExtractSpec = {
  file: 'benefit-payments.csv',
  format: 'csv',
  source: 'Benefits Agency (GB)',
  jurisdiction: 'GB',
  mapping: 'benefits-payments',
  encoding: 'utf-8',
  delimiter: '|',
  lineEnding: 'lf',
};

export const CLAIMS_HEADER = [
  'claim_ref',
  'scheme',
  'nino',
  'title',
  'surname',
  'forenames',
  'dob',
  'nationality',
  'address_line1',
  'address_line2',
  'town',
  'postcode',
  'phone',
  'email',
  'start_date',
  'end_date',
  'amount',
  'frequency',
  'payee_name',
  'payee_relationship',
  'payee_iban',
  'household_size',
  'landlord',
  'rent_monthly',
  'id_type',
  'id_number',
  'id_country',
] as const;

export const PAYMENTS_HEADER = [
  'payment_id',
  'claim_ref',
  'paid_on',
  'amount',
  'currency',
  'from_iban',
  'payee_iban',
  'payee_name',
  'reference',
] as const;

export const SCHEMES = {
  UC: 'UNIVERSAL_CREDIT',
  HB: 'HOUSING_BENEFIT',
  CB: 'CHILD_BENEFIT',
  PC: 'PENSION_CREDIT',
  PIP: 'PIP',
  AA: 'ATTENDANCE_ALLOWANCE',
} as const;
export type SchemeCode = keyof typeof SCHEMES;

export interface Claim {
  ref: string;
  scheme: SchemeCode;
  claimant: Person;
  address: Address;
  start: string;
  end?: string;
  amount: number;
  frequency: 'WEEKLY' | 'FORTNIGHTLY' | 'FOUR_WEEKLY' | 'MONTHLY';
  payee: Account;
  payeeName: string;
  payeeRelationship: 'SELF' | 'PARTNER' | 'APPOINTEE' | 'OTHER';
  householdSize: number;
  landlord?: string;
  rent?: number;
  /** Document shown to verify identity (may be someone else's: held documents). */
  document?: IdentityDocument;
  /** Phone given on the claim (may be a controller's). */
  phone?: Person['phone'];
  email?: string;
}

const DOC_TYPES: Record<string, string> = {
  passport: 'PASSPORT',
  'id-card': 'ID_CARD',
  'residence-permit': 'RESIDENCE_PERMIT',
};

export class BenefitsWriter {
  private claims = 0;
  private payments = 0;

  constructor(
    private readonly claimsFile: ExtractFile | null,
    private readonly paymentsFile: ExtractFile | null,
    private readonly ctx: WriterContext,
  ) {}

  nextClaimRef(scheme: SchemeCode): string {
    this.claims++;
    return `${scheme}-${pad(10_000_000 + this.claims, 8)}`;
  }

  claim(claim: Claim): void {
    const file = this.claimsFile;
    if (!file) return;
    const person = claim.claimant;
    const name = sourceName(this.ctx.seed, person, 'benefits-claims');
    const surname = upper(name.family);
    const forenames = ascii([name.given, name.middle].filter(Boolean).join(' '));
    this.ctx.log.record(
      person,
      'benefits-claims',
      claim.ref,
      `${forenames} ${surname}`,
      name.birthDate,
      name.noise,
    );
    const address = claim.address;
    const [line1, line2] = address.flat
      ? [address.flat, `${address.number} ${address.street}`]
      : [`${address.number} ${address.street}`, ''];
    const phone = claim.phone
      ? formatPhone(claim.phone, claim.phone.country === 'GB' ? 'nationalSpaced' : 'e164')
      : '';
    const nino = person.nino ? (person.index % 3 === 0 ? spacedNino(person.nino) : person.nino) : '';
    const row = [
      claim.ref,
      SCHEMES[claim.scheme],
      nino,
      title(person, this.ctx.periodStart),
      surname,
      forenames,
      name.birthDate,
      ORIGIN_INFO[person.origin].alpha3,
      line1,
      line2,
      address.town,
      address.postcode,
      phone,
      claim.email ?? '',
      claim.start,
      claim.end ?? '',
      money(claim.amount),
      claim.frequency,
      claim.payeeName,
      claim.payeeRelationship,
      printIban(claim.payee.iban),
      String(claim.householdSize),
      claim.landlord ?? '',
      claim.rent ? money(claim.rent) : '',
      claim.document ? DOC_TYPES[claim.document.type]! : '',
      claim.document?.number ?? '',
      claim.document?.country ?? '',
    ];
    file.write(row, (r) => file.csvLine(r), corruptClaim);
  }

  payment(claim: Claim, date: string, fromIban: string): string {
    this.payments++;
    const id = `BP${pad(this.payments, 10)}`;
    const reference = `BENEFITS AGENCY ${claim.ref}`;
    const file = this.paymentsFile;
    if (file) {
      const row = [
        id,
        claim.ref,
        dMonY(date),
        money(claim.amount),
        'GBP',
        fromIban,
        claim.payee.iban,
        claim.payeeName,
        reference,
      ];
      file.write(row, (r) => file.csvLine(r), corruptPayment);
    }
    return reference;
  }
}

function corruptClaim(row: string[], k: number): Corruption<string[]> {
  const bad = row.slice();
  const fresh = `${row[0]!.split('-')[0]}-9${pad(k, 7)}`;
  switch (k % 3) {
    case 0:
      bad[0] = fresh;
      bad[14] = corruptDate(bad[14]!);
      return { row: bad, field: 'start_date', reason: 'invalid-date' };
    case 1:
      bad[0] = fresh;
      bad[20] = printIban(corruptIban(bad[20]!.replaceAll(' ', '')));
      return { row: bad, field: 'payee_iban', reason: 'invalid-iban' };
    default:
      bad[0] = '';
      return { row: bad, field: 'claim_ref', reason: 'missing-id' };
  }
}

function corruptPayment(row: string[], k: number): Corruption<string[]> {
  const bad = row.slice();
  const fresh = `BP9${pad(k, 9)}`;
  switch (k % 4) {
    case 0:
      bad[0] = fresh;
      bad[2] = corruptDate(bad[2]!);
      return { row: bad, field: 'paid_on', reason: 'invalid-date' };
    case 1:
      bad[0] = fresh;
      bad[3] = corruptAmount(bad[3]!);
      return { row: bad, field: 'amount', reason: 'invalid-amount' };
    case 2:
      bad[0] = '';
      return { row: bad, field: 'payment_id', reason: 'missing-id' };
    default:
      bad[0] = fresh;
      bad[6] = corruptIban(bad[6]!);
      return { row: bad, field: 'payee_iban', reason: 'invalid-iban' };
  }
}
