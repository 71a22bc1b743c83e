import { describe, expect, it } from 'vitest';
import { countryName, normaliseCountry } from '../../../../src/ingest/normalise/country.ts';
import { COUNTRY_ROWS } from '../../../../src/ingest/normalise/country-table.ts';

describe('normaliseCountry', () => {
  it.each([
    ['RO', 'RO'],
    ['ro', 'RO'],
    ['ROU', 'RO'],
    ['Romania', 'RO'],
    ['România', 'RO'],
    ['ROMANIA', 'RO'],
    ['Rumänien', 'RO'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['DEU', 'DE'],
    ['Nederland', 'NL'],
    ['the Netherlands', 'NL'],
    ['Holland', 'NL'],
    ['Polska', 'PL'],
    ['Magyarország', 'HU'],
    ['Shqipëria', 'AL'],
    ['България', 'BG'],
    ['Україна', 'UA'],
    ['Россия', 'RU'],
    ['Србија', 'RS'],
    ['Srbija', 'RS'],
    ['Ελλάδα', 'GR'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['England', 'GB'],
    ['GBR', 'GB'],
    ['USA', 'US'],
    ['United States of America', 'US'],
    ["Côte d'Ivoire", 'CI'],
    ['Moldova', 'MD'],
    ['Republic of Moldova', 'MD'],
    ['Kosovo', 'XK'],
    ['XKX', 'XK'],
    ['Vietnam', 'VN'],
    ['Viet Nam', 'VN'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
  ])('%j → %s', (input, code) => {
    expect(normaliseCountry(input)).toEqual({ ok: true, value: code });
  });

  it.each(['', 'XX', 'ZZZ', 'Atlantis', 'Congo', 'EU'])('rejects %j', (input) => {
    expect(normaliseCountry(input).ok).toBe(false);
  });

  it('tells the two Congos apart by code and full name only', () => {
    expect(normaliseCountry('Democratic Republic of the Congo')).toEqual({ ok: true, value: 'CD' });
    expect(normaliseCountry('Republic of the Congo')).toEqual({ ok: true, value: 'CG' });
  });

  it('covers every ISO 3166-1 country with unique codes', () => {
    const alpha2 = COUNTRY_ROWS.map((row) => row.split('|')[0]);
    const alpha3 = COUNTRY_ROWS.map((row) => row.split('|')[1]);
    expect(alpha2).toHaveLength(250); // 249 assigned codes + XK
    expect(new Set(alpha2).size).toBe(250);
    expect(new Set(alpha3).size).toBe(250);
    for (const code of alpha2) expect(normaliseCountry(code as string)).toEqual({ ok: true, value: code });
  });

  it('names a code in English', () => {
    expect(countryName('de')).toBe('Germany');
    expect(countryName('XX')).toBeUndefined();
  });
});
