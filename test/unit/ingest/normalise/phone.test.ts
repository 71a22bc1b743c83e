import { describe, expect, it } from 'vitest';
import { normalisePhone, normaliseRawPhone, phoneStatus } from '../../../../src/ingest/normalise/phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['+44 20 7946 0958', undefined, '+442079460958', 'GB'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958', 'GB'],
    ['0044 20 7946 0958', undefined, '+442079460958', 'GB'],
    ['020 7946 0958', 'GB', '+442079460958', 'GB'],
    ['0721 234 567', 'RO', '+40721234567', 'RO'],
    ['(0721) 234-567', 'RO', '+40721234567', 'RO'],
    ['0040 721 234 567', undefined, '+40721234567', 'RO'],
    ['+40.721.234.567', undefined, '+40721234567', 'RO'],
    ['030 1234567', 'DE', '+49301234567', 'DE'],
    ['06 12 34 56 78', 'FR', '+33612345678', 'FR'],
    ['06-12345678', 'NL', '+31612345678', 'NL'],
    ['011 44 20 7946 0958', 'US', '+442079460958', 'GB'],
    ['0011 44 20 7946 0958', 'AU', '+442079460958', 'GB'],
    ['0044 20 7946 0958', 'US', '+442079460958', 'GB'],
  ])('%s (default %s) → %s', (input, defaultCountry, e164, country) => {
    const result = normalisePhone(input, defaultCountry ? { defaultCountry } : {});
    expect(result).toEqual({ ok: true, value: { e164, country } });
  });

  it('keeps non-geographic numbers without a country', () => {
    expect(normalisePhone('+800 1234 5678')).toEqual({ ok: true, value: { e164: '+80012345678' } });
  });

  it('refuses national numbers without a default country instead of guessing one', () => {
    const result = normalisePhone('0721 234 567');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/defaultCountry/);
  });

  it.each(['', '   ', 'call me', '+44 20 7946 0958 ext 12', '12', '+40 999 999 999', '+1 555 555 0123'])(
    'rejects %j',
    (input) => {
      expect(normalisePhone(input, { defaultCountry: 'GB' }).ok).toBe(false);
    },
  );

  it("rejects unallocated ranges unless validate is 'possible'", () => {
    const strict = normalisePhone('+44 7700 900123');
    expect(strict.ok).toBe(false);
    if (!strict.ok) expect(strict.reason).toMatch(/validate: 'possible'/);
    expect(normalisePhone('+44 7700 900123', { validate: 'possible' })).toEqual({
      ok: true,
      value: { e164: '+447700900123' },
    });
    expect(normalisePhone('07700 900123', { defaultCountry: 'GB', validate: 'possible' })).toEqual({
      ok: true,
      value: { e164: '+447700900123', country: 'GB' },
    });
  });

  it("does not make an E.164 of a national number whose trunk 0 could not be stripped, even under 'possible'", () => {
    expect(normalisePhone('077-123 4', { defaultCountry: 'GB', validate: 'possible' }).ok).toBe(false);
    expect(normalisePhone('0781 234 567', { defaultCountry: 'RO', validate: 'possible' })).toEqual({
      ok: true,
      value: { e164: '+40781234567', country: 'RO' },
    });
  });

  it('throws on a default country that is not a code (a mapping mistake, not a data fault)', () => {
    expect(() => normalisePhone('0721 234 567', { defaultCountry: 'Romania' })).toThrow(/normalise\/phone/);
  });
});

describe('phoneStatus', () => {
  it.each([
    ['+40721234567', 'valid'],
    // Romanian mobile ranges the metadata does not list as allocated: the right length only.
    ['+40781234567', 'possible'],
    ['+447700900123', 'possible'],
    ['+1234', 'raw'],
    ['0771234', 'raw'],
    ['112', 'raw'],
    ['+4078123', 'raw'],
    // A national "0" libphonenumber could not strip: no one can dial it.
    ['+440771234', 'raw'],
  ])('%s is %s', (number, status) => {
    expect(phoneStatus(number)).toBe(status);
  });
});

describe('normaliseRawPhone', () => {
  it.each([
    ['077-123 4', '0771234', '0771234'],
    ['112', '112', '112'],
    ['+44 1234', '+441234', '441234'],
    ['0044 1234', '+441234', '441234'],
    ['(0771) 23.4/5', '07712345', '07712345'],
  ])('%j → %s (digits %s)', (input, number, digits) => {
    expect(normaliseRawPhone(input)).toEqual({ ok: true, value: { number, digits } });
  });

  it.each(['', 'call me', '12', '0771 234 ext 5', '123456789012345678'])('refuses %j', (input) => {
    expect(normaliseRawPhone(input).ok).toBe(false);
  });
});
