/** The world's entities as the generator knows them (the truth), before any source renders them. */
import type { IdentityDocument } from '../ids/documents.ts';
import type { Phone } from '../ids/phone.ts';
import type { Origin } from '../pools/names.ts';

export type Bank = 'A' | 'B' | 'X';

export interface Address {
  /** Ground-truth address id (`ADR-...`). */
  id: string;
  flat?: string;
  number: string;
  street: string;
  town: string;
  postcode: string;
  country: string;
}

export interface Person {
  /** Ground-truth identity `P0000123`. */
  id: string;
  index: number;
  origin: Origin;
  gender: 'M' | 'F';
  /** Pool entries (`A|B` alternatives allowed); canonical spelling first. */
  given: string;
  middle?: string;
  family: string;
  birthDate: string;
  nationality: string;
  address: Address;
  phone?: Phone;
  email?: string;
  imei?: string;
  nino?: string;
  documents: IdentityDocument[];
  /** RO nationals: personal numeric code. */
  cnp?: string;
  account?: Account;
  telco: boolean;
  /** Noise level for this person's records (0..1): planted persons hide more. */
  noise: number;
  /** A married woman's family name before marriage (pool entry): older documents still carry it. */
  maiden?: string;
  /** People this person must never be merged with: a son of one name, a twin. */
  lookAlikes?: { personId: string; kind: LookAlikeKind }[];
}

export type LookAlikeKind = 'father-son' | 'twins';

export interface Organisation {
  id: string;
  name: string;
  /** Registry number (GB 8 chars, RO `J40/...`). */
  number: string;
  country: string;
  kind: 'company' | 'agency' | 'landlord' | 'charity' | 'public-body' | 'bureau' | 'merchant';
  address: Address;
  sic: string;
  incorporated: string;
  account?: Account;
}

export type Holder = { kind: 'person'; person: Person } | { kind: 'org'; org: Organisation };

export interface Account {
  iban: string;
  bank: Bank;
  bankName: string;
  sortCode?: string;
  accountNumber: string;
  holder: Holder;
  /** Bank customer number (banks A and B). */
  customerNo?: string;
  opened: string;
  branch: string;
  /** Contact phone recorded at opening (may be another person's: escorted openings). */
  kycPhone?: Phone;
  kycAddress?: Address;
  currency: 'GBP' | 'EUR' | 'RON';
}

/** The far side of a payment that is not an account: a shop, a cash machine. */
export interface Merchantish {
  kind: 'merchant' | 'cash';
  name: string;
  town: string;
}

export type Party = Account | Merchantish;

export function isAccount(party: Party): party is Account {
  return (party as Account).iban !== undefined;
}

export type TxnKind =
  | 'transfer'
  | 'wage'
  | 'benefit'
  | 'rent'
  | 'card'
  | 'direct-debit'
  | 'atm'
  | 'cash-deposit'
  | 'bulk'
  | 'booking'
  | 'remittance';

export interface Txn {
  date: string;
  /** Seconds since midnight local. */
  time: number;
  from: Party;
  to: Party;
  amount: number;
  currency: 'GBP' | 'EUR';
  kind: TxnKind;
  /** Remittance text / reference. */
  reference: string;
  /** Lets malformed-row injection pick this row (background only). */
  mayCorrupt?: boolean;
}

export function holderName(account: Account): string {
  return account.holder.kind === 'org' ? account.holder.org.name : account.holder.person.id;
}
