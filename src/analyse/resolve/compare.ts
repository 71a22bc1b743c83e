/**
 * The comparison of two prepared records: one level per feature, as Splink's comparison levels
 * (strongest agreement first, a missing value is "null" and says nothing). Levels are small integers
 * so that a pair's whole comparison is one pattern number, and weights are looked up per pattern.
 */
import doubleMetaphoneImport from 'talisman/phonetics/double-metaphone.js';
import { cjsDefault } from '../cjs.ts';
import { ADDRESS_LEVELS, compareAddresses } from './addresses.ts';
import { CONTEXT_LEVELS, contextLevel } from './context.ts';
import { compareDates, DATE_LEVELS } from './dates.ts';
import { firstOf, runEnd } from './identifiers.ts';
import { jaroWinkler } from './jaro-winkler.ts';
import { nameIdOf } from './names.ts';
import { PairCache } from './pair-cache.ts';
import type { PreparedRecord } from './prepare.ts';
import { UNIQUE_IDENTIFIER_KINDS } from './types.ts';

const doubleMetaphone = cjsDefault(doubleMetaphoneImport) as (word: string) => [string, string];

/** Primary Double Metaphone code per token, memoised (tokens repeat across a million records). */
const soundOf = new Map<string, string>();
function sound(token: string): string {
  let code = soundOf.get(token);
  if (code === undefined) {
    code = doubleMetaphone(token)[0] ?? '';
    if (soundOf.size > 500_000) soundOf.clear();
    soundOf.set(token, code);
  }
  return code;
}

/**
 * One name written two ways: a one-letter typo (Jaro-Winkler at or above TYPO_SIMILARITY) or the
 * same sound with the same first letter ("Stuart" and "Stewart", "Steven" and "Stephen"), as a clerk
 * writes a name heard on the phone.
 */
export function nameVariant(a: string, b: string): boolean {
  if (a.length < 3 || b.length < 3) return false;
  if (mayBeTypo(a, b) && jaroWinkler(a, b) >= TYPO_SIMILARITY) return true;
  // One sound from another first letter only for longer names ("Catherine", "Kathrn"): short ones
  // sound alike too easily ("Ana", "Ina").
  if (!(a.charCodeAt(0) === b.charCodeAt(0) || (a.length >= 5 && b.length >= 5))) return false;
  const code = sound(a);
  return code !== '' && code === sound(b);
}

/**
 * False when Jaro-Winkler cannot reach TYPO_SIMILARITY (0.88), by counting letters only: most pairs
 * nameVariant is asked about are two different names, and the count is cheaper than Jaro's window
 * search. Jaro-Winkler is at most 0.4 + 0.6 × Jaro (a common prefix of four letters or fewer), so
 * 0.88 needs Jaro ≥ 0.8, which needs m·(1/|a| + 1/|b|) ≥ 1.4 with m the matched letters; m is at
 * most the shorter word's letters that occur anywhere in the longer. Integer arithmetic, and the
 * bound has a margin far above rounding: the answer is Jaro-Winkler's (tested against talisman).
 */
export function mayBeTypo(a: string, b: string): boolean {
  const short = a.length <= b.length ? a : b;
  const long = a.length <= b.length ? b : a;
  let present = 0;
  for (let i = 0; i < long.length; i++) {
    const letter = long.charCodeAt(i) - 97;
    if (letter >= 0 && letter < 26) present |= 1 << letter;
  }
  let possible = 0;
  for (let i = 0; i < short.length; i++) {
    const letter = short.charCodeAt(i) - 97;
    // A letter outside a–z is counted as possibly matched: the bound stays an upper bound.
    if (letter < 0 || letter >= 26 || (present & (1 << letter)) !== 0) possible++;
  }
  return 5 * possible * (a.length + b.length) >= 7 * a.length * b.length;
}

export interface Feature {
  name: string;
  levels: readonly string[];
}

/**
 * name: `exact` one spelling's tokens equal in any order; `tokens` every token of the shorter name is in
 * the longer one (middle names, double-barrelled names, initials); `fuzzy` the same with one-letter
 * typos; `partial` some but not all tokens shared (married names, family members); `different`.
 * identifiers: `unique` a document, tax, insurance or registration number in common; `shared` phone,
 * e-mail or account in common; `conflict` the same kind of unique number (same type and
 * country) with other values; `none` values of a kind both records hold, none in common; null when
 * no kind is held by both. address (home addresses compared by parts, addresses.ts): `same` door,
 * `street` (one street of one town, another or no number: neighbours, a mistyped number), `town`
 * (a local move, or a namesake down the road), `different`; null when either record has none.
 * context (context.ts): private neighbours in common (`shared-2`, `shared`), only common ones
 * (`common`: a supermarket, a big employer), `none`; null when the records know no kind of context
 * in common.
 */
export const FEATURES: readonly Feature[] = [
  { name: 'name', levels: ['exact', 'tokens', 'fuzzy', 'partial', 'different'] },
  { name: 'birthDate', levels: DATE_LEVELS },
  { name: 'identifiers', levels: ['unique', 'shared-many', 'shared', 'conflict', 'none'] },
  { name: 'nationality', levels: ['same', 'different'] },
  { name: 'legalForm', levels: ['same', 'different'] },
  { name: 'address', levels: ADDRESS_LEVELS },
  { name: 'context', levels: CONTEXT_LEVELS },
];

/** Level index per feature; -1 = null (missing on either side). */
export type Comparison = Int8Array;

const NULL = -1;
/** Jaro-Winkler similarity from which two tokens count as one name with a typo. */
export const TYPO_SIMILARITY = 0.88;

function tokenMatches(short: string, long: string, fuzzy: boolean): boolean {
  if (long === short) return true;
  // An initial matches a token it begins ("j" and "john").
  if (short.length === 1 && long.startsWith(short)) return true;
  if (long.length === 1 && short.startsWith(long)) return true;
  return fuzzy && nameVariant(short, long);
}

/** Scratch of spellingLevel: which tokens of the longer name are claimed (grown as needed). */
let claimed = new Uint8Array(16);

/** Claims the first unclaimed token of `long` that `token` matches; false when none does. */
function claim(token: string, long: readonly string[], allowFuzzy: boolean): boolean {
  for (let k = 0; k < long.length; k++) {
    if (claimed[k] === 0 && tokenMatches(token, long[k]!, allowFuzzy)) {
      claimed[k] = 1;
      return true;
    }
  }
  return false;
}

/**
 * 1 tokens, 2 fuzzy, 3 partial, 4 different (0 exact is decided on whole keys before). Each token of
 * the longer name answers for one token of the shorter only: "Ivan Ivanov" is not "Svetlana Ivanoff"
 * because both of Ivan's words resemble "Ivanoff". Allocates nothing: it runs for every spelling pair
 * of tens of millions of candidate pairs (the tokens left after the exact round are marked in a
 * second scratch bit rather than listed).
 */
function spellingLevel(a: readonly string[], b: readonly string[]): number {
  const swap = a.length > b.length;
  const short = swap ? b : a;
  const long = swap ? a : b;
  if (claimed.length < long.length + short.length) claimed = new Uint8Array(2 * (long.length + short.length));
  claimed.fill(0, 0, long.length + short.length);
  // Bit of the short name's tokens still pending after the exact round, after the long name's.
  const pendingAt = long.length;
  let exact = 0;
  let strongExact = 0;
  let fuzzy = 0;
  for (let s = 0; s < short.length; s++) {
    const token = short[s]!;
    if (claim(token, long, false)) {
      exact++;
      if (token.length >= 3) strongExact++;
      fuzzy++;
    } else claimed[pendingAt + s] = 1;
  }
  if (exact < short.length)
    for (let s = 0; s < short.length; s++)
      if (claimed[pendingAt + s] === 1 && claim(short[s]!, long, true)) fuzzy++;
  // A one-word name inside a longer one ("Popescu" in "Ion Popescu") is only partial evidence.
  const whole = short.length >= 2 || long.length === 1;
  if (whole && exact === short.length && strongExact > 0) return 1;
  if (whole && fuzzy === short.length) return 2;
  if (strongExact > 0 || fuzzy > 0) return 3;
  return 4;
}

/**
 * Name levels per pair of shared name forms (names.ts, stampNameId): at 100,000 records the first
 * pass, the weights' samples and the collective pass ask 1.2 million times for 0.47 million distinct
 * pairs of names (a common name meets its namesakes' records in every block). Per thread, bounded.
 */
const nameLevels = new PairCache();

export function nameLevel(a: PreparedRecord, b: PreparedRecord): number {
  const x = nameIdOf(a.forms);
  const y = nameIdOf(b.forms);
  if (x < 0 || y < 0) return nameLevelOf(a, b);
  let level = nameLevels.get(x, y);
  if (level < 0) {
    level = nameLevelOf(a, b);
    nameLevels.set(x, y, level);
  }
  return level;
}

function nameLevelOf(a: PreparedRecord, b: PreparedRecord): number {
  for (const key of a.forms.keys) if (b.forms.keys.includes(key)) return 0;
  let best = 4;
  for (const x of a.spellings) {
    for (const y of b.spellings) {
      best = Math.min(best, spellingLevel(x, y));
      if (best === 1) return best;
    }
  }
  return best;
}

function prefixOf(value: string): string {
  const cut = value.lastIndexOf('|');
  return cut < 0 ? '' : value.slice(0, cut);
}

export function identifierLevel(a: PreparedRecord, b: PreparedRecord): number {
  let unique = false;
  let conflict = false;
  let shared = 0;
  let comparable = false;
  const x = a.identifiers;
  const y = b.identifiers;
  // Kind by kind (each kind's values are one run of x: identifiers.ts), without allocating.
  for (let i = 0; i < x.length; ) {
    const kind = x[i]!;
    const end = runEnd(x, i);
    const start = i;
    i = end;
    // Addresses are their own feature, compared by parts.
    if (kind === 'address') continue;
    const from = firstOf(y, kind);
    if (from < 0) continue;
    const to = runEnd(y, from);
    comparable = true;
    let common = false;
    for (let p = start + 1; p < end; p += 2)
      for (let q = from + 1; q < to; q += 2) if (x[p] === y[q]) common = true;
    const isUnique = (UNIQUE_IDENTIFIER_KINDS as readonly string[]).includes(kind);
    if (common) {
      if (isUnique) unique = true;
      else shared++;
    } else if (isUnique) {
      // Same type and issuing country, another number: a different document of its kind.
      for (let q = from + 1; q < to; q += 2) {
        const prefix = prefixOf(y[q]!);
        for (let p = start + 1; p < end; p += 2) if (prefixOf(x[p]!) === prefix) conflict = true;
      }
    } else if (kind === 'account' && a.kind === 'Organisation') {
      // Two companies of one trading name banking with other accounts: evidence they are two.
      conflict = true;
    }
  }
  if (unique) return 0;
  if (conflict) return 3;
  if (shared >= 2) return 1;
  if (shared === 1) return 2;
  // Identifiers of kinds the other record lacks say nothing: a bank knows the phone, the register
  // the tax number. Only values of one kind that differ are `none`.
  return comparable ? 4 : NULL;
}

export function compareRecords(a: PreparedRecord, b: PreparedRecord, out: Comparison): Comparison {
  out[0] = nameLevel(a, b);
  const date = compareDates(a.birth, b.birth);
  out[1] = date === undefined ? NULL : DATE_LEVELS.indexOf(date);
  out[2] = identifierLevel(a, b);
  out[3] =
    a.nationality === undefined || b.nationality === undefined
      ? NULL
      : a.nationality === b.nationality
        ? 0
        : 1;
  out[4] =
    a.legalForms.length === 0 || b.legalForms.length === 0
      ? NULL
      : a.legalForms.some((form) => b.legalForms.includes(form))
        ? 0
        : 1;
  const address = compareAddresses(a.addresses, b.addresses);
  out[5] = address === undefined ? NULL : ADDRESS_LEVELS.indexOf(address);
  out[6] = contextLevel(a, b);
  return out;
}

/** Radix of the pattern number: levels + 1 for null. */
const RADIX = FEATURES.map((feature) => feature.levels.length + 1);
/** Under 65,536: pair lists keep a pattern in a Uint16Array (resolve.ts). */
export const PATTERN_COUNT = RADIX.reduce((product, radix) => product * radix, 1);

/** One integer per comparison (mixed radix, null as 0), so pairs aggregate into pattern counts. */
export function patternOf(comparison: Comparison): number {
  let pattern = 0;
  for (let f = 0; f < FEATURES.length; f++) pattern = pattern * RADIX[f]! + (comparison[f]! + 1);
  return pattern;
}

export function comparisonOf(pattern: number, out: Comparison = new Int8Array(FEATURES.length)): Comparison {
  let rest = pattern;
  for (let f = FEATURES.length - 1; f >= 0; f--) {
    out[f] = (rest % RADIX[f]!) - 1;
    rest = Math.floor(rest / RADIX[f]!);
  }
  return out;
}
