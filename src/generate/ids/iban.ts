/** IBANs with correct mod-97 check digits, in the layouts each country uses. */
import { pad, scramble } from './scramble.ts';

/** ISO 13616 check digits for a country code and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.toUpperCase();
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return pad(98 - remainder, 2);
}

export function makeIban(country: string, bban: string): string {
  return `${country}${ibanCheckDigits(country, bban)}${bban}`;
}

export function isValidIbanChecksum(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  return compact.length > 4 && ibanCheckDigits(compact.slice(0, 2), compact.slice(4)) === compact.slice(2, 4);
}

/** `GB38 ALBN 2030 4012 3456 78`: the printed form. */
export function printIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A valid IBAN with its check digits deliberately wrong (for malformed rows). */
export function corruptIban(iban: string): string {
  const digits = Number(iban.slice(2, 4));
  const wrong = pad(((digits + 37) % 97) + 2, 2);
  return `${iban.slice(0, 2)}${wrong === iban.slice(2, 4) ? pad((digits + 1) % 97 || 2, 2) : wrong}${iban.slice(4)}`;
}

/** Id spaces so person, organisation and planted accounts never collide. */
export const ACCOUNT_SPACES = { person: 1, org: 2, planted: 3, landlord: 4, abroad: 5, system: 6 } as const;
export type AccountSpace = keyof typeof ACCOUNT_SPACES;

export interface BankAccountNumber {
  iban: string;
  /** GB only. */
  sortCode?: string;
  accountNumber: string;
}

/** A GB account at a bank: sort code encodes the id space, the account number scrambles the index. */
export function gbAccount(
  bankCode: string,
  sortPrefix: string,
  space: AccountSpace,
  index: number,
): BankAccountNumber {
  const ns = ACCOUNT_SPACES[space];
  const high = Math.floor(index / 1e8);
  const accountNumber = pad(scramble(index % 1e8, 1e8, ns), 8);
  const sortCode = `${sortPrefix}${pad(ns * 10 + (high % 10), 2)}${pad((ns * 37 + high) % 100, 2)}`;
  return {
    iban: makeIban('GB', `${bankCode}${sortCode}${accountNumber}`),
    sortCode: `${sortCode.slice(0, 2)}-${sortCode.slice(2, 4)}-${sortCode.slice(4, 6)}`,
    accountNumber,
  };
}

export function nlAccount(bankCode: string, space: AccountSpace, index: number): BankAccountNumber {
  const accountNumber = `${ACCOUNT_SPACES[space]}${pad(scramble(index % 1e9, 1e9, ACCOUNT_SPACES[space]), 9)}`;
  return { iban: makeIban('NL', `${bankCode}${accountNumber}`), accountNumber };
}

export function roAccount(bankCode: string, space: AccountSpace, index: number): BankAccountNumber {
  const accountNumber = `0000${pad(ACCOUNT_SPACES[space], 2)}${pad(scramble(index % 1e10, 1e10, 11), 10)}`;
  return { iban: makeIban('RO', `${bankCode}${accountNumber}`), accountNumber };
}
