/** Helpers shared by the planted typologies: a group's places, people, money moves and paperwork. */
import type { Contact } from '../extracts/seized.ts';
import { formatPhone, type Phone } from '../ids/phone.ts';
import { canonical, type Origin } from '../pools/names.ts';
import type { Rng } from '../rng.ts';
import { makeAddress, oneLine } from '../world/addresses.ts';
import { addDays } from '../world/calendar.ts';
import { companyName, companyNumber, sicFor } from '../world/orgs.ts';
import { cents } from '../world/text.ts';
import type { Account, Address, Organisation, Person, TxnKind } from '../world/types.ts';
import type { World } from '../world/world.ts';

/** Noise level for planted persons: they appear under more variant spellings than the background. */
export const PLANTED_NOISE = 0.3;

export function plantedAddress(
  world: World,
  rng: Rng,
  country: string,
  town?: string,
  flat?: boolean,
): Address {
  return makeAddress(rng, world.plantedAddressId(), country, {
    ...(town ? { town } : {}),
    ...(flat !== undefined ? { flat } : {}),
  });
}

export function plantedCompany(
  world: World,
  rng: Rng,
  sector: string,
  address: Address,
  country: 'GB' | 'RO' = 'GB',
): Organisation {
  const index = world.plantedOrgIndex();
  const org: Organisation = {
    id: `ORG-P${String(index).padStart(5, '0')}`,
    name:
      country === 'GB'
        ? companyName(world.seed, 'planted', index, sector)
        : `${rng.pick(['Muncă Vest', 'Transilvania Job', 'Dunărea Recrutare', 'Carpați Resurse', 'Euro Personal'])} S.R.L.`,
    number:
      country === 'GB'
        ? companyNumber(1, index)
        : `J${rng.range(10, 40)}/${rng.range(100, 9999)}/${rng.range(2015, 2023)}`,
    country,
    kind: 'agency',
    address,
    sic: sicFor(sector),
    incorporated: addDays(world.period.start, -rng.range(200, 1500)),
  };
  return org;
}

export function transfer(
  world: World,
  from: Account,
  to: Account,
  date: string,
  amount: number,
  kind: TxnKind,
  reference: string,
  time = 10 * 3600,
): void {
  world.out.post({
    date,
    time,
    from,
    to,
    amount: cents(amount),
    currency: from.currency === 'GBP' ? 'GBP' : 'EUR',
    kind,
    reference,
  });
}

export function cashOut(
  world: World,
  from: Account,
  date: string,
  amount: number,
  town: string,
  time = 14 * 3600,
): void {
  world.out.post({
    date,
    time,
    from,
    to: { kind: 'cash', name: 'ATM', town },
    amount: cents(amount),
    currency: from.currency === 'EUR' ? 'EUR' : 'GBP',
    kind: 'atm',
    reference: '',
  });
}

export function cashIn(
  world: World,
  to: Account,
  date: string,
  amount: number,
  town: string,
  time = 11 * 3600,
): void {
  world.out.post({
    date,
    time,
    from: { kind: 'cash', name: 'CASH', town },
    to,
    amount: cents(amount),
    currency: to.currency === 'EUR' ? 'EUR' : 'GBP',
    kind: 'cash-deposit',
    reference: '',
  });
}

/** How a person is saved in a seized handset: a nickname from their given name. */
export function nickname(rng: Rng, person: Person, suffix: string): string {
  const given = canonical(person.given);
  return rng.pick([given, `${given} ${suffix}`, `${given.slice(0, 3)}`, `${given} ${rng.range(1, 9)}`]);
}

export function contactOf(rng: Rng, name: string, phone: Phone, world: World): Contact {
  // National formats only for GB numbers: a foreign number saved nationally could not be resolved.
  const style =
    phone.country === 'GB'
      ? rng.pick(['e164', 'intlSpaced', 'nationalCompact', 'national', 'intl00'] as const)
      : rng.pick(['e164', 'intlSpaced', 'intl00'] as const);
  return {
    name,
    number: formatPhone(phone, style),
    lastContacted: `${addDays(world.period.start, rng.int(world.period.months * 28))} ${String(rng.range(7, 23)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}`,
    app: rng.pick(['Phone', 'WhatsApp', 'WhatsApp', 'Telegram', 'Signal'] as const),
  };
}

/** A few innocent contacts every handset has (relatives abroad, a takeaway). */
export function everydayContacts(world: World, rng: Rng, owner: Person): Contact[] {
  const out: Contact[] = [];
  const abroad = world.rng('family-phone', owner.index);
  out.push(
    contactOf(
      rng,
      rng.pick(['Mama', 'Mamă', 'Tata', 'Mum']),
      {
        e164: `+40${['722', '744', '755'][abroad.int(3)]}${String(abroad.range(100000, 999999))}`,
        country: 'RO',
      },
      world,
    ),
  );
  return out;
}

export function sectorFor(rng: Rng): string {
  return rng.pick([
    'CLEANING SERVICES',
    'FOODS',
    'PACKAGING',
    'FARMS',
    'HAND CAR WASH',
    'CONSTRUCTION',
    'LOGISTICS',
  ]);
}

export function networkOrigin(rng: Rng, options: readonly Origin[]): Origin {
  return rng.pick(options);
}

export function line(address: Address): string {
  return oneLine(address);
}
