/**
 * Hard negatives around payroll: a big legitimate employer (many foreign workers, some sharing homes)
 * and a company whose wages go through a payroll bureau (one bulk credit, paid out the next day).
 */

import { plantedAddress, plantedCompany, transfer } from '../planted/common.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { dayOf, everydaySpending } from '../world/activity.ts';
import { addDays } from '../world/calendar.ts';
import type { Address } from '../world/types.ts';
import type { World } from '../world/world.ts';

export function bigEmployer(world: World, id: string, size: number): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'big-employer');
  group.truth.mimics = ['agency-cohabitation', 'pooled-wages', 'crowded-address'];
  const town = rng.pick(['Peterborough', 'Boston', 'Leicester', 'Bradford']);
  const org = plantedCompany(world, rng, 'FOODS', plantedAddress(world, rng, 'GB', town, false));
  org.account = world.accountFor(org, 'A');
  group.org(org, 'employer');
  const director = group.member(
    world.newPerson({
      origin: 'GB',
      age: [45, 65],
      address: plantedAddress(world, rng, 'GB'),
      residence: 'GB',
      noise: 0.04,
    }),
    'director',
  );
  world.out.registry.appoint({ org, role: 'director', person: director, appointed: org.incorporated });
  let shared: Address | undefined;
  const workers = Array.from({ length: Math.max(10, size) }, (_, i) => {
    // Couples and friends share homes (2-3 per address), as ordinary workers do.
    if (i % 3 === 0 || !shared) shared = plantedAddress(world, rng, 'GB', town);
    const w = world.newPerson({
      origin: rng.pick(['GB', 'PL', 'RO', 'BG', 'GB', 'UA'] as const),
      age: [19, 62],
      address: shared,
      residence: 'GB',
      noise: 0.04,
    });
    w.account = world.accountFor(w, rng.chance(0.7) ? 'A' : 'X', { country: 'GB' });
    world.out.registry.appoint({
      org,
      role: 'employee',
      person: w,
      appointed: addDays(world.period.start, -rng.range(20, 4000)),
    });
    return group.member(w, 'employee');
  });
  for (let m = 0; m < world.period.months; m++) {
    transfer(
      world,
      world.counterparty('NATIONAL GROCERS PLC', 'GB').account!,
      org.account,
      dayOf(world, rng, m, 10, 15),
      workers.length * 2600,
      'transfer',
      'INVOICE',
    );
    const payday = dayOf(world, rng, m, 27, 28);
    for (const w of workers) {
      transfer(world, org.account, w.account!, payday, rng.range(1500, 2600), 'wage', 'SALARY');
      everydaySpending(world, rng, w.account!, town, m, 0.6);
    }
  }
  return group;
}

export function payrollBureau(world: World, id: string, size: number): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'payroll-bureau');
  group.truth.mimics = ['rapid-pass-through', 'pooled-wages', 'ghost-payroll'];
  const company = plantedCompany(
    world,
    rng,
    'ENGINEERING',
    plantedAddress(world, rng, 'GB', undefined, false),
  );
  company.account = world.accountFor(company, 'A');
  group.org(company, 'employer');
  const bureau = plantedCompany(world, rng, 'PRINT', plantedAddress(world, rng, 'GB', undefined, false));
  bureau.name = bureau.name.replace('PRINT', 'PAYROLL SERVICES');
  bureau.kind = 'bureau';
  bureau.account = world.accountFor(bureau, 'A');
  group.org(bureau, 'payroll-bureau');
  const director = group.member(
    world.newPerson({
      origin: 'GB',
      age: [40, 65],
      address: plantedAddress(world, rng, 'GB'),
      residence: 'GB',
      noise: 0.04,
    }),
    'director',
  );
  world.out.registry.appoint({
    org: company,
    role: 'director',
    person: director,
    appointed: company.incorporated,
  });
  const staff = Array.from({ length: Math.max(5, size) }, () => {
    const s = world.newPerson({
      origin: 'GB',
      age: [21, 64],
      address: plantedAddress(world, rng, 'GB'),
      residence: 'GB',
      noise: 0.04,
    });
    s.account = world.accountFor(s, rng.chance(0.6) ? 'A' : 'X', { country: 'GB' });
    world.out.registry.appoint({
      org: company,
      role: 'employee',
      person: s,
      appointed: addDays(world.period.start, -rng.range(20, 3000)),
    });
    return group.member(s, 'employee');
  });
  for (let m = 0; m < world.period.months; m++) {
    const day = dayOf(world, rng, m, 24, 26);
    const wages = staff.map(() => rng.range(1800, 3200));
    transfer(
      world,
      company.account,
      bureau.account,
      day,
      wages.reduce((a, b) => a + b, 0) + 250,
      'bulk',
      'PAYROLL FUNDING',
    );
    for (const [i, s] of staff.entries()) {
      transfer(world, bureau.account!, s.account!, addDays(day, 1), wages[i]!, 'wage', 'SALARY VIA BUREAU');
    }
  }
  return group;
}
