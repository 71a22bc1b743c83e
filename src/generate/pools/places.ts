/** Towns, streets and postcode shapes for the countries the world lives in, and travel places. */
import type { Rng } from '../rng.ts';

export interface Town {
  name: string;
  /** GB: outward-code area letters; NL: first two postcode digits. */
  area: string;
  /** Relative population weight. */
  weight: number;
}

export const GB_TOWNS: readonly Town[] = [
  { name: 'London', area: 'E', weight: 30 },
  { name: 'London', area: 'N', weight: 15 },
  { name: 'London', area: 'SE', weight: 15 },
  { name: 'Birmingham', area: 'B', weight: 12 },
  { name: 'Manchester', area: 'M', weight: 10 },
  { name: 'Leeds', area: 'LS', weight: 8 },
  { name: 'Bradford', area: 'BD', weight: 5 },
  { name: 'Leicester', area: 'LE', weight: 5 },
  { name: 'Peterborough', area: 'PE', weight: 4 },
  { name: 'Boston', area: 'PE', weight: 2 },
  { name: 'Wisbech', area: 'PE', weight: 1 },
  { name: 'Nottingham', area: 'NG', weight: 5 },
  { name: 'Sheffield', area: 'S', weight: 6 },
  { name: 'Bristol', area: 'BS', weight: 5 },
  { name: 'Luton', area: 'LU', weight: 3 },
  { name: 'Slough', area: 'SL', weight: 3 },
  { name: 'Northampton', area: 'NN', weight: 3 },
  { name: 'Coventry', area: 'CV', weight: 4 },
];

export const NL_TOWNS: readonly Town[] = [
  { name: 'Amsterdam', area: '10', weight: 10 },
  { name: 'Rotterdam', area: '30', weight: 8 },
  { name: 'Den Haag', area: '25', weight: 6 },
  { name: 'Utrecht', area: '35', weight: 5 },
  { name: 'Eindhoven', area: '56', weight: 3 },
  { name: 'Tilburg', area: '50', weight: 2 },
  { name: 'Venlo', area: '59', weight: 2 },
  { name: 'Westland', area: '26', weight: 2 },
];

export const RO_TOWNS: readonly Town[] = [
  { name: 'București', area: '0', weight: 10 },
  { name: 'Iași', area: '7', weight: 4 },
  { name: 'Cluj-Napoca', area: '4', weight: 4 },
  { name: 'Constanța', area: '9', weight: 3 },
  { name: 'Craiova', area: '2', weight: 3 },
  { name: 'Timișoara', area: '3', weight: 3 },
  { name: 'Bacău', area: '6', weight: 2 },
  { name: 'Suceava', area: '7', weight: 2 },
];

export const GB_STREETS: readonly string[] = [
  'Station Road',
  'High Street',
  'Church Lane',
  'Mill Lane',
  'Victoria Road',
  'Park Avenue',
  'Queens Road',
  'Kings Road',
  'London Road',
  'Manor Road',
  'Green Lane',
  'School Lane',
  'The Crescent',
  'Grove Street',
  'Albert Road',
  'Chapel Street',
  'New Street',
  'North Street',
  'Springfield Road',
  'Windsor Road',
  'Canal Street',
  'Brook Street',
  'Cemetery Road',
  'Belgrave Road',
  'Harehills Lane',
  'Stratford Road',
  'Lime Street',
  'Oxford Road',
  'Cambridge Street',
  'York Road',
  'Elm Grove',
  'Cedar Avenue',
  'Ash Close',
];

export const NL_STREETS: readonly string[] = [
  'Kerkstraat',
  'Dorpsstraat',
  'Schoolstraat',
  'Molenweg',
  'Stationsweg',
  'Julianalaan',
  'Beatrixstraat',
  'Wilhelminastraat',
  'Nieuwstraat',
  'Hoofdstraat',
  'Parallelweg',
  'Industrieweg',
  'Lindelaan',
  'Emmastraat',
  'Marktstraat',
  'Havenstraat',
  'Oranjestraat',
  'Prinsengracht',
  'Vondelstraat',
  'Zeeweg',
];

export const RO_STREETS: readonly string[] = [
  'Strada Victoriei',
  'Strada Mihai Eminescu',
  'Bulevardul Unirii',
  'Strada Libertății',
  'Strada Florilor',
  'Strada Republicii',
  'Calea Moșilor',
  'Strada Independenței',
  'Strada Mării',
  'Strada Gării',
];

export type Country = 'GB' | 'NL' | 'RO';

/** The pools by country: the world's and the resolution records' addresses draw from these alone. */
export const TOWNS: Record<Country, readonly Town[]> = { GB: GB_TOWNS, NL: NL_TOWNS, RO: RO_TOWNS };
export const STREETS: Record<Country, readonly string[]> = { GB: GB_STREETS, NL: NL_STREETS, RO: RO_STREETS };

/** Letters a GB postcode's inward code uses (C, I, K, M, O, V never). */
export const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A town drawn by population weight. */
export function pickTown(rng: Rng, towns: readonly Town[]): Town {
  return rng.weighted(towns.map((t) => [t, t.weight] as const));
}

/** GB street-name abbreviations some sources use. */
export const STREET_ABBREVIATIONS: readonly (readonly [string, string])[] = [
  [' Road', ' Rd'],
  [' Street', ' St'],
  [' Avenue', ' Ave'],
  [' Lane', ' Ln'],
  [' Close', ' Cl'],
];

/** Places the travel operator sells, with the Romanian spelling it writes. */
export interface TravelPlace {
  city: string;
  /** How Carpați Travel writes it. */
  ro: string;
  country: string;
}

export const TRAVEL_PLACES: Record<string, TravelPlace> = {
  Bucharest: { city: 'Bucharest', ro: 'București', country: 'RO' },
  Iasi: { city: 'Iasi', ro: 'Iași', country: 'RO' },
  Cluj: { city: 'Cluj-Napoca', ro: 'Cluj-Napoca', country: 'RO' },
  Constanta: { city: 'Constanta', ro: 'Constanța', country: 'RO' },
  Timisoara: { city: 'Timisoara', ro: 'Timișoara', country: 'RO' },
  Craiova: { city: 'Craiova', ro: 'Craiova', country: 'RO' },
  London: { city: 'London', ro: 'Londra', country: 'GB' },
  Birmingham: { city: 'Birmingham', ro: 'Birmingham', country: 'GB' },
  Manchester: { city: 'Manchester', ro: 'Manchester', country: 'GB' },
  Leeds: { city: 'Leeds', ro: 'Leeds', country: 'GB' },
  Amsterdam: { city: 'Amsterdam', ro: 'Amsterdam', country: 'NL' },
  Rotterdam: { city: 'Rotterdam', ro: 'Rotterdam', country: 'NL' },
  Vienna: { city: 'Vienna', ro: 'Viena', country: 'AT' },
  Budapest: { city: 'Budapest', ro: 'Budapesta', country: 'HU' },
  Brussels: { city: 'Brussels', ro: 'Bruxelles', country: 'BE' },
  Warsaw: { city: 'Warsaw', ro: 'Varșovia', country: 'PL' },
  Sofia: { city: 'Sofia', ro: 'Sofia', country: 'BG' },
  Rome: { city: 'Rome', ro: 'Roma', country: 'IT' },
  Madrid: { city: 'Madrid', ro: 'Madrid', country: 'ES' },
  Paris: { city: 'Paris', ro: 'Paris', country: 'FR' },
  // Medical destinations of the `typologies` variant's organ-removal networks (never picked otherwise).
  Istanbul: { city: 'Istanbul', ro: 'Istanbul', country: 'TR' },
};

export const RO_TRAVEL_ORIGINS = ['Bucharest', 'Iasi', 'Cluj', 'Constanta', 'Timisoara', 'Craiova'] as const;
export const WEST_DESTINATIONS = [
  'London',
  'Birmingham',
  'Manchester',
  'Leeds',
  'Amsterdam',
  'Rotterdam',
] as const;
export const HOLIDAY_DESTINATIONS = [
  'Rome',
  'Madrid',
  'Paris',
  'Vienna',
  'Budapest',
  'Sofia',
  'Brussels',
  'Warsaw',
] as const;
