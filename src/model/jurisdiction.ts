/**
 * The one jurisdiction rule (pure): a jurisdiction is an ISO 3166-1 alpha-2 code in capitals; '*'
 * is the grant of every jurisdiction a user (never an extract) may hold. Loader, mappings, auth,
 * jobs and the API all decide through these functions, so they cannot drift apart.
 */

/** The grant of every jurisdiction (tokens, the development viewer). Never an extract's own. */
export const ALL_JURISDICTIONS = '*';

/** What every message about a bad jurisdiction says it must be. */
export const JURISDICTION_RULE = 'an ISO 3166-1 alpha-2 code in capitals, such as GB or RO';

const CODE = /^[A-Z]{2}$/;

/** Exactly a canonical code ("GB"): how stored values, folders and mappings must be written. */
export function isJurisdictionCode(value: unknown): value is string {
  return typeof value === 'string' && CODE.test(value);
}

/** A code or '*', exactly as written: what a token's "jurisdictions" claim may hold. */
export function isJurisdictionGrant(value: unknown): value is string {
  return value === ALL_JURISDICTIONS || isJurisdictionCode(value);
}

/** User input (" gb ") → "GB"; null when it is not a code even after trimming and upper-casing. */
export function normaliseJurisdiction(value: string): string | null {
  const upper = value.trim().toUpperCase();
  return CODE.test(upper) ? upper : null;
}

/** Whether the held grants cover every jurisdiction ('*'). */
export function holdsAllJurisdictions(held: readonly string[]): boolean {
  return held.includes(ALL_JURISDICTIONS);
}

/** Whether a user holding `held` may act on `jurisdiction` (null: none, only for '*' holders). */
export function holdsJurisdiction(held: readonly string[], jurisdiction: string | null): boolean {
  if (holdsAllJurisdictions(held)) return true;
  return jurisdiction !== null && held.includes(jurisdiction);
}
