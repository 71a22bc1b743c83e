/**
 * Phone numbers to E.164 ("+447911123456"), the natural key of a Phone node: the same line written
 * "07911 123456", "+44 (0)7911-123456" or "0044 7911 123456" must become one node.
 * Validation uses libphonenumber's full metadata (`libphonenumber-js/max`: number ranges per
 * country, not only lengths), so the caller can tell an allocated number from one that merely has
 * the right length. Phone-like strings that are neither (fictional numbers, short codes, malformed
 * exports) can be kept as raw numbers (`normaliseRawPhone`): their digits, never an invented E.164.
 */
import {
  type CountryCode,
  isSupportedCountry,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import { invalid, type Normalised, ok } from './result.ts';

export interface PhoneOptions {
  /** ISO 3166-1 alpha-2 country for numbers written in national format ("0721 234 567" with 'RO'). */
  defaultCountry?: string;
  /**
   * 'valid' (default): the number must lie in a range allocated in its country.
   * 'possible': only its length must fit the country; for new ranges the metadata does not know yet,
   * and for synthetic data using fictional ranges (UK 07700 900xxx).
   */
  validate?: 'valid' | 'possible';
}

export interface NormalisedPhone {
  /** E.164: "+" then country calling code and national number, digits only. */
  e164: string;
  /** ISO 3166-1 alpha-2 country the number belongs to; absent for non-geographic numbers (+800, +882). */
  country?: string;
}

/** Formatting people put in phone numbers; anything else (letters, extensions) is rejected. */
const FORMATTING = /[\s\-./()\u00A0\u2010-\u2015]/g;

/** Parses one phone number; a national-format number needs `defaultCountry`. */
export function normalisePhone(input: string, options: PhoneOptions = {}): Normalised<NormalisedPhone> {
  const defaultCountry = checkCountry(options.defaultCountry);
  const text = input.trim();
  if (text.length === 0) return invalid('phone: empty');
  // "+44 (0)20 …": the "(0)" is the national trunk prefix shown for domestic callers, never dialled after +.
  const compact = text.replace(/\(0\)/g, '').replace(FORMATTING, '');
  if (!/^\+?\d+$/.test(compact))
    return invalid(`phone: "${text}" contains characters other than digits and + ( ) - . /`);
  const digits = compact.replace('+', '');
  if (digits.length < 4 || digits.length > 17) return invalid(`phone: "${text}" has ${digits.length} digits`);

  const candidates: string[] = [];
  if (compact.startsWith('+')) candidates.push(compact);
  else if (defaultCountry !== undefined) {
    // The country's own rules first (they know its international prefix: 00, 011, 0011…), then "00" as "+".
    candidates.push(compact);
    if (compact.startsWith('00')) candidates.push(`+${compact.slice(2)}`);
  } else if (compact.startsWith('00')) candidates.push(`+${compact.slice(2)}`);
  else return invalid(`phone: "${text}" is in national format; pass defaultCountry (e.g. 'GB') to read it`);

  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
    if (parsed === undefined) continue;
    const accepted = parsed.isValid() || (options.validate === 'possible' && isPlausible(parsed));
    if (!accepted) continue;
    const country =
      parsed.country ?? (candidate === compact && !compact.startsWith('+') ? defaultCountry : undefined);
    return ok(country === undefined ? { e164: parsed.number } : { e164: parsed.number, country });
  }
  const where = defaultCountry !== undefined && !compact.startsWith('+') ? ` for ${defaultCountry}` : '';
  const hint =
    options.validate === 'possible' ? '' : " (pass validate: 'possible' to accept unallocated ranges)";
  return invalid(`phone: "${text}" is not a valid number${where}${hint}`);
}

/**
 * How trustworthy a stored Phone key is, judged from the key alone (so old graphs need no rewrite and
 * a newer metadata release re-judges them): 'valid' in an allocated range, 'possible' only the
 * right length for its country (new ranges the metadata does not know yet, fictional ranges), 'raw'
 * not an international number at all (kept as written digits).
 */
export type PhoneStatus = 'valid' | 'possible' | 'raw';

export function phoneStatus(number: string): PhoneStatus {
  if (!/^\+\d{4,17}$/.test(number)) return 'raw';
  const parsed = parsePhoneNumberFromString(number);
  if (parsed === undefined || parsed.number !== number) return 'raw';
  if (parsed.isValid()) return 'valid';
  return isPlausible(parsed) ? 'possible' : 'raw';
}

/**
 * The right length for its country, and not a national number that still starts with its trunk
 * "0": libphonenumber keeps the 0 when stripping it leaves no number it knows ("0771234" in GB
 * would become "+440771234", an E.164 no one can dial). Allocated numbers that do start with 0
 * (Italian fixed lines) are valid and never reach this test.
 */
function isPlausible(parsed: PhoneNumber): boolean {
  return parsed.isPossible() && !parsed.nationalNumber.startsWith('0');
}

export interface RawPhone {
  /** The key: the digits as written, with the leading "+" when written internationally ("+" or "00"). */
  number: string;
  /** Digits only, what a search for the number types. */
  digits: string;
}

/**
 * A phone-like string that is not a usable number, kept as written digits: "077-123 4" → "0771234",
 * "+44 1234" → "+441234". Only digits and phone formatting (+ ( ) - . / spaces) are accepted, with
 * 3 (short codes: 112, 999) to 17 digits; anything else (letters, extensions) is not a phone.
 * A raw key can equal an E.164 key only when it is "+" and the same digits, i.e. the same number.
 */
export function normaliseRawPhone(input: string): Normalised<RawPhone> {
  const text = input.trim();
  if (text.length === 0) return invalid('phone: empty');
  const compact = text.replace(/\(0\)/g, '').replace(FORMATTING, '');
  if (!/^\+?\d+$/.test(compact))
    return invalid(`phone: "${text}" contains characters other than digits and + ( ) - . /`);
  const international = compact.startsWith('+') || compact.startsWith('00');
  const digits = compact.startsWith('+')
    ? compact.slice(1)
    : compact.startsWith('00')
      ? compact.slice(2)
      : compact;
  if (digits.length < 3 || digits.length > 17) return invalid(`phone: "${text}" has ${digits.length} digits`);
  return ok({ number: international ? `+${digits}` : digits, digits });
}

function checkCountry(country: string | undefined): CountryCode | undefined {
  if (country === undefined) return undefined;
  const upper = country.toUpperCase();
  if (!isSupportedCountry(upper)) {
    throw new Error(
      `normalise/phone: defaultCountry "${country}" is not an ISO 3166-1 alpha-2 code with a phone plan`,
    );
  }
  return upper;
}
