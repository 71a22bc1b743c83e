/**
 * Home addresses as comparison evidence. Sources write one home many ways ("Flat 2, 14 Station Road,
 * Leeds, LS6 2QT", "14 STATION RD, LS62QT", "Kerkstraat 12, 1012 AB Amsterdam"), so an address is
 * parsed into postcode, street, house number and town before two are compared, and compared by parts:
 * the same door, the same street of one town (a neighbour, or a number mistyped), the same town (a
 * local move, or a namesake down the road), or nothing in common.
 *
 * An address is the household's, not the person's: a father and son, twins, lodgers share it. It is
 * evidence weighed like any other (m and u from the data), never a rule and never enough to tell an
 * undated namesake from a son (resolve.ts).
 */
import { foldText } from '../../model/fold.ts';
import { jaroWinkler } from './jaro-winkler.ts';

/** An address as a source gave it: a line, and postcode and town when the source kept them apart. */
export interface AddressInput {
  line: string;
  postcode?: string;
  town?: string;
  country?: string;
}

export interface ParsedAddress {
  /** Postcode without spaces, upper case ("LS62QT", "1012AB"). */
  postcode?: string;
  /** The district part of the postcode: GB outward code, NL digits, RO first three digits. */
  district?: string;
  /** Street words, folded, street types written out ("station road"). */
  street?: string;
  /** House number ("14", "12a"); flats are left out (sources drop them). */
  number?: string;
  town?: string;
  /** An address known only by an identifier (a stored Address node without parts): equal or not. */
  opaque?: string;
}

export const ADDRESS_LEVELS = ['same', 'street', 'town', 'different'] as const;
export type AddressLevel = (typeof ADDRESS_LEVELS)[number];

const GB_POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/;
const NL_POSTCODE = /\b(\d{4})\s?([A-Z]{2})\b/;
const RO_POSTCODE = /\b(\d{6})\b/;

/** Street types as sources abbreviate them, written out so "Rd" meets "Road". */
const STREET_WORDS: Record<string, string> = {
  rd: 'road',
  st: 'street',
  str: 'street',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  cl: 'close',
  cres: 'crescent',
  sq: 'square',
  dr: 'drive',
  bd: 'bulevardul',
  bld: 'bulevardul',
  bdul: 'bulevardul',
  ul: 'ulica',
};
const FLAT_WORDS = new Set(['flat', 'apt', 'apartment', 'unit', 'ap', 'ap.']);

function findPostcode(text: string): { postcode: string; district: string; match: string } | undefined {
  const upper = text.toUpperCase();
  const gb = GB_POSTCODE.exec(upper);
  if (gb) return { postcode: `${gb[1]}${gb[2]}`, district: gb[1]!, match: gb[0] };
  const nl = NL_POSTCODE.exec(upper);
  if (nl) return { postcode: `${nl[1]}${nl[2]}`, district: nl[1]!, match: nl[0] };
  const ro = RO_POSTCODE.exec(upper);
  if (ro) return { postcode: ro[1]!, district: ro[1]!.slice(0, 3), match: ro[0] };
  return undefined;
}

/** Parses one address; undefined when it holds nothing comparable (no street, postcode or town). */
export function parseAddress(input: AddressInput): ParsedAddress | undefined {
  const parsed: ParsedAddress = {};
  const given = input.postcode ? findPostcode(input.postcode) : undefined;
  const inLine = findPostcode(input.line);
  const postcode = given ?? inLine;
  if (postcode) {
    parsed.postcode = postcode.postcode;
    parsed.district = postcode.district;
  }
  const segments = input.line
    .split(',')
    .map((segment) => (inLine ? segment.toUpperCase().replace(inLine.match, ' ') : segment))
    .map((segment) => foldText(segment).split(/\s+/).filter(Boolean))
    .filter((tokens) => tokens.length > 0);
  let streetAt = -1;
  for (let s = 0; s < segments.length; s++) {
    const tokens = segments[s]!;
    // "Flat 2" alone is the flat, not the street.
    if (FLAT_WORDS.has(tokens[0]!) && tokens.length <= 2) continue;
    if (tokens.some((t) => /^\d+[a-z]?$/.test(t)) && tokens.some((t) => /^[a-z]{2,}$/.test(t))) {
      streetAt = s;
      break;
    }
  }
  if (streetAt >= 0) {
    let tokens = segments[streetAt]!;
    if (FLAT_WORDS.has(tokens[0]!)) tokens = tokens.slice(2);
    const number = tokens.find((t) => /^\d+[a-z]?$/.test(t));
    if (number) parsed.number = number;
    // "Kerkstraat 12-3" folds to "kerkstraat 12 3": every number is the door or the flat.
    const words = tokens.filter((t) => !/^\d/.test(t)).map((t) => STREET_WORDS[t] ?? t);
    if (words.length > 0) parsed.street = words.join(' ');
  }
  const townText = input.town
    ? foldText(input.town)
    : segments
        .filter((_, s) => s !== streetAt && s > streetAt)
        .map((tokens) => tokens.filter((t) => !/\d/.test(t)).join(' '))
        .filter(Boolean)
        .at(-1);
  if (townText) parsed.town = townText;
  if (!parsed.street && !parsed.postcode && !parsed.town) return undefined;
  return parsed;
}

/** One street name written with a slip ("Staiton Road"): Jaro-Winkler from which two are one. */
const STREET_SIMILARITY = 0.93;

function sameStreet(a: string, b: string): boolean {
  return a === b || (a.length >= 6 && jaroWinkler(a, b) >= STREET_SIMILARITY);
}

/** Postcodes or towns that both give and that differ: two places. */
function placesConflict(a: ParsedAddress, b: ParsedAddress): boolean {
  // A town has many postcode districts: two towns named decide, else two districts.
  if (a.town !== undefined && b.town !== undefined) return a.town !== b.town;
  return a.district !== undefined && b.district !== undefined && a.district !== b.district;
}

function placesAgree(a: ParsedAddress, b: ParsedAddress): boolean {
  return (
    (a.district !== undefined && a.district === b.district) || (a.town !== undefined && a.town === b.town)
  );
}

export function compareAddress(a: ParsedAddress, b: ParsedAddress): AddressLevel {
  if (a.opaque !== undefined || b.opaque !== undefined) return a.opaque === b.opaque ? 'same' : 'different';
  if (a.postcode && a.postcode === b.postcode && a.number && a.number === b.number) return 'same';
  if (placesConflict(a, b)) return 'different';
  if (a.street && b.street && sameStreet(a.street, b.street)) {
    if (a.number && a.number === b.number) return 'same';
    if (placesAgree(a, b)) return 'street';
  }
  return placesAgree(a, b) ? 'town' : 'different';
}

/** The best level over every address of one record against every address of the other. */
export function compareAddresses(
  a: readonly ParsedAddress[],
  b: readonly ParsedAddress[],
): AddressLevel | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  let best = ADDRESS_LEVELS.length - 1;
  for (const x of a) {
    for (const y of b) {
      best = Math.min(best, ADDRESS_LEVELS.indexOf(compareAddress(x, y)));
      if (best === 0) return 'same';
    }
  }
  return ADDRESS_LEVELS[best];
}

/**
 * A key of the door, for blocking: street and number (a record may give the postcode, another the
 * town; a common street and number across towns is a large block, which blocking skips).
 */
export function addressKey(address: ParsedAddress): string | undefined {
  if (address.opaque !== undefined) return address.opaque;
  if (!address.street || !address.number) return undefined;
  return `${address.street}|${address.number}`;
}
