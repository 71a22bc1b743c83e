/**
 * IBANs to the validated electronic form ("DE89370400440532013000"), the natural key of an Account.
 * A wrong checksum is rejected, never repaired: a mistyped IBAN is a different (or no) account.
 */
import { extractIBAN, ValidationErrorsIBAN, validateIBAN } from 'ibantools';
import { invalid, type Normalised, ok } from './result.ts';

export interface NormalisedIban {
  /** Electronic form: upper case, no spaces. */
  iban: string;
  /** ISO 3166-1 alpha-2 country of the account's bank. */
  country: string;
  /** The national account number inside the IBAN. */
  bban: string;
  /** The bank identifier inside the BBAN, where the country's IBAN format defines one. */
  bank?: string;
}

const REASONS: Record<ValidationErrorsIBAN, string> = {
  [ValidationErrorsIBAN.NoIBANProvided]: 'is empty',
  [ValidationErrorsIBAN.NoIBANCountry]: 'does not start with a country that issues IBANs',
  [ValidationErrorsIBAN.WrongBBANLength]: 'has the wrong length for its country',
  [ValidationErrorsIBAN.WrongBBANFormat]: "does not match its country's account number format",
  [ValidationErrorsIBAN.ChecksumNotNumber]: 'has check digits (characters 3-4) that are not numbers',
  [ValidationErrorsIBAN.WrongIBANChecksum]: 'fails the IBAN checksum (mod 97): a digit is wrong or swapped',
  [ValidationErrorsIBAN.WrongAccountBankBranchChecksum]: "fails its country's national account checksum",
  [ValidationErrorsIBAN.QRIBANNotAllowed]: 'is a QR-IBAN, which is not allowed here',
};

/** Validates an IBAN written in paper ("DE89 3704 0044 …", "IBAN: DE89…") or electronic form. */
export function normaliseIban(input: string): Normalised<NormalisedIban> {
  const text = input.trim();
  const withoutLabel = text.replace(/^IBAN:?\s*/i, '');
  // Paper form groups by spaces (sometimes dashes or dots); anything else is not part of an IBAN.
  const iban = withoutLabel.replace(/[\s\-.\u00A0]/g, '').toUpperCase();
  if (iban.length === 0) return invalid('iban: empty');
  if (!/^[A-Z]{2}[0-9A-Z]+$/.test(iban)) {
    return invalid(`iban: "${text}" must be two letters then letters and digits`);
  }
  const result = validateIBAN(iban, { allowQRIBAN: true });
  if (!result.valid) {
    const reasons = result.errorCodes.map((code) => REASONS[code] ?? `fails check ${code}`);
    return invalid(`iban: "${text}" ${reasons.join('; ')}`);
  }
  const parts = extractIBAN(iban);
  if (parts.countryCode === undefined || parts.bban === undefined) {
    return invalid(`iban: "${text}" could not be split into country and account number`);
  }
  const value: NormalisedIban = { iban, country: parts.countryCode, bban: parts.bban };
  if (parts.bankIdentifier) value.bank = parts.bankIdentifier;
  return ok(value);
}
