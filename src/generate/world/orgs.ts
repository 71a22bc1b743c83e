/** Organisations: background employers (recomputed from their index), landlords and system payers. */
import { pad, scramble } from '../ids/scramble.ts';
import { rngFor } from '../rng.ts';
import { openAccount } from './accounts.ts';
import { makeAddress } from './addresses.ts';
import { addDays } from './calendar.ts';
import type { Organisation } from './types.ts';

export const SECTORS: readonly (readonly [string, string])[] = [
  ['LOGISTICS', '52290'],
  ['FOODS', '10890'],
  ['CARE SERVICES', '87100'],
  ['CONSTRUCTION', '41201'],
  ['CLEANING SERVICES', '81210'],
  ['PACKAGING', '82920'],
  ['FARMS', '01130'],
  ['TRADING', '46900'],
  ['HOSPITALITY', '56101'],
  ['MOTORS', '45200'],
  ['RETAIL', '47190'],
  ['ENGINEERING', '71129'],
  ['PRINT', '18129'],
  ['HAND CAR WASH', '45200'],
];

const PREFIXES = [
  'NORTHGATE',
  'PENNINE',
  'ALBION',
  'MERCIA',
  'RIVERSIDE',
  'KESTREL',
  'OAKFIELD',
  'FENLAND',
  'BRIDGEWAY',
  'ASHDOWN',
  'CROWN',
  'HARBOUR',
  'STERLING',
  'MEADOW',
  'SUMMIT',
  'UNITY',
  'VICTORIA',
  'WESTBROOK',
  'GREENLEAF',
  'PREMIER',
  'SWIFT',
  'CASTLE',
  'PHOENIX',
  'ORCHARD',
  'ATLAS',
  'HERITAGE',
  'REDWOOD',
  'SILVERLINE',
  'TRINITY',
];

/** Registry number spaces: background employers start `0`, planted and negative organisations `1`-`3`. */
export function companyNumber(space: 0 | 1 | 2 | 3, index: number): string {
  return `${space}${pad(scramble(index % 1e7, 1e7, 81 + space), 7)}`;
}

export function companyName(seed: number, space: string, index: number, sector?: string): string {
  const rng = rngFor(seed, 'org-name', space, index);
  const [sectorName] = sector ? [sector] : rng.pick(SECTORS);
  return `${rng.pick(PREFIXES)} ${sectorName} ${rng.chance(0.1) ? 'UK LTD' : 'LTD'}`;
}

export function sicFor(sector: string): string {
  return SECTORS.find(([name]) => name === sector)?.[1] ?? '82990';
}

/** Background employer `e` (Zipf-sized; most are small). Banks elsewhere, so payroll is credits only. */
export function employer(seed: number, e: number, periodStart: string): Organisation {
  const rng = rngFor(seed, 'employer', e);
  const [sector, sic] = rng.pick(SECTORS);
  const country = rng.chance(0.85) ? 'GB' : 'NL';
  const org: Organisation = {
    id: `ORG-E${pad(e, 6)}`,
    name:
      country === 'GB'
        ? companyName(seed, 'employer', e, sector)
        : `${rng.pick(PREFIXES).charAt(0)}${rng.pick(PREFIXES).slice(1).toLowerCase()} ${['Logistiek', 'Tuinbouw', 'Schoonmaak', 'Transport'][rng.int(4)]} B.V.`,
    number: companyNumber(0, e),
    country,
    kind: 'company',
    address: makeAddress(rng, `ADR-E${pad(e, 6)}`, country, { flat: false }),
    sic,
    incorporated: addDays(periodStart, -rng.range(200, 9000)),
  };
  org.account = openAccount({
    holder: { kind: 'org', org },
    country: country === 'GB' ? 'GB' : 'NL',
    bank: 'X',
    space: 'org',
    index: e,
    before: periodStart,
    branchTown: org.address.town,
    seed,
  });
  return org;
}

/** A fixed counterparty organisation (benefits agency, utility, travel operator) banking at X. */
export function systemOrg(
  seed: number,
  index: number,
  name: string,
  country: 'GB' | 'NL' | 'RO',
  periodStart: string,
  kind: Organisation['kind'] = 'public-body',
): Organisation {
  const rng = rngFor(seed, 'system-org', index);
  const org: Organisation = {
    id: `ORG-S${pad(index, 3)}`,
    name,
    number: country === 'RO' ? `J40/${1000 + index}/2009` : companyNumber(3, index),
    country,
    kind,
    address: makeAddress(rng, `ADR-S${pad(index, 3)}`, country, { flat: false }),
    sic: '84300',
    incorporated: addDays(periodStart, -5000),
  };
  org.account = openAccount({
    holder: { kind: 'org', org },
    country,
    bank: 'X',
    space: 'system',
    index,
    before: periodStart,
    branchTown: org.address.town,
    seed,
  });
  return org;
}
