/**
 * Countries to ISO 3166-1 alpha-2 ("RO"), from alpha-2, alpha-3 or a name in English, the country's
 * own language or a major European language ("Romania", "România", "Rumänien", "ROU", "ro").
 * Names are compared folded (case and accents ignored; Cyrillic and Greek transliterated, so "Србија"
 * also matches "Srbija").
 */
import { COUNTRY_ROWS } from './country-table.ts';
import { foldText } from './fold.ts';
import { invalid, type Normalised, ok } from './result.ts';

interface CountryIndex {
  alpha2: Set<string>;
  alpha3: Map<string, string>;
  names: Map<string, string>;
  englishName: Map<string, string>;
}

let index: CountryIndex | undefined;

/** Built on first use; a folded name claimed by two countries ("Congo") is dropped, never guessed. */
function countryIndex(): CountryIndex {
  if (index !== undefined) return index;
  const built: CountryIndex = {
    alpha2: new Set(),
    alpha3: new Map(),
    names: new Map(),
    englishName: new Map(),
  };
  const ambiguous = new Set<string>();
  for (const row of COUNTRY_ROWS) {
    const [alpha2, alpha3, ...names] = row.split('|');
    if (alpha2 === undefined || alpha3 === undefined) continue;
    built.alpha2.add(alpha2);
    built.alpha3.set(alpha3, alpha2);
    built.englishName.set(alpha2, names[0] ?? alpha2);
    // ISO writes some names inverted ("Moldova, Republic of"); records write them either way.
    const inverted = names.flatMap((name) => {
      const m = /^(.+), (.+)$/.exec(name);
      return m ? [`${m[2]} ${m[1]}`] : [];
    });
    for (const name of [...names, ...inverted]) {
      const key = foldText(name);
      const owner = built.names.get(key);
      if (owner !== undefined && owner !== alpha2) ambiguous.add(key);
      else built.names.set(key, alpha2);
    }
  }
  for (const key of ambiguous) built.names.delete(key);
  index = built;
  return built;
}

/** Normalises a country code or name to ISO 3166-1 alpha-2. */
export function normaliseCountry(input: string): Normalised<string> {
  const text = input.trim();
  if (text.length === 0) return invalid('country: empty');
  const { alpha2, alpha3, names } = countryIndex();
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    // "UK" is not ISO but is what British records write; it cannot mean anything else.
    if (code === 'UK') return ok('GB');
    return alpha2.has(code) ? ok(code) : invalid(`country: "${text}" is not an ISO 3166-1 alpha-2 code`);
  }
  if (/^[A-Za-z]{3}$/.test(text)) {
    const code = alpha3.get(text.toUpperCase());
    if (code !== undefined) return ok(code);
  }
  const folded = foldText(text);
  const byName = names.get(folded) ?? names.get(folded.replace(/^the /, ''));
  if (byName !== undefined) return ok(byName);
  return invalid(`country: "${text}" is not a known country code or name; use an ISO 3166-1 code`);
}

/** The English short name of an alpha-2 code, for display; undefined for unknown codes. */
export function countryName(alpha2: string): string | undefined {
  return countryIndex().englishName.get(alpha2.toUpperCase());
}
