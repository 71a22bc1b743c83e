/** Bank accounts: the two extract banks (A: Albion, GB; B: Polderbank, NL) and all the others (X). */
import { ACCOUNT_SPACES, type AccountSpace, gbAccount, nlAccount, roAccount } from '../ids/iban.ts';
import { pad, scramble } from '../ids/scramble.ts';
import { hashFor } from '../rng.ts';
import { addDays } from './calendar.ts';
import { upper } from './text.ts';
import type { Account, Bank, Holder } from './types.ts';

export const BANK_A = { code: 'ALBN', sortPrefix: '20', name: 'Albion Bank plc', bic: 'ALBNGB2L' };
export const BANK_B = { code: 'PLDR', name: 'Polderbank N.V.', bic: 'PLDRNL2A' };
const OTHER_GB = [
  { code: 'WSXB', sortPrefix: '30', name: 'Wessex Building Society' },
  { code: 'NRTH', sortPrefix: '40', name: 'Northern Counties Bank' },
  { code: 'CRWN', sortPrefix: '60', name: 'Crown Street Bank' },
];
const OTHER_NL = [
  { code: 'DIJK', name: 'Dijkbank' },
  { code: 'TULP', name: 'Tulpbank' },
];
export const RO_BANKS = [
  { code: 'CRPB', name: 'Banca Carpatica' },
  { code: 'DANB', name: 'Banca Dunarea' },
];

export interface AccountRequest {
  holder: Holder;
  /** Country of the account. */
  country: 'GB' | 'NL' | 'RO';
  bank: Bank;
  space: AccountSpace;
  index: number;
  /** Opening date; default: seeded, 1-15 years before `before`. */
  opened?: string;
  before: string;
  branchTown: string;
  online?: boolean;
  seed: number;
}

export function customerNumber(bank: 'A' | 'B', space: AccountSpace, index: number): string {
  const slot = scramble((ACCOUNT_SPACES[space] * 10_000_000 + index) % 1e8, 1e8, bank === 'A' ? 71 : 73);
  return bank === 'A' ? `C${pad(slot, 8)}` : `7${pad(slot, 8)}`;
}

export function openAccount(request: AccountRequest): Account {
  const { holder, country, bank, space, index, seed } = request;
  const h = hashFor(seed, 'account', space, index);
  const opened = request.opened ?? addDays(request.before, -(365 + (h % (14 * 365))));
  let number: { iban: string; sortCode?: string; accountNumber: string };
  let bankName: string;
  if (bank === 'A') {
    number = gbAccount(BANK_A.code, BANK_A.sortPrefix, space, index);
    bankName = BANK_A.name;
  } else if (bank === 'B') {
    number = nlAccount(BANK_B.code, space, index);
    bankName = BANK_B.name;
  } else if (country === 'GB') {
    const other = OTHER_GB[h % OTHER_GB.length]!;
    number = gbAccount(other.code, other.sortPrefix, space, index);
    bankName = other.name;
  } else if (country === 'NL') {
    const other = OTHER_NL[h % OTHER_NL.length]!;
    number = nlAccount(other.code, space, index);
    bankName = other.name;
  } else {
    const other = RO_BANKS[h % RO_BANKS.length]!;
    number = roAccount(other.code, space, index);
    bankName = other.name;
  }
  const online = request.online ?? (h >>> 8) % 10 < 3;
  const branch = online
    ? bank === 'B'
      ? 'Online'
      : 'ONLINE'
    : bank === 'B'
      ? `${request.branchTown} Centrum`
      : `${upper(request.branchTown)} ${['HIGH STREET', 'CENTRAL', 'MARKET SQUARE'][(h >>> 12) % 3]}`;
  const account: Account = {
    iban: number.iban,
    bank,
    bankName,
    accountNumber: number.accountNumber,
    holder,
    opened,
    branch,
    currency: country === 'GB' ? 'GBP' : country === 'NL' ? 'EUR' : 'RON',
  };
  if (number.sortCode) account.sortCode = number.sortCode;
  if (bank === 'A' || bank === 'B') account.customerNo = customerNumber(bank, space, index);
  if (holder.kind === 'person') {
    if (holder.person.phone) account.kycPhone = holder.person.phone;
    account.kycAddress = holder.person.address;
  } else account.kycAddress = holder.org.address;
  return account;
}
