import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../../../../src/ingest/normalise/phone.ts';

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

  it('throws on a default country that is not a code (a mapping mistake, not a data fault)', () => {
    expect(() => normalisePhone('0721 234 567', { defaultCountry: 'Romania' })).toThrow(/normalise\/phone/);
  });
});
