import { describe, expect, it } from 'vitest';
import { normaliseIban } from '../../../../src/ingest/normalise/iban.ts';

describe('normaliseIban', () => {
  it.each([
    ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'DE', '370400440532013000'],
    ['de89370400440532013000', 'DE89370400440532013000', 'DE', '370400440532013000'],
    ['IBAN: GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432', 'GB', 'WEST12345698765432'],
    ['RO49 AAAA 1B31 0075 9384 0000', 'RO49AAAA1B31007593840000', 'RO', 'AAAA1B31007593840000'],
    ['NL91-ABNA-0417-1643-00', 'NL91ABNA0417164300', 'NL', 'ABNA0417164300'],
    ['FR14 2004 1010 0505 0001 3M02 606', 'FR1420041010050500013M02606', 'FR', '20041010050500013M02606'],
    ['  BE68 5390 0754 7034 ', 'BE68539007547034', 'BE', '539007547034'],
  ])('%s → %s', (input, iban, country, bban) => {
    const result = normaliseIban(input);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject({ iban, country, bban });
  });

  it('gives the bank identifier where the country defines one', () => {
    const result = normaliseIban('DE89370400440532013000');
    expect(result.ok && result.value.bank).toBe('37040044');
  });

  it('rejects a wrong checksum with the reason', () => {
    const result = normaliseIban('DE88 3704 0044 0532 0130 00');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/checksum/);
  });

  it.each([
    ['', /empty/],
    ['XX12 3456', /country/],
    ['DE89 3704 0044 0532 0130', /length/],
    ['DE89 3704 0044 0532 0130 00!', /letters and digits/],
    ['1234567890', /two letters/],
  ])('rejects %j', (input, reason) => {
    const result = normaliseIban(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
