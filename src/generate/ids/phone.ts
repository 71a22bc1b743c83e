/**
 * Mobile numbers valid for their country (checked against libphonenumber in the tests), unique per
 * (space, index), and the formats the sources write them in.
 */
import { pad, scramble } from './scramble.ts';

interface MobilePlan {
  callingCode: string;
  /** National significant number prefixes that libphonenumber accepts as mobile. */
  prefixes: readonly string[];
  /** Digits after the prefix. */
  rest: number;
  /** National trunk prefix ('0' for most). */
  trunk: string;
}

const range = (from: number, to: number, width = 3): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => pad(from + i, width));

export const MOBILE_PLANS: Record<string, MobilePlan> = {
  GB: {
    callingCode: '44',
    prefixes: [
      ...range(740, 744),
      ...range(746, 749),
      '751',
      ...range(753, 759),
      ...range(771, 777),
      '780',
      '781',
      ...range(784, 789),
      '790',
      '792',
      ...range(794, 799),
    ],
    rest: 7,
    trunk: '0',
  },
  NL: { callingCode: '31', prefixes: ['61', '62', '63', '64', '65'], rest: 7, trunk: '0' },
  RO: {
    callingCode: '40',
    prefixes: [...range(720, 729), ...range(740, 749), ...range(751, 758), ...range(760, 769)],
    rest: 6,
    trunk: '0',
  },
  PL: {
    callingCode: '48',
    prefixes: [
      '500',
      '501',
      '502',
      '510',
      '511',
      '530',
      '570',
      '600',
      '601',
      '660',
      '690',
      '720',
      '730',
      '780',
      '790',
      '880',
    ],
    rest: 6,
    trunk: '',
  },
  BG: { callingCode: '359', prefixes: ['87', '88', '89'], rest: 7, trunk: '0' },
  AL: {
    callingCode: '355',
    prefixes: ['672', '675', '678', '682', '686', '692', '694', '697'],
    rest: 6,
    trunk: '0',
  },
  VN: { callingCode: '84', prefixes: ['90', '91', '93', '94', '96', '97', '98'], rest: 7, trunk: '0' },
  UA: {
    callingCode: '380',
    prefixes: ['50', '63', '66', '67', '68', '73', '93', '96', '97', '98'],
    rest: 7,
    trunk: '0',
  },
};

/** Id spaces so background, planted and abroad phones never collide (index < 5e6 per space). */
export const PHONE_SPACES = { person: 0, planted: 1, abroad: 2, org: 3, prepaid: 4 } as const;
export type PhoneSpace = keyof typeof PHONE_SPACES;

export interface Phone {
  /** E.164 `+447400123456`. */
  e164: string;
  country: string;
}

export function mobile(country: string, space: PhoneSpace, index: number): Phone {
  const plan = MOBILE_PLANS[country];
  if (!plan) throw new Error(`generate/phone: no mobile plan for ${country}; add one to MOBILE_PLANS`);
  const restSpace = 10 ** plan.rest;
  const total = plan.prefixes.length * restSpace;
  const slot = scramble((PHONE_SPACES[space] * 5_000_000 + index) % total, total, 3);
  const prefix = plan.prefixes[Math.floor(slot / restSpace)]!;
  return { e164: `+${plan.callingCode}${prefix}${pad(slot % restSpace, plan.rest)}`, country };
}

function parts(phone: Phone): { cc: string; nsn: string; trunk: string } {
  const plan = MOBILE_PLANS[phone.country]!;
  return { cc: plan.callingCode, nsn: phone.e164.slice(1 + plan.callingCode.length), trunk: plan.trunk };
}

export type PhoneStyle =
  | 'e164' // +447400123456
  | 'digits' // 447400123456
  | 'intl00' // 00447400123456
  | 'intlSpaced' // +44 7400 123456
  | 'national' // 07400 123456 / 0721 234 567 / 06-12345678
  | 'nationalCompact' // 07400123456
  | 'nationalSpaced'; // 07400 123 456

export function formatPhone(phone: Phone, style: PhoneStyle): string {
  const { cc, nsn, trunk } = parts(phone);
  switch (style) {
    case 'e164':
      return phone.e164;
    case 'digits':
      return `${cc}${nsn}`;
    case 'intl00':
      return `00${cc}${nsn}`;
    case 'intlSpaced':
      return `+${cc} ${group(phone.country, nsn)}`;
    case 'nationalCompact':
      return `${trunk}${nsn}`;
    case 'national':
      if (phone.country === 'NL') return `0${nsn.slice(0, 1)}-${nsn.slice(1)}`;
      if (phone.country === 'GB') return `0${nsn.slice(0, 4)} ${nsn.slice(4)}`;
      return `${trunk}${group(phone.country, nsn)}`;
    case 'nationalSpaced':
      if (phone.country === 'GB') return `0${nsn.slice(0, 4)} ${nsn.slice(4, 7)} ${nsn.slice(7)}`;
      return `${trunk}${group(phone.country, nsn)}`;
  }
}

function group(country: string, nsn: string): string {
  if (country === 'GB') return `${nsn.slice(0, 4)} ${nsn.slice(4)}`;
  if (country === 'NL') return `${nsn.slice(0, 1)} ${nsn.slice(1)}`;
  return nsn.replace(/(\d{3})(?=\d{3})/g, '$1 ');
}

/** How a GB subscriber dials: domestic numbers nationally, foreign ones with 00. */
export function dialledFrom(home: string, phone: Phone): string {
  return phone.country === home ? formatPhone(phone, 'nationalCompact') : formatPhone(phone, 'intl00');
}

/** A 15-digit IMEI with a valid Luhn check digit. */
export function imei(index: number, space = 0): string {
  const body = `35${pad(scramble((space * 10_000_000 + index) % 1e12, 1e12, 5), 12)}`;
  return body + luhnDigit(body);
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
