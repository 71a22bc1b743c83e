/** Identity document numbers in each issuer's shape, unique per (kind, index). */
import { pad, scramble } from './scramble.ts';

export type DocumentType = 'passport' | 'id-card' | 'residence-permit';

export interface IdentityDocument {
  type: DocumentType;
  number: string;
  country: string;
}

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

function letters(value: number, count: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < count; i++) {
    out = LETTERS[v % LETTERS.length] + out;
    v = Math.floor(v / LETTERS.length);
  }
  return out;
}

/** Passport number as the issuing country formats it. */
export function passportNumber(country: string, index: number): string {
  const n = scramble(index % 1e7, 1e7, 17);
  switch (country) {
    case 'RO':
      return `05${pad(n, 7)}`;
    case 'GB':
      return `5${pad(scramble(index % 1e8, 1e8, 19), 8)}`;
    case 'NL':
      return `N${letters(n, 2)}${pad(n % 1e5, 5)}${n % 10}`;
    case 'PL':
      return `E${letters(n, 1)}${pad(n, 7)}`;
    case 'AL':
      return `BA${pad(n, 7)}`;
    case 'VN':
      return `C${pad(n, 7)}`;
    case 'UA':
      return `F${letters(n, 1)}${pad(n % 1e6, 6)}`;
    default:
      return pad(scramble(index % 1e9, 1e9, 23), 9);
  }
}

/** National identity card number (RO series + number, PL three letters + six digits...). */
export function idCardNumber(country: string, index: number): string {
  const n = scramble(index % 1e6, 1e6, 29);
  switch (country) {
    case 'RO':
      return `${['RX', 'RT', 'XV', 'IS', 'CJ', 'KZ'][index % 6]}${pad(n, 6)}`;
    case 'PL':
      return `${letters(index, 3)}${pad(n, 6)}`;
    case 'BG':
      return `64${pad(n, 7)}`;
    case 'NL':
      return `I${letters(n, 2)}${pad(n % 1e5, 5)}${n % 10}`;
    default:
      return `${letters(index, 2)}${pad(n, 7)}`;
  }
}

/** GB biometric residence permit number. */
export function residencePermitNumber(index: number): string {
  return `Z${letters(index % 529, 1)}${pad(scramble(index % 1e7, 1e7, 31), 7)}`;
}

const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';

/** UK National Insurance number `AB123456C` (valid prefixes, never the `QQ` example prefix). */
export function nino(index: number): string {
  const n = scramble(index % 1e6, 1e6, 37);
  const block = Math.floor(index / 1e6);
  let first = NINO_FIRST[(block * 7 + (index % 20)) % NINO_FIRST.length]!;
  let second = NINO_SECOND[(block * 3 + Math.floor(index / 20)) % NINO_SECOND.length]!;
  const prefix = first + second;
  if (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ', 'OO'].includes(prefix) || second === 'O') {
    first = 'J';
    second = 'W';
  }
  return `${first}${second}${pad(n, 6)}${'ABCD'[index % 4]}`;
}

/** `QQ 12 34 56 C`: the spaced form some forms print. */
export function spacedNino(value: string): string {
  return `${value.slice(0, 2)} ${value.slice(2, 4)} ${value.slice(4, 6)} ${value.slice(6, 8)} ${value.slice(8)}`;
}

/** Romanian personal numeric code (CNP) with its check digit. */
export function romanianCnp(gender: 'M' | 'F', birthDate: string, index: number): string {
  const year = Number(birthDate.slice(0, 4));
  const sex = year >= 2000 ? (gender === 'M' ? 5 : 6) : gender === 'M' ? 1 : 2;
  const county = pad((index % 46) + 1, 2);
  const serial = pad(scramble(index % 1000, 1000, 41), 3);
  const body = `${sex}${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${county}${serial}`;
  const weights = '279146358279';
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (body.charCodeAt(i) - 48) * (weights.charCodeAt(i) - 48);
  const check = sum % 11 === 10 ? 1 : sum % 11;
  return `${body}${check}`;
}
