/** Addresses: made from a seeded stream, rendered per source (one line, street-first, abbreviated...). */
import { POSTCODE_LETTERS, pickTown, STREET_ABBREVIATIONS, STREETS, TOWNS } from '../pools/places.ts';
import type { Rng } from '../rng.ts';
import type { Address } from './types.ts';

export function gbPostcode(rng: Rng, area: string): string {
  const letter = () => POSTCODE_LETTERS[rng.int(POSTCODE_LETTERS.length)]!;
  return `${area}${rng.range(1, 20)} ${rng.range(1, 9)}${letter()}${letter()}`;
}

export function makeAddress(
  rng: Rng,
  id: string,
  country: string,
  options: { flat?: boolean; town?: string } = {},
): Address {
  if (country === 'NL') {
    const town = options.town
      ? (TOWNS.NL.find((t) => t.name === options.town) ?? pickTown(rng, TOWNS.NL))
      : pickTown(rng, TOWNS.NL);
    const letters = 'ABCEGHJKLMNPRSTVWXZ';
    return {
      id,
      number: String(rng.range(1, 180)),
      street: rng.pick(STREETS.NL),
      town: town.name,
      postcode: `${town.area}${rng.range(10, 99)} ${letters[rng.int(letters.length)]}${letters[rng.int(letters.length)]}`,
      country,
    };
  }
  if (country === 'RO') {
    const town = pickTown(rng, TOWNS.RO);
    return {
      id,
      number: String(rng.range(1, 120)),
      street: rng.pick(STREETS.RO),
      town: town.name,
      postcode: `${town.area}${rng.range(10000, 99999)}`.slice(0, 6),
      country,
    };
  }
  const town = options.town
    ? (TOWNS.GB.find((t) => t.name === options.town) ?? pickTown(rng, TOWNS.GB))
    : pickTown(rng, TOWNS.GB);
  const flat = options.flat ?? rng.chance(0.2);
  const address: Address = {
    id,
    number: String(rng.range(1, 220)),
    street: rng.pick(STREETS.GB),
    town: town.name,
    postcode: gbPostcode(rng, town.area),
    country: 'GB',
  };
  if (flat) address.flat = `Flat ${rng.range(1, 12)}`;
  return address;
}

/** `Flat 2, 14 Mill Lane` (GB) or `Kerkstraat 12` (NL/RO). */
export function streetLine(address: Address): string {
  if (address.country === 'GB')
    return `${address.flat ? `${address.flat}, ` : ''}${address.number} ${address.street}`;
  return `${address.street} ${address.number}${address.flat ? ` ${address.flat.replace('Flat ', '-')}` : ''}`;
}

/** One line with town and postcode: `12 Station Road, Leeds, LS6 2QT`. */
export function oneLine(address: Address): string {
  if (address.country === 'GB') return `${streetLine(address)}, ${address.town}, ${address.postcode}`;
  return `${streetLine(address)}, ${address.postcode} ${address.town}`;
}

/** Street types abbreviated (`Rd`, `St`), as some bank systems store them. */
export function abbreviated(line: string): string {
  let out = line;
  for (const [full, short] of STREET_ABBREVIATIONS) out = out.replace(full, short);
  return out;
}
