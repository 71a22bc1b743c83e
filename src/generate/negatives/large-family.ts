/** Hard negative: a large family at one address (shared surname, shared home phone, one payer for trips). */
import { postClaim } from '../background/benefits.ts';
import { fullName, nameFor } from '../noise/names.ts';
import { plantedAddress, transfer } from '../planted/common.ts';
import { NAME_POOLS, type Origin } from '../pools/names.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { call, caller, dayOf, everydaySpending } from '../world/activity.ts';
import { book } from '../world/booking.ts';
import { addDays } from '../world/calendar.ts';
import { cents } from '../world/text.ts';
import type { Person } from '../world/types.ts';
import type { World } from '../world/world.ts';

export function largeFamily(world: World, id: string, size: number): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'large-family');
  group.truth.mimics = ['crowded-address', 'group-travel-payer', 'shared-contact', 'claimant-not-holder'];
  const origin: Origin = rng.pick(['RO', 'GB', 'AL', 'PL'] as const);
  const family = rng.pick(NAME_POOLS[origin].family);
  const home = plantedAddress(world, rng, 'GB', undefined, false);
  group.address(home, 'family-home');
  const base = { origin, family, address: home, residence: 'GB', noise: 0.04 };
  const father = group.member(world.newPerson({ ...base, gender: 'M', age: [38, 50] }), 'parent');
  const mother = group.member(world.newPerson({ ...base, gender: 'F', age: [35, 46] }), 'parent');
  const grandmother = group.member(world.newPerson({ ...base, gender: 'F', age: [68, 82] }), 'grandparent');
  const children: Person[] = [];
  for (let i = 0; i < Math.max(3, size - 3); i++)
    children.push(
      group.member(
        world.newPerson({ ...base, age: i < 3 ? [18, 22] : [2, 17], phoneChance: i < 3 ? 0.9 : 0.3 }),
        'child',
      ),
    );
  father.account = world.accountFor(father, 'A');
  mother.account = world.accountFor(mother, 'A');
  for (const adultChild of children.slice(0, 3))
    adultChild.account = world.accountFor(adultChild, 'A', { kycPhone: mother.phone ?? father.phone! });
  for (const p of [father, mother, ...children.slice(0, 3)]) group.account(p.account!, 'family-account');
  const minors = children.slice(3);
  const cb = {
    ref: world.out.benefits.nextClaimRef('CB'),
    scheme: 'CB' as const,
    claimant: mother,
    address: home,
    start: addDays(world.period.start, -3000),
    amount: cents(4 * (25.6 + 16.95 * Math.max(0, minors.length - 1))),
    frequency: 'FOUR_WEEKLY' as const,
    payee: mother.account,
    payeeName: fullName(nameFor(world.seed, mother, 'payee')).toUpperCase(),
    payeeRelationship: 'SELF' as const,
    householdSize: size,
  };
  postClaim(world, rng, cb);
  group.ref('benefits-claims', cb.ref, 'child-benefit');
  const pc = {
    ...cb,
    ref: world.out.benefits.nextClaimRef('PC'),
    scheme: 'PC' as const,
    claimant: grandmother,
    amount: cents(4 * 95),
    payee: mother.account,
    payeeName: cb.payeeName,
    payeeRelationship: 'OTHER' as const,
  };
  postClaim(world, rng, pc);
  group.ref('benefits-claims', pc.ref, 'grandparent-paid-to-daughter');
  const ref = book(world, rng, {
    payer: father,
    account: father.account,
    method: 'card',
    passengers: [father, mother, grandmother, ...children],
    from: 'London',
    to: origin === 'RO' ? 'Bucharest' : 'Rome',
    depart: dayOf(world, rng, Math.min(1, world.period.months - 1)),
    mode: 'air',
    returnAfter: 14,
    fare: 140,
  });
  group.ref('travel', ref, 'family-holiday');
  for (let m = 0; m < world.period.months; m++) {
    transfer(
      world,
      world.counterparty('MERIDIAN FOODS PLC', 'GB').account!,
      father.account,
      dayOf(world, rng, m, 25, 28),
      rng.range(2600, 2900),
      'wage',
      'SALARY',
    );
    for (const child of children.slice(0, 3))
      transfer(
        world,
        mother.account,
        child.account!,
        dayOf(world, rng, m, 1, 5),
        rng.range(40, 120),
        'transfer',
        'POCKET MONEY',
      );
    everydaySpending(world, rng, father.account, home.town, m, 1.5);
    everydaySpending(world, rng, mother.account, home.town, m, 1.5);
    for (const p of [father, ...children])
      if (p.phone && mother.phone)
        call(world, rng, caller(p), { phone: mother.phone, telco: mother.telco }, dayOf(world, rng, m));
  }
  return group;
}
