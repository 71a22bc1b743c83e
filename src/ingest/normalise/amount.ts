/**
 * Money amounts as banks and spreadsheets export them ("€ 1.234,56", "(1,234.56)", "1 234,56 zł",
 * "12.00 DR", "USD -5", and scientific notation "5.689852347E7" from spreadsheets and statistical
 * tools) to { amount, currency }. What cannot be read one way is rejected with the
 * option that would settle it: "1,234" is 1234 or 1.234 depending on the file's decimal separator.
 */
import { invalid, type Normalised, ok } from './result.ts';

export interface AmountOptions {
  /**
   * The file's decimal separator, applied to every value. Without it each value is read as it shows
   * itself ("1.234.567,89", "1 234,56", "1'234.50"), and a value that could be either ("1,234")
   * takes `defaultDecimal`, else is rejected.
   */
  decimal?: '.' | ',';
  /** Only for values whose separator could be either, when `decimal` is not given. */
  defaultDecimal?: '.' | ',';
  /**
   * Thousands separators allowed; default: the other of '.'/',' plus space, no-break spaces and the
   * apostrophe (Swiss "1'234.50"). '' allows none.
   */
  thousands?: string;
  /** ISO 4217 currency of values that carry none, and the meaning of shared symbols ('$' → 'CAD'). */
  currency?: string;
}

export interface NormalisedAmount {
  /** Negative for debits: '-', '(…)', or a DR indicator. */
  amount: number;
  /** ISO 4217 code (or a common crypto-asset ticker), when the value or the options name one. */
  currency?: string;
}

/** ISO 4217 active codes, a few legacy European ones seen in old records, and common crypto-asset tickers. */
const CURRENCY_CODES = new Set(
  `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF
CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD
HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD
MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD
TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XDR XOF XPF YER ZAR ZMW ZWG ZWL
DEM FRF ITL ESP NLG BEF ATS PTE GRD IEP FIM LUF ROL BGL
BTC ETH USDT USDC XMR LTC`.split(/\s+/),
);

/** Symbols and local abbreviations; several currencies share '$', '¥' and 'kr', so those need options.currency. */
const SYMBOLS: Record<string, readonly string[]> = {
  '€': ['EUR'],
  '£': ['GBP'],
  '₽': ['RUB'],
  руб: ['RUB'],
  '₴': ['UAH'],
  грн: ['UAH'],
  '₺': ['TRY'],
  '₹': ['INR'],
  '₪': ['ILS'],
  '₩': ['KRW'],
  '₦': ['NGN'],
  '฿': ['THB'],
  '₫': ['VND'],
  '₱': ['PHP'],
  zł: ['PLN'],
  kč: ['CZK'],
  ft: ['HUF'],
  lei: ['RON', 'MDL'],
  лв: ['BGN'],
  din: ['RSD'],
  kn: ['HRK'],
  fr: ['CHF'],
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'ARS', 'CLP', 'COP', 'TWD', 'BSD', 'JMD', 'XCD'],
  us$: ['USD'],
  c$: ['CAD'],
  a$: ['AUD'],
  '¥': ['JPY', 'CNY'],
  '￥': ['JPY', 'CNY'],
  kr: ['SEK', 'NOK', 'DKK', 'ISK'],
};

const SPACES = /[\s\u00A0\u202F\u2007]+/g;
const MINUS = /[\u2212\u2012\u2013]/g;
// DR (debit) and CR (credit) before or after the number, not inside a code (CRC, IDR).
const SIGN_INDICATOR = /^(DR|CR)\.?(?![A-Za-z])\s*|\s*(?<![A-Za-z])(DR|CR)\.?$/i;
const CURRENCY_AT_START = /^(?:[A-Za-z]{3,4}(?![A-Za-z])|[^\d\s.,+\-()'’]{1,3}(?=[\s\d.,+\-(]|$))/;
const CURRENCY_AT_END = /(?:(?<![A-Za-z])[A-Za-z]{3,4}|(?<=[\s\d.,)])[^\d\s.,+\-()'’]{1,3})$/;
const MAX_DIGITS = 15;

/** Parses one amount; see AmountOptions for the decimal and currency rules. */
export function normaliseAmount(input: string, options: AmountOptions = {}): Normalised<NormalisedAmount> {
  const defaultCurrency = checkCurrencyOption(options.currency);
  const original = input.trim();
  if (original.length === 0) return invalid('amount: empty');
  let text = original.replace(SPACES, ' ').replace(MINUS, '-');
  const signs: string[] = [];
  const currencies: string[] = [];

  const indicator = SIGN_INDICATOR.exec(text);
  if (indicator !== null) {
    signs.push((indicator[1] ?? indicator[2] ?? '').toUpperCase() === 'DR' ? '-' : '+');
    text = text.replace(SIGN_INDICATOR, '').trim();
  }
  // Peel signs, parentheses and currency marks from both ends until only the number is left.
  for (let changed = true; changed; ) {
    changed = false;
    const before = text;
    if (text.startsWith('(') && text.endsWith(')')) {
      signs.push('-');
      text = text.slice(1, -1).trim();
    } else if (/^[-+]/.test(text)) {
      signs.push(text[0] ?? '');
      text = text.slice(1).trim();
    } else if (/[^\d.,]-$/.test(text) || /\d-$/.test(text)) {
      signs.push('-'); // SAP and mainframe exports put the minus last: "1.234,56-"
      text = text.slice(0, -1).trim();
    } else {
      const start = CURRENCY_AT_START.exec(text);
      const end = start === null ? CURRENCY_AT_END.exec(text) : null;
      const mark = start?.[0] ?? end?.[0];
      const rest =
        mark === undefined ? '' : start !== null ? text.slice(mark.length) : text.slice(0, -mark.length);
      if (mark !== undefined && rest.trim().length > 0) {
        currencies.push(mark);
        text = rest.trim();
      }
    }
    changed = text !== before && text.length > 0;
  }
  if (signs.length > 1) return invalid(`amount: "${original}" has more than one sign (${signs.join(' ')})`);
  if (currencies.length > 1) return invalid(`amount: "${original}" names more than one currency`);

  const currency = resolveCurrency(original, currencies[0], defaultCurrency);
  if (typeof currency === 'object') return currency;
  const number = parseNumber(original, text, options);
  if (typeof number === 'string') return invalid(number);
  const amount = signs[0] === '-' && number !== 0 ? -number : number;
  return ok(currency === undefined ? { amount } : { amount, currency });
}

function checkCurrencyOption(currency: string | undefined): string | undefined {
  if (currency === undefined) return undefined;
  const code = currency.toUpperCase();
  if (!CURRENCY_CODES.has(code)) {
    throw new Error(`normalise/amount: currency option "${currency}" is not an ISO 4217 code (e.g. 'EUR')`);
  }
  return code;
}

/** The currency a mark means: a code, an unambiguous symbol, or a shared symbol settled by the option. */
function resolveCurrency(
  original: string,
  mark: string | undefined,
  defaultCurrency: string | undefined,
): string | undefined | Normalised<never> {
  if (mark === undefined) return defaultCurrency;
  const code = mark.toUpperCase();
  if (/^[A-Z]{3,4}$/.test(code) && CURRENCY_CODES.has(code)) return code;
  const candidates = SYMBOLS[mark.toLowerCase()];
  if (candidates === undefined) return invalid(`amount: "${original}" has an unknown currency "${mark}"`);
  if (candidates.length === 1) return candidates[0];
  if (defaultCurrency !== undefined && candidates.includes(defaultCurrency)) return defaultCurrency;
  return invalid(
    `amount: "${original}" uses "${mark}", which can mean ${candidates.join(', ')}; pass the currency option`,
  );
}

/**
 * Scientific notation: a mantissa with at most one separator (the decimal point: nothing is grouped
 * in this notation, so "," and "." both read as decimal) and a signed exponent.
 */
const SCIENTIFIC = /^(\d+)(?:[.,](\d+))?[eE]([+-]?\d{1,3})$/;

function parseScientific(original: string, body: string): number | string {
  const [, integer = '', fraction = '', exponent = '0'] = SCIENTIFIC.exec(body) ?? [];
  if (integer.replace(/^0+/, '').length + fraction.length > MAX_DIGITS) {
    return `amount: "${original}" has more than ${MAX_DIGITS} digits, beyond exact arithmetic`;
  }
  const value = Number(`${integer}.${fraction || '0'}e${exponent}`);
  // Beyond 15 significant integer digits a double no longer holds every unit exactly.
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) {
    return `amount: "${original}" is beyond exact arithmetic (at most ${MAX_DIGITS} digits)`;
  }
  // "5.689852347E7" → 56898523.47: rounding to the mantissa's precision drops binary noise.
  const decimals = Math.max(0, fraction.length - Number(exponent));
  return decimals > 0 && decimals <= 20 ? Number(value.toFixed(decimals)) : value;
}

function parseNumber(original: string, body: string, options: AmountOptions): number | string {
  if (SCIENTIFIC.test(body)) return parseScientific(original, body);
  if (!/^[\d.,' ’]+$/.test(body) || !/\d/.test(body)) return `amount: "${original}" is not a number`;
  const decimal = options.decimal ?? inferDecimal(body) ?? options.defaultDecimal;
  if (decimal === undefined) {
    return `amount: "${original}" could use "," or "." as the decimal separator; set the decimal option (mapping defaults.decimal or the amount transform's decimal)`;
  }
  if (decimal !== '.' && decimal !== ',') {
    throw new Error(`normalise/amount: decimal option must be '.' or ',', got "${String(decimal)}"`);
  }
  const thousands = options.thousands ?? `${decimal === '.' ? ',' : '.'} '’`;
  const [integerPart = '', fraction, extra] = body.split(decimal);
  if (extra !== undefined) return `amount: "${original}" has more than one decimal separator "${decimal}"`;
  if (fraction !== undefined && !/^\d+$/.test(fraction)) {
    return `amount: "${original}" has separators after the decimal "${decimal}"`;
  }
  let integerDigits = integerPart;
  if (/\D/.test(integerPart)) {
    const separators = new Set(integerPart.replace(/\d/g, ''));
    const [separator] = separators;
    if (separators.size > 1 || separator === undefined || !thousands.includes(separator)) {
      return `amount: "${original}" has unexpected separators for decimal "${decimal}"`;
    }
    const groups = integerPart.split(separator);
    const [first = '', ...rest] = groups;
    if (!/^\d{1,3}$/.test(first) || !rest.every((group) => /^\d{3}$/.test(group))) {
      return `amount: "${original}" has thousands groups that are not three digits`;
    }
    integerDigits = groups.join('');
  }
  if (integerDigits.length === 0 && (fraction === undefined || fraction.length === 0)) {
    return `amount: "${original}" is not a number`;
  }
  if (integerDigits.length + (fraction?.length ?? 0) > MAX_DIGITS) {
    return `amount: "${original}" has more than ${MAX_DIGITS} digits, beyond exact arithmetic`;
  }
  return Number(`${integerDigits || '0'}.${fraction ?? '0'}`);
}

/**
 * The decimal separator one value shows unambiguously, or undefined: both present → the last one;
 * one repeated → it groups thousands; one once, after 1-3 digits (not a lone 0) and before exactly
 * three digits → could be either.
 */
function inferDecimal(body: string): '.' | ',' | undefined {
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const at = Math.max(lastDot, lastComma);
  if (at < 0) return '.';
  const separator = lastDot >= 0 ? '.' : ',';
  if (body.indexOf(separator) !== at) return separator === '.' ? ',' : '.';
  // "0.125": no thousands group starts with 0, so the separator can only be decimal.
  const before = body.slice(0, at);
  return /^\d{3}$/.test(body.slice(at + 1)) && /^[1-9]\d{0,2}$/.test(before) ? undefined : separator;
}
