/** Ordinary trips: diaspora families visiting home, holidays; one payer books for the household. */
import { HOLIDAY_DESTINATIONS, RO_TRAVEL_ORIGINS } from '../pools/places.ts';
import type { Rng } from '../rng.ts';
import { dayOf } from '../world/activity.ts';
import { book } from '../world/booking.ts';
import { ageOn } from '../world/calendar.ts';
import type { Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import type { Household } from './population.ts';

const WEST: Record<string, 'London' | 'Birmingham' | 'Manchester' | 'Leeds' | 'Amsterdam' | 'Rotterdam'> = {
  Birmingham: 'Birmingham',
  Manchester: 'Manchester',
  Leeds: 'Leeds',
  Bradford: 'Leeds',
  Sheffield: 'Leeds',
  Amsterdam: 'Amsterdam',
  Rotterdam: 'Rotterdam',
  'Den Haag': 'Rotterdam',
  Utrecht: 'Amsterdam',
};

export function householdTravel(world: World, rng: Rng, hh: Household, members: Person[]): void {
  const chance = hh.origin === 'RO' ? 0.25 : hh.origin === 'GB' || hh.origin === 'NL' ? 0.03 : 0.06;
  if (!rng.chance(chance * Math.min(1, world.period.months / 6))) return;
  const payer = members.find((p) => ageOn(p.birthDate, world.period.start) >= 18);
  if (!payer) return;
  const travellers = rng.chance(0.6) ? members : [payer];
  const home = WEST[hh.address.town] ?? (hh.country === 'NL' ? 'Amsterdam' : 'London');
  const destination = hh.origin === 'RO' ? rng.pick(RO_TRAVEL_ORIGINS) : rng.pick(HOLIDAY_DESTINATIONS);
  const method = !payer.account
    ? 'cash'
    : rng.weighted([
        ['card', 55],
        ['bank_transfer', 30],
        ['cash', 15],
      ] as const);
  book(world, rng, {
    payer,
    ...(payer.account && method !== 'cash' ? { account: payer.account } : {}),
    method,
    passengers: travellers,
    from: home,
    to: destination,
    depart: dayOf(world, rng, rng.int(world.period.months)),
    mode: rng.chance(0.5) ? 'air' : 'coach',
    returnAfter: rng.range(4, 21),
    fare: rng.range(60, 220),
  });
}
