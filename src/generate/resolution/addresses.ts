/**
 * Addresses of the resolution record worlds, as sources really write them: one home per household
 * (a father and son, twins share it), a postcode that belongs to a stretch of one street (a GB unit
 * postcode covers about fifteen doors), moves (an older record keeps the former home, usually in the
 * same town), and per-source noise: abbreviated street types, capitals, a missing postcode or town,
 * a flat number dropped, a typo in the street.
 */
import {
  type Country,
  POSTCODE_LETTERS as LETTERS,
  pickTown,
  STREETS,
  TOWNS,
  type Town,
} from '../pools/places.ts';
import { Rng } from '../rng.ts';
import { abbreviated } from '../world/addresses.ts';

export interface Home {
  country: Country;
  town: string;
  street: string;
  number: number;
  flat?: number;
  postcode: string;
}

/** What a record carries: the line as written, and the postcode and town when the source split them. */
export interface GeneratedAddress {
  line: string;
  postcode?: string;
  town?: string;
  country?: string;
}

/** Where people of the world live: most in GB, as the sources are mostly British. */
const COUNTRIES = [
  ['GB', 6],
  ['NL', 2],
  ['RO', 2],
] as const;

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The postcode of a door: fixed per town, street and stretch of twenty numbers, as a unit postcode is. */
function postcodeOf(country: Home['country'], town: Town, street: string, number: number): string {
  const stream = new Rng(hash(`${town.name}|${town.area}|${street}|${Math.floor(number / 20)}`));
  const letter = () => LETTERS[stream.int(LETTERS.length)]!;
  if (country === 'GB')
    return `${town.area}${stream.range(1, 20)} ${stream.range(1, 9)}${letter()}${letter()}`;
  if (country === 'NL') return `${town.area}${stream.range(10, 99)} ${letter()}${letter()}`;
  return `${town.area}${stream.range(10000, 99999)}`.slice(0, 6);
}

/** A new home: in `near`'s town when given (a local move, a namesake in one town), else anywhere. */
export function newHome(rng: Rng, near?: Home): Home {
  const country = near?.country ?? rng.weighted(COUNTRIES.map(([c, w]) => [c, w] as const));
  const town = near ? TOWNS[country].find((t) => t.name === near.town)! : pickTown(rng, TOWNS[country]);
  const street = rng.pick(STREETS[country]);
  const number = rng.range(1, country === 'GB' ? 220 : 150);
  const home: Home = {
    country,
    town: town.name,
    street,
    number,
    postcode: postcodeOf(country, town, street, number),
  };
  if (rng.chance(0.2)) home.flat = rng.range(1, 12);
  return home;
}

/** A door of the same street a few numbers away (same postcode, mostly): a neighbour. */
export function nextDoor(rng: Rng, home: Home): Home {
  const town = TOWNS[home.country].find((t) => t.name === home.town)!;
  let number = home.number + rng.range(1, 6) * (rng.chance(0.5) ? 1 : -1);
  if (number < 1) number = home.number + rng.range(1, 6);
  return { ...home, number, flat: undefined, postcode: postcodeOf(home.country, town, home.street, number) };
}

function typo(rng: Rng, word: string): string {
  if (word.length < 5) return word;
  const at = rng.range(1, word.length - 2);
  return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

/**
 * A home as one source writes it. `typoRate` is the world's; missing parts and formats are the
 * source's habits (a bank abbreviates and capitalises, a police record often lacks the postcode).
 */
export function writeAddress(rng: Rng, home: Home, source: string, typoRate: number): GeneratedAddress {
  let street = home.street;
  if (rng.chance(typoRate / 2)) street = typo(rng, street);
  if (home.country === 'GB' && (source.startsWith('bank') || rng.chance(0.2))) {
    street = abbreviated(street);
  }
  const flat = home.flat !== undefined && rng.chance(0.7) ? home.flat : undefined;
  const door =
    home.country === 'GB'
      ? `${flat !== undefined ? `Flat ${flat}, ` : ''}${home.number} ${street}`
      : `${street} ${home.number}${flat !== undefined ? `-${flat}` : ''}`;
  const withPostcode = !rng.chance(source === 'police' ? 0.35 : 0.1);
  const withTown = !withPostcode || !rng.chance(0.15);
  const postcode = rng.chance(0.2) ? home.postcode.replace(' ', '') : home.postcode;
  const parts = [door];
  if (home.country === 'GB') {
    if (withTown) parts.push(home.town);
    if (withPostcode) parts.push(postcode);
  } else {
    const tail = [withPostcode ? postcode : '', withTown ? home.town : ''].filter(Boolean).join(' ');
    if (tail) parts.push(tail);
  }
  let line = parts.join(', ');
  if (source.startsWith('bank') || rng.chance(0.1)) line = line.toUpperCase();
  const address: GeneratedAddress = { line, country: home.country };
  // Structured sources (benefits, banks) keep postcode and town in their own columns too.
  if ((source === 'benefits' || source.startsWith('bank')) && withPostcode) address.postcode = postcode;
  if ((source === 'benefits' || source.startsWith('bank')) && withTown) address.town = home.town;
  return address;
}
