/** Hard negative: a student hall where many young foreigners arrive one-way and parents abroad pay rent. */

import { fullName, nameFor } from '../noise/names.ts';
import { plantedAddress, plantedCompany, transfer } from '../planted/common.ts';
import type { Origin } from '../pools/names.ts';
import { RO_TRAVEL_ORIGINS } from '../pools/places.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { dayOf, everydaySpending } from '../world/activity.ts';
import { book } from '../world/booking.ts';
import { addDays } from '../world/calendar.ts';
import type { World } from '../world/world.ts';

export function studentResidence(world: World, id: string, size: number): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'student-residence');
  group.truth.mimics = ['crowded-address', 'third-party-rent', 'escorted-openings', 'arrival-then-claim'];
  const hall = plantedAddress(
    world,
    rng,
    'GB',
    rng.pick(['Leeds', 'Manchester', 'Birmingham', 'Nottingham', 'Sheffield']),
    false,
  );
  group.address(hall, 'student-hall');
  const operator = plantedCompany(world, rng, 'HOSPITALITY', hall);
  operator.account = world.accountFor(operator, 'X', { country: 'GB' });
  group.org(operator, 'accommodation-provider');
  const start = world.period.start;
  const term = addDays(start, rng.range(0, 10));
  const students = Array.from({ length: Math.max(8, size) }, (_, i) => {
    const origin: Origin = rng.pick(['RO', 'PL', 'BG', 'VN', 'UA', 'GB', 'NL'] as const);
    const s = world.newPerson({
      origin,
      age: [18, 23],
      address: hall,
      residence: 'GB',
      noise: 0.04,
      phoneChance: 1,
    });
    // Students open accounts at the campus branch during welcome week.
    s.account = world.accountFor(s, 'A', {
      opened: addDays(term, i % 4),
      branchTown: hall.town,
      online: false,
    });
    return group.member(s, 'student');
  });
  const parents = students.map((s) => {
    const p = world.newPerson({
      origin: s.origin,
      age: [42, 58],
      family: s.family,
      address: plantedAddress(world, rng, s.origin === 'GB' ? 'GB' : s.origin === 'NL' ? 'NL' : 'RO'),
      residence: s.origin === 'NL' ? 'NL' : s.origin === 'GB' ? 'GB' : 'RO',
      noise: 0.04,
    });
    p.account = world.accountFor(p, s.origin === 'NL' ? 'B' : 'X', {
      country: s.origin === 'NL' ? 'NL' : s.origin === 'GB' ? 'GB' : 'RO',
    });
    return group.member(p, 'parent');
  });
  const abroad = students.filter((s) => s.origin === 'RO');
  if (abroad.length > 0) {
    const ref = book(world, rng, {
      payer: parents[students.indexOf(abroad[0]!)]!,
      account: parents[students.indexOf(abroad[0]!)]!.account!,
      method: 'card',
      passengers: abroad.slice(0, 1),
      from: rng.pick(RO_TRAVEL_ORIGINS),
      to: 'London',
      depart: addDays(term, -3),
      mode: 'air',
      fare: 120,
    });
    group.ref('travel', ref, 'student-arrival');
  }
  students.forEach((s, i) => {
    const parent = parents[i]!;
    const rent = 520 + (i % 3) * 40;
    world.out.tenancy.tenancy({
      address: { ...hall, flat: `Room ${100 + i}` },
      type: 'student-hall',
      landlord: {
        name: operator.name,
        type: 'company',
        companyNumber: operator.number,
        iban: operator.account!.iban,
      },
      tenants: [s],
      start: term,
      end: addDays(term, 300),
      rent,
      payer: { name: fullName(nameFor(world.seed, parent, 'tenancy-payer')), iban: parent.account!.iban },
    });
    for (let m = 0; m < world.period.months; m++) {
      transfer(
        world,
        parent.account!,
        operator.account!,
        dayOf(world, rng, m, 1, 3),
        rent,
        'rent',
        'ACCOMMODATION',
      );
      transfer(
        world,
        parent.account!,
        s.account!,
        dayOf(world, rng, m, 1, 5),
        rng.range(150, 450),
        'transfer',
        'ALLOWANCE',
      );
      everydaySpending(world, rng, s.account!, hall.town, m, 0.8);
    }
  });
  return group;
}
