/** Hard negative: a care home where many residents' benefits are paid to the home as appointee. */
import { postClaim } from '../background/benefits.ts';
import { plantedAddress, plantedCompany, transfer } from '../planted/common.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { dayOf } from '../world/activity.ts';
import { addDays } from '../world/calendar.ts';
import { cents } from '../world/text.ts';
import type { World } from '../world/world.ts';

export function careHome(world: World, id: string, size: number): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'care-home');
  group.truth.mimics = ['shared-benefit-account', 'claimant-not-holder', 'crowded-address', 'pooled-wages'];
  const home = plantedAddress(world, rng, 'GB', undefined, false);
  group.address(home, 'care-home');
  const org = plantedCompany(world, rng, 'CARE SERVICES', home);
  org.kind = 'charity';
  org.account = world.accountFor(org, 'A');
  group.org(org, 'care-home');
  const manager = group.member(
    world.newPerson({
      origin: 'GB',
      age: [40, 60],
      address: plantedAddress(world, rng, 'GB', home.town),
      residence: 'GB',
      noise: 0.04,
    }),
    'director',
  );
  world.out.registry.appoint({ org, role: 'director', person: manager, appointed: org.incorporated });
  const staff = Array.from({ length: Math.max(3, Math.round(size / 3)) }, () => {
    const s = world.newPerson({
      origin: rng.pick(['GB', 'RO', 'PL', 'GB'] as const),
      age: [20, 60],
      address: plantedAddress(world, rng, 'GB', home.town),
      residence: 'GB',
      noise: 0.04,
    });
    s.account = world.accountFor(s, rng.chance(0.6) ? 'A' : 'X', { country: 'GB' });
    world.out.registry.appoint({
      org,
      role: 'employee',
      person: s,
      appointed: addDays(world.period.start, -rng.range(50, 3000)),
    });
    return group.member(s, 'staff');
  });
  const residents = Array.from({ length: Math.max(6, size) }, () =>
    group.member(
      world.newPerson({
        origin: 'GB',
        age: [76, 98],
        address: home,
        residence: 'GB',
        noise: 0.04,
        phoneChance: 0.1,
      }),
      'resident',
    ),
  );
  world.out.tenancy.tenancy({
    address: home,
    type: 'care-home',
    landlord: { name: org.name, type: 'company', companyNumber: org.number, iban: org.account.iban },
    tenants: residents,
    start: addDays(world.period.start, -900),
    rent: 0,
    payer: { name: org.name, iban: org.account.iban },
  });
  for (const resident of residents) {
    for (const scheme of ['PC', 'AA'] as const) {
      const claim = {
        ref: world.out.benefits.nextClaimRef(scheme),
        scheme,
        claimant: resident,
        address: home,
        start: addDays(world.period.start, -rng.range(100, 2000)),
        amount: cents(scheme === 'PC' ? 4 * rng.range(60, 200) : 4 * rng.range(72, 108)),
        frequency: 'FOUR_WEEKLY' as const,
        payee: org.account,
        payeeName: org.name,
        payeeRelationship: 'APPOINTEE' as const,
        householdSize: 1,
      };
      postClaim(world, rng, claim);
      group.ref('benefits-claims', claim.ref, 'appointee-claim');
    }
  }
  for (let m = 0; m < world.period.months; m++) {
    for (const s of staff)
      transfer(
        world,
        org.account,
        s.account!,
        dayOf(world, rng, m, 27, 28),
        rng.range(1500, 2300),
        'wage',
        'SALARY',
      );
    transfer(
      world,
      world.counterparty('COUNTY COUNCIL ADULT CARE', 'GB').account!,
      org.account,
      dayOf(world, rng, m, 5, 10),
      residents.length * 600,
      'transfer',
      'CARE FEES',
    );
  }
  return group;
}
