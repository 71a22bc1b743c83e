/** The normalisers: each turns one raw value into a clean value or a reason it is invalid. */
export { type AmountOptions, type NormalisedAmount, normaliseAmount } from './amount.ts';
export { countryName, normaliseCountry } from './country.ts';
export {
  type CompiledDateFormat,
  compileDateFormat,
  DATE_DEFAULTS,
  type DateOptions,
  normaliseDate,
  normaliseDateTime,
} from './date.ts';
export { normaliseEmail } from './email.ts';
export { foldText } from './fold.ts';
export { type NormalisedIban, normaliseIban } from './iban.ts';
export { type NormalisedName, nameKey, normaliseName, normaliseNameParts } from './name.ts';
export { type NormalisedPhone, normalisePhone, type PhoneOptions } from './phone.ts';
export { invalid, type Normalised, ok } from './result.ts';
