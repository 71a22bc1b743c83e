/**
 * Person and organisation names: a clean display form for investigators and a match key for finding
 * the same person under different spellings ("POPESCU, Ion", "Ion Popescu" and "Ión Popescu" share
 * the key "ion popescu"). The key is a candidate-matching aid only: two people with the same key
 * are kept apart until an investigator confirms them (POSSIBLY_SAME_AS).
 */
import { foldText } from './fold.ts';
import { invalid, type Normalised, ok } from './result.ts';

export interface NormalisedName {
  /** Display form: NFC, single spaces, "Given Family" order, all-caps or all-lower words capitalised. */
  name: string;
  /** Match key: folded (case, accents, script), punctuation removed, tokens sorted. */
  key: string;
  /** Only when the input said which part is which ("Family, Given" or separate columns). */
  givenName?: string;
  familyName?: string;
}

/** Values that mean "no name"; loading them would link every unnamed record to one Person. */
const PLACEHOLDERS = new Set([
  'n a',
  'na',
  'none',
  'unknown',
  'unk',
  'null',
  'nil',
  'tbc',
  'xxx',
  'anonymous',
]);
/** Lower-case particles stay lower-case inside a name ("Ludwig van Beethoven"). */
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'dos',
  'das',
  'du',
  'la',
  'le',
  'y',
  'e',
  'bin',
  'binti',
  'al',
  'el',
  'ter',
  'ten',
]);
const MAX_NAME_LENGTH = 300;

/** The display part of a name: NFC, whitespace collapsed, invisible characters removed. */
function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Capitalises a word written all in one case; mixed case ("McDonald", "DiCaprio") is the writer's choice. */
function displayWord(word: string, isFirst: boolean): string {
  const lower = word.toLocaleLowerCase();
  const upper = word.toLocaleUpperCase();
  if (word !== lower && word !== upper) return word;
  if (!isFirst && PARTICLES.has(lower)) return lower;
  // Capitalise after hyphens and apostrophes too: "jean-pierre" → "Jean-Pierre", "o'neil" → "O'Neil".
  return lower.replace(
    /(^|[-'’])(\p{L})/gu,
    (_, sep: string, letter: string) => sep + letter.toLocaleUpperCase(),
  );
}

function displayName(text: string): string {
  return text
    .split(' ')
    .map((word, index) => displayWord(word, index === 0))
    .join(' ');
}

/** The match key of any name text: folded, tokens sorted so word order does not matter. */
export function nameKey(text: string): string {
  return foldText(text)
    .split(' ')
    .filter((token) => token.length > 0)
    .sort()
    .join(' ');
}

export interface NameOptions {
  /**
   * Accepts digits in a name. Off for register and bank columns (digits there mean an id slipped into
   * the name column); on for aliases as people save them ("Raluca 8" in a seized phone's contacts),
   * which FollowTheMoney files carry as names.
   */
  allowDigits?: boolean;
}

function checkPart(text: string, what: string, options: NameOptions = {}): string | undefined {
  if (text.length === 0) return `name: ${what} is empty`;
  if (text.length > MAX_NAME_LENGTH) return `name: ${what} is longer than ${MAX_NAME_LENGTH} characters`;
  if (!/\p{L}/u.test(text)) return `name: ${what} "${text}" has no letters`;
  if (options.allowDigits !== true && /\p{N}/u.test(text))
    return `name: ${what} "${text}" contains digits (an id in the name column?)`;
  if (PLACEHOLDERS.has(foldText(text))) return `name: ${what} "${text}" is a placeholder, not a name`;
  return undefined;
}

/**
 * Normalises one name. "Family, Given" (exactly one comma) is split into familyName and givenName and
 * displayed "Given Family"; without a comma the parts are not guessed.
 */
export function normaliseName(input: string, options: NameOptions = {}): Normalised<NormalisedName> {
  const text = cleanText(input);
  const problem = checkPart(text, 'name', options);
  if (problem !== undefined) return invalid(problem);
  const parts = text.split(',');
  if (parts.length > 2)
    return invalid(`name: "${text}" has more than one comma; expected "Family, Given" or "Given Family"`);
  if (parts.length === 2) {
    return normaliseNameParts({ familyName: parts[0] ?? '', givenName: parts[1] ?? '' });
  }
  const name = displayName(text);
  return ok({ name, key: nameKey(name) });
}

/** Normalises a name given in separate columns; either part may be missing but not both. */
export function normaliseNameParts(parts: {
  givenName?: string;
  familyName?: string;
}): Normalised<NormalisedName> {
  const given = cleanText(parts.givenName ?? '');
  const family = cleanText(parts.familyName ?? '');
  if (given.length === 0 && family.length === 0) return invalid('name: both given and family name are empty');
  const result: NormalisedName = { name: '', key: '' };
  if (given.length > 0) {
    const problem = checkPart(given, 'given name');
    if (problem !== undefined) return invalid(problem);
    result.givenName = displayName(given);
  }
  if (family.length > 0) {
    const problem = checkPart(family, 'family name');
    if (problem !== undefined) return invalid(problem);
    result.familyName = displayName(family);
  }
  result.name = [result.givenName, result.familyName].filter((part) => part !== undefined).join(' ');
  result.key = nameKey(result.name);
  return ok(result);
}
