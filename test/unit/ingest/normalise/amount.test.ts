import { describe, expect, it } from 'vitest';
import { type AmountOptions, normaliseAmount } from '../../../../src/ingest/normalise/amount.ts';

describe('normaliseAmount', () => {
  it.each<[string, AmountOptions, number, string | undefined]>([
    ['1234.56', {}, 1234.56, undefined],
    ['1,234.56', {}, 1234.56, undefined],
    ['1.234,56', {}, 1234.56, undefined],
    ['1.234.567', {}, 1234567, undefined],
    ['0,5', {}, 0.5, undefined],
    ['-12.00', {}, -12, undefined],
    ['+12.00', {}, 12, undefined],
    ['−7,5', {}, -7.5, undefined],
    ['(1,234.56)', {}, -1234.56, undefined],
    ['1234.56-', {}, -1234.56, undefined],
    ['12.00 DR', {}, -12, undefined],
    ['12.00CR', {}, 12, undefined],
    ['DR 12.00', {}, -12, undefined],
    ['€ 1.234,56', { decimal: ',' }, 1234.56, 'EUR'],
    ['1.234,56 €', { decimal: ',' }, 1234.56, 'EUR'],
    ['-£12.00', {}, -12, 'GBP'],
    ['£-12.00', {}, -12, 'GBP'],
    ['(£12.00)', {}, -12, 'GBP'],
    ['USD -5', {}, -5, 'USD'],
    ['12EUR', {}, 12, 'EUR'],
    ['1 234,56 zł', { decimal: ',' }, 1234.56, 'PLN'],
    ['1\u00A0234,56 Kč', { decimal: ',' }, 1234.56, 'CZK'],
    ["CHF 1'234.50", { decimal: '.' }, 1234.5, 'CHF'],
    ['100 IDR', {}, 100, 'IDR'],
    ['CRC 100', {}, 100, 'CRC'],
    ['$12', { currency: 'CAD' }, 12, 'CAD'],
    ['12', { currency: 'EUR' }, 12, 'EUR'],
    ['12 lei', { currency: 'RON' }, 12, 'RON'],
    ['1,234', { decimal: ',' }, 1.234, undefined],
    ['1,234', { decimal: '.' }, 1234, undefined],
    ['1.234', { decimal: ',' }, 1234, undefined],
    ['0.00', {}, 0, undefined],
    ['-0.00', {}, 0, undefined],
    ['0.5 BTC', {}, 0.5, 'BTC'],
  ])('%j %j → %d %s', (input, options, amount, currency) => {
    const result = normaliseAmount(input, options);
    expect(result).toEqual({ ok: true, value: currency === undefined ? { amount } : { amount, currency } });
  });

  it.each<[string, AmountOptions, RegExp]>([
    ['', {}, /empty/],
    ['abc', {}, /not a number/],
    ['1e', {}, /unknown currency/],
    ['1.2.3e4', {}, /not a number/],
    ['1e400', {}, /beyond exact arithmetic/],
    ['9.99999999999999999e20', {}, /digits/],
    ['1,234', { defaultDecimal: undefined }, /decimal option \(mapping defaults\.decimal/],
    ['1,234', {}, /decimal option/],
    ['1.234', {}, /decimal option/],
    ['1,23', { decimal: '.' }, /three digits/],
    ['1.2.3', { decimal: '.' }, /more than one decimal/],
    ['1,234.5', { decimal: ',' }, /separators after the decimal/],
    ['12 XYZ', {}, /unknown currency/],
    ['$12', {}, /USD, CAD.*currency option/],
    ['$12', { currency: 'EUR' }, /currency option/],
    ['12 kr', {}, /SEK/],
    ['-(5)', {}, /more than one sign/],
    ['-5 DR', {}, /more than one sign/],
    ['EUR 5 USD', {}, /more than one currency/],
    ['1234567890123456', {}, /15 digits/],
    ['12 34', { decimal: '.', thousands: '' }, /separators/],
  ])('rejects %j %j', (input, options, reason) => {
    const result = normaliseAmount(input, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  // Issue 14: spreadsheets and statistical tools write large sums in scientific notation.
  it.each<[string, AmountOptions, number, string | undefined]>([
    ['5.689852347E7', {}, 56_898_523.47, undefined],
    ['5.689852347e+7', {}, 56_898_523.47, undefined],
    ['1.2e-3', {}, 0.0012, undefined],
    ['-4E2', {}, -400, undefined],
    ['1E5', {}, 100_000, undefined],
    ['5,5E3', {}, 5500, undefined],
    ['5.689852347E7 EUR', {}, 56_898_523.47, 'EUR'],
    ['(2.5E3)', {}, -2500, undefined],
    ['3.14E0', { decimal: ',' }, 3.14, undefined],
  ])('scientific %j %j → %d %s', (input, options, amount, currency) => {
    const result = normaliseAmount(input, options);
    expect(result).toEqual({ ok: true, value: currency === undefined ? { amount } : { amount, currency } });
  });

  // Without a declared separator each value is read as it shows itself; only a value that could be
  // either takes defaultDecimal.
  it.each<[string, AmountOptions, number, string | undefined]>([
    ['1.234.567,89', { defaultDecimal: '.' }, 1_234_567.89, undefined],
    ['1 234 567,89', { defaultDecimal: '.' }, 1_234_567.89, undefined],
    ['1\u202F234\u202F567,89', { defaultDecimal: '.' }, 1_234_567.89, undefined],
    ["1'234'567.89", { defaultDecimal: ',' }, 1_234_567.89, undefined],
    ['(1,234.50)', { defaultDecimal: ',' }, -1234.5, undefined],
    ['123.45-', { defaultDecimal: ',' }, -123.45, undefined],
    ['€ 12,50', { defaultDecimal: '.' }, 12.5, 'EUR'],
    ['12.50 EUR', { defaultDecimal: ',' }, 12.5, 'EUR'],
    ['EUR 1.234,50', { defaultDecimal: '.' }, 1234.5, 'EUR'],
    ['0.125', {}, 0.125, undefined],
    ['0,125', {}, 0.125, undefined],
    ['1,234', { defaultDecimal: '.' }, 1234, undefined],
    ['1,234', { defaultDecimal: ',' }, 1.234, undefined],
    ['1.234', { decimal: '.', defaultDecimal: ',' }, 1.234, undefined],
  ])('locale %j %j → %d %s', (input, options, amount, currency) => {
    const result = normaliseAmount(input, options);
    expect(result).toEqual({ ok: true, value: currency === undefined ? { amount } : { amount, currency } });
  });

  it('throws on a currency option that is not a code', () => {
    expect(() => normaliseAmount('12', { currency: 'euro' })).toThrow(/normalise\/amount/);
  });
});
