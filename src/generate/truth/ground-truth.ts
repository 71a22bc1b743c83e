/**
 * Ground truth for scoring (never loaded): planted networks and hard negatives with every member's
 * role and the natural identifiers the sources use, organisations, accounts, addresses, phones and
 * source-local references, plus the exact malformed rows. Format documented in LAYOUTS.md / README.
 */
import type { Phone } from '../ids/phone.ts';
import type { MalformedRow } from '../noise/malformed.ts';
import { oneLine } from '../world/addresses.ts';
import type { Account, Address, Organisation, Person } from '../world/types.ts';
import type { IdentityEntry, IdentityRecord } from './identities.ts';

export const VICTIM_ROLES = new Set(['victim']);

export interface MemberTruth {
  personId: string;
  role: string;
  /** True for persons to protect: never to be scored as offenders. */
  victim: boolean;
  name: string;
  birthDate: string;
  nationality: string;
  identifiers: {
    phones: string[];
    emails: string[];
    ibans: string[];
    bankCustomers: { mapping: string; customerNo: string }[];
    nino?: string;
    cnp?: string;
    documents: { type: string; number: string; country: string }[];
    addressIds: string[];
  };
  records: IdentityRecord[];
}

export interface GroupTruth {
  id: string;
  kind: 'network' | 'hard-negative';
  typology: string;
  /** Crime typologies combined in the network (empty for hard negatives). */
  typologies: string[];
  /** Indicator categories the network's evidence spans (THB, FINANCIAL, BENEFIT). */
  categories: string[];
  /** Indicator ids (indicators.md) the planted patterns are built to trigger. */
  indicators: string[];
  /** Hard negatives: the indicators they look like without being crime. */
  mimics: string[];
  size: number;
  members: MemberTruth[];
  organisations: { id: string; name: string; number: string; country: string; role: string; iban?: string }[];
  accounts: { iban: string; holder: string; bank: string; role: string }[];
  addresses: { id: string; line: string; postcode: string; town: string; country: string; role: string }[];
  phones: { e164: string; holder: string; role: string }[];
  refs: { mapping: string; id: string; what: string }[];
  linkedTo: string[];
  /**
   * Variants only (absent otherwise): infrastructure this group shares with others (`key` is the
   * same in every group sharing it; `id` the shared person, organisation or account).
   */
  shares?: { key: string; what: string; id: string }[];
  /** Variants only: background people who paid into the group (fraud victims), never members. */
  fraudVictims?: { personId: string; iban: string; payments: number }[];
}

export class GroupBuilder {
  readonly truth: GroupTruth;
  private persons = new Map<string, { person: Person; role: string }>();

  constructor(id: string, kind: GroupTruth['kind'], typology: string) {
    this.truth = {
      id,
      kind,
      typology,
      typologies: [],
      categories: [],
      indicators: [],
      mimics: [],
      size: 0,
      members: [],
      organisations: [],
      accounts: [],
      addresses: [],
      phones: [],
      refs: [],
      linkedTo: [],
    };
  }

  member(person: Person, role: string): Person {
    if (!this.persons.has(person.id)) this.persons.set(person.id, { person, role });
    if (person.account)
      this.account(person.account, role === 'victim' ? 'victim-account' : `${role}-account`);
    if (person.phone) this.phone(person.phone, person.id, role);
    this.address(person.address, 'residence');
    return person;
  }

  has(person: Person): boolean {
    return this.persons.has(person.id);
  }

  org(org: Organisation, role: string): void {
    if (this.truth.organisations.some((o) => o.id === org.id)) return;
    const entry: GroupTruth['organisations'][number] = {
      id: org.id,
      name: org.name,
      number: org.number,
      country: org.country,
      role,
    };
    if (org.account) {
      entry.iban = org.account.iban;
      this.account(org.account, `${role}-account`);
    }
    this.truth.organisations.push(entry);
    this.address(org.address, 'business');
  }

  account(account: Account, role: string): void {
    if (this.truth.accounts.some((a) => a.iban === account.iban)) return;
    const holder = account.holder.kind === 'person' ? account.holder.person.id : account.holder.org.id;
    this.truth.accounts.push({ iban: account.iban, holder, bank: account.bankName, role });
  }

  address(address: Address, role: string): void {
    if (this.truth.addresses.some((a) => a.id === address.id)) return;
    this.truth.addresses.push({
      id: address.id,
      line: oneLine(address),
      postcode: address.postcode,
      town: address.town,
      country: address.country,
      role,
    });
  }

  phone(phone: Phone, holder: string, role: string): void {
    if (this.truth.phones.some((p) => p.e164 === phone.e164 && p.holder === holder)) return;
    this.truth.phones.push({ e164: phone.e164, holder, role });
  }

  /** Record infrastructure shared with other groups (the `shared-infra` variant). */
  share(key: string, what: string, id: string): void {
    this.truth.shares ??= [];
    if (!this.truth.shares.some((x) => x.key === key)) this.truth.shares.push({ key, what, id });
  }

  ref(mapping: string, id: string, what: string): void {
    this.truth.refs.push({ mapping, id, what });
  }

  /** Finish: attach each member's source records (from the identity log) and identifiers. */
  finish(entries: readonly IdentityEntry[]): GroupTruth {
    const records = new Map(entries.map((e) => [e.person.id, e.records]));
    for (const { person, role } of this.persons.values()) {
      const ibans = this.truth.accounts.filter((a) => a.holder === person.id).map((a) => a.iban);
      const bankCustomers: MemberTruth['identifiers']['bankCustomers'] = [];
      if (person.account?.customerNo)
        bankCustomers.push({
          mapping: person.account.bank === 'A' ? 'bank-a' : 'bank-b',
          customerNo: person.account.customerNo,
        });
      const identifiers: MemberTruth['identifiers'] = {
        phones: person.phone ? [person.phone.e164] : [],
        emails: person.email ? [person.email] : [],
        ibans,
        bankCustomers,
        documents: person.documents.map((d) => ({ ...d })),
        addressIds: [person.address.id],
      };
      if (person.nino) identifiers.nino = person.nino;
      if (person.cnp) identifiers.cnp = person.cnp;
      this.truth.members.push({
        personId: person.id,
        role,
        victim: VICTIM_ROLES.has(role),
        name: [person.given, person.middle, person.family]
          .filter(Boolean)
          .map((n) => n!.split('|')[0])
          .join(' '),
        birthDate: person.birthDate,
        nationality: person.nationality,
        identifiers,
        records: records.get(person.id) ?? [],
      });
    }
    this.truth.size = this.truth.members.length;
    return this.truth;
  }

  personIds(): Set<string> {
    return new Set(this.persons.keys());
  }
}

export interface GroundTruth {
  format: 'skein-ground-truth/1';
  generator: Record<string, unknown>;
  period: { from: string; to: string };
  truncated: boolean;
  networks: GroupTruth[];
  hardNegatives: GroupTruth[];
  malformed: MalformedRow[];
  identities: { file: string | null; persons: number; duplicates: number };
}
