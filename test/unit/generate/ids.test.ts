import * as ibantools from 'ibantools';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { nino, romanianCnp } from '../../../src/generate/ids/documents.ts';
import {
  corruptIban,
  gbAccount,
  isValidIbanChecksum,
  nlAccount,
  printIban,
  roAccount,
} from '../../../src/generate/ids/iban.ts';
import { formatPhone, MOBILE_PLANS, mobile } from '../../../src/generate/ids/phone.ts';
import { pad, scramble, unscramble } from '../../../src/generate/ids/scramble.ts';
import { Rng, rngFor } from '../../../src/generate/rng.ts';

describe('generate: identifiers', () => {
  it('makes IBANs with correct mod-97 check digits, and corrupts them detectably', () => {
    for (let i = 0; i < 2000; i += 7) {
      for (const iban of [
        gbAccount('ALBN', '20', 'person', i).iban,
        nlAccount('PLDR', 'planted', i * 13).iban,
        roAccount('CRPB', 'abroad', i * 101).iban,
      ]) {
        expect(ibantools.isValidIBAN(iban), iban).toBe(true);
        expect(isValidIbanChecksum(corruptIban(iban))).toBe(false);
        expect(ibantools.isValidIBAN(corruptIban(iban))).toBe(false);
      }
    }
    expect(printIban('GB38ALBN20304012345678')).toBe('GB38 ALBN 2030 4012 3456 78');
  });

  it('makes mobile numbers libphonenumber accepts, unique per index, in every format', () => {
    for (const country of Object.keys(MOBILE_PLANS)) {
      const seen = new Set<string>();
      for (let i = 0; i < 3000; i += 3) {
        const phone = mobile(country, i % 2 ? 'person' : 'planted', i);
        const parsed = parsePhoneNumberFromString(phone.e164);
        expect(parsed?.isValid(), phone.e164).toBe(true);
        expect(parsed?.country).toBe(country);
        seen.add(phone.e164);
        for (const style of [
          'national',
          'nationalSpaced',
          'intlSpaced',
          'intl00',
          'nationalCompact',
        ] as const) {
          const text = formatPhone(phone, style);
          const reparsed = parsePhoneNumberFromString(
            text.startsWith('00') ? `+${text.slice(2)}` : text,
            country as 'GB',
          );
          expect(reparsed?.number, `${country} ${style} ${text}`).toBe(phone.e164);
        }
      }
      expect(seen.size).toBe(1000);
    }
  });

  it('scrambles indexes bijectively and can invert it', () => {
    const space = 997 * 4;
    const values = new Set<number>();
    for (let i = 0; i < space; i++) {
      const v = scramble(i, space, 61);
      values.add(v);
      expect(unscramble(v, space, 61)).toBe(i);
    }
    expect(values.size).toBe(space);
  });

  it('inverts the scramble in large id spaces too (exact arithmetic above 2^26)', () => {
    for (const space of [2 ** 26 + 3, 1e9]) {
      for (let i = 0; i < 2000; i++) {
        const index = Math.floor((i * 2_654_435_761) % space);
        expect(unscramble(scramble(index, space, 7), space, 7)).toBe(index);
      }
    }
  });

  it('zero-pads like padStart, leaving longer values whole', () => {
    for (const [value, width] of [
      [0, 1],
      [7, 4],
      [12345, 3],
      [123, 3],
      [42, 20],
      [-5, 4],
    ] as const)
      expect(pad(value, width)).toBe(String(value).padStart(width, '0'));
  });

  it('makes valid-looking NI numbers and Romanian personal codes with their check digit', () => {
    for (let i = 0; i < 5000; i += 17)
      expect(nino(i)).toMatch(/^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/);
    const cnp = romanianCnp('M', '1990-05-12', 42);
    expect(cnp).toMatch(/^1900512\d{6}$/);
    const weights = '279146358279';
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += Number(cnp[i]) * Number(weights[i]);
    expect(Number(cnp[12])).toBe(sum % 11 === 10 ? 1 : sum % 11);
  });

  it('draws the same numbers for the same seed and key path, different ones otherwise', () => {
    const a = rngFor(7, 'person', 1);
    const b = rngFor(7, 'person', 1);
    const c = rngFor(7, 'person', 2);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
    const rng = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += rng.next();
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});
