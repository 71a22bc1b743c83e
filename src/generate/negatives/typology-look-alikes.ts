/**
 * Hard negatives of the `typologies` variant (issue #18 item 5): the innocent lives that look like
 * organ removal, online recruitment and forced criminality. Medical tourists pay their own treatment
 * at a clinic abroad and their own flights; a recruitment agency advertises many jobs with its own
 * number and pays its hires' wages; a bakery's energy bills are those of ovens; a takeaway owner
 * banks the till in cash and pays suppliers.
 */
import type { TypologyExtracts } from '../extracts/typology-extracts.ts';
import { mobile } from '../ids/phone.ts';
import { cashIn, plantedAddress, plantedCompany, transfer } from '../planted/common.ts';
import { clinicAbroad } from '../planted/organ-removal.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { call, dayOf, everydaySpending } from '../world/activity.ts';
import { book } from '../world/booking.ts';
import { addDays } from '../world/calendar.ts';
import type { Person } from '../world/types.ts';
import type { World } from '../world/world.ts';

const ordinary = (
  world: World,
  origin: 'GB' | 'PL' | 'RO',
  town: string,
  rng = world.rng('ordinary', town),
) =>
  world.newPerson({
    origin,
    age: [22, 64],
    address: plantedAddress(world, rng, 'GB', town),
    residence: 'GB',
    noise: 0.04,
    phoneChance: 1,
    telcoChance: 0.7,
  });

/** Medical tourists: each pays the clinic abroad and their own return flight. */
export function medicalTourists(world: World, id: string, size: number): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'medical-tourists');
  group.truth.mimics = ['medical-travel-payer', 'lump-sum-after-trip'];
  const clinic = clinicAbroad(
    world,
    id,
    rng.pick(['Istanbul Dental Clinic', 'Bosphorus Hair Transplant Clinic']),
  );
  group.org(clinic, 'clinic');
  for (let t = 0; t < Math.max(4, size); t++) {
    const tourist = ordinary(world, 'GB', rng.pick(['London', 'Leeds', 'Bristol']), rng);
    tourist.account = world.accountFor(tourist, 'A');
    group.member(tourist, 'patient');
    const depart = addDays(world.period.start, 10 + rng.int(world.period.months * 28 - 40));
    transfer(
      world,
      tourist.account,
      clinic.account!,
      addDays(depart, -rng.range(5, 20)),
      rng.range(1800, 6500),
      'transfer',
      'TREATMENT DEPOSIT',
    );
    group.ref(
      'travel',
      book(world, rng, {
        payer: tourist,
        account: tourist.account,
        method: 'bank_transfer',
        passengers: [tourist],
        from: 'London',
        to: 'Istanbul',
        depart,
        mode: 'air',
        returnAfter: rng.range(4, 10),
        fare: rng.range(150, 300),
      }),
      'own-flight',
    );
    for (let m = 0; m < world.period.months; m++) {
      transfer(
        world,
        world.counterparty('NATIONAL GROCERS PLC', 'GB').account!,
        tourist.account,
        dayOf(world, rng, m, 25, 28),
        rng.range(1800, 3200),
        'wage',
        'SALARY',
      );
      everydaySpending(world, rng, tourist.account, tourist.address.town, m);
    }
  }
  return group;
}

/** A recruitment agency: many adverts under its own name and number; hires paid their own wages. */
export function recruitmentAgency(
  world: World,
  extracts: TypologyExtracts,
  id: string,
  size: number,
): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'recruitment-agency');
  group.truth.mimics = ['recruitment-ads', 'pooled-wages'];
  const town = rng.pick(['Peterborough', 'Leicester', 'Northampton']);
  const agency = plantedCompany(world, rng, 'LOGISTICS', plantedAddress(world, rng, 'GB', town, false));
  agency.name = `${agency.name.replace(/ LTD$/i, '')} RECRUITMENT LTD`;
  agency.account = world.accountFor(agency, 'A');
  group.org(agency, 'agency');
  const director = ordinary(world, 'GB', town, rng);
  group.member(director, 'director');
  world.out.registry.appoint({
    org: agency,
    role: 'director',
    person: director,
    appointed: agency.incorporated,
  });
  const office = mobile('GB', 'planted', 3_900_000 + world.plantedOrgIndex());
  const platform = world.counterparty('WORKLY ADS LTD', 'GB');
  for (let a = 0; a < rng.range(10, 20); a++) {
    const date = addDays(world.period.start, rng.int(world.period.months * 28));
    extracts.ad({
      date,
      title: rng.pick(['Warehouse operatives', 'Forklift drivers', 'Packers, days and nights', 'Cleaners']),
      advertiser: agency.name,
      poster: { kind: 'org', org: agency },
      phone: office,
      payer: agency.account,
      town,
    });
    transfer(world, agency.account, platform.account!, date, rng.range(60, 200), 'transfer', 'WORKLY ADS');
  }
  const hires: Person[] = [];
  for (let h = 0; h < Math.max(5, size - 1); h++) {
    const hire = ordinary(world, rng.pick(['GB', 'PL', 'RO'] as const), town, rng);
    hire.account = world.accountFor(hire, 'A');
    hires.push(group.member(hire, 'applicant'));
    for (let c = 0; c < 2; c++)
      call(
        world,
        rng,
        { phone: hire.phone!, telco: hire.telco, town },
        { phone: office, telco: true },
        dayOf(world, rng, 0),
      );
    // Some came from abroad for the job, each on a flight they booked themselves.
    if (hire.origin !== 'GB' && h % 2 === 0)
      group.ref(
        'travel',
        book(world, rng, {
          payer: hire,
          account: hire.account,
          method: 'card',
          passengers: [hire],
          from: 'Bucharest',
          to: 'London',
          depart: addDays(world.period.start, rng.range(-40, 20)),
          mode: 'air',
          fare: rng.range(60, 140),
        }),
        'own-flight',
      );
  }
  for (let m = 0; m < world.period.months; m++) {
    for (const hire of hires) {
      transfer(
        world,
        agency.account,
        hire.account!,
        dayOf(world, rng, m, 25, 28),
        rng.range(1500, 2100),
        'wage',
        'SALARY',
      );
      everydaySpending(world, rng, hire.account!, town, m);
    }
    transfer(
      world,
      world.counterparty('NATIONAL GROCERS PLC', 'GB').account!,
      agency.account,
      dayOf(world, rng, m, 10, 15),
      hires.length * 2600,
      'transfer',
      'INVOICE',
    );
  }
  return group;
}

/** A bakery: ovens burn energy; bills paid from the company's account at its premises. */
export function bakery(world: World, id: string, size: number): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'bakery');
  group.truth.mimics = ['residential-utility-spike'];
  const town = rng.pick(['Leeds', 'Bradford', 'Sheffield']);
  const org = plantedCompany(world, rng, 'FOODS', plantedAddress(world, rng, 'GB', town, false));
  org.name = `${org.name.replace(/ LTD$/i, '')} BAKERY LTD`;
  org.account = world.accountFor(org, 'A');
  group.org(org, 'bakery');
  const owner = ordinary(world, 'GB', town, rng);
  owner.account = world.accountFor(owner, 'A');
  group.member(owner, 'director');
  world.out.registry.appoint({ org, role: 'director', person: owner, appointed: org.incorporated });
  const staff = Array.from({ length: Math.max(3, size - 1) }, () => {
    const s = ordinary(world, 'GB', town, rng);
    s.account = world.accountFor(s, 'A');
    world.out.registry.appoint({
      org,
      role: 'employee',
      person: s,
      appointed: addDays(world.period.start, -rng.range(30, 2000)),
    });
    return group.member(s, 'employee');
  });
  const energy = world.counterparty('BRITISH GAS', 'GB');
  for (let m = 0; m < world.period.months; m++) {
    transfer(
      world,
      org.account,
      energy.account!,
      dayOf(world, rng, m, 3, 6),
      rng.range(1600, 2900),
      'direct-debit',
      'DIRECT DEBIT',
    );
    for (let d = 0; d < 6; d++) cashIn(world, org.account, dayOf(world, rng, m), rng.range(400, 900), town);
    for (const s of staff) {
      transfer(
        world,
        org.account,
        s.account!,
        dayOf(world, rng, m, 25, 28),
        rng.range(1400, 1900),
        'wage',
        'SALARY',
      );
      everydaySpending(world, rng, s.account!, town, m);
    }
    transfer(
      world,
      org.account,
      owner.account,
      dayOf(world, rng, m, 25, 28),
      rng.range(2500, 3500),
      'wage',
      'SALARY',
    );
    everydaySpending(world, rng, owner.account, town, m);
  }
  return group;
}

/** A takeaway owner banks the till into his own account and pays his supplier and his cook. */
export function cashBusiness(world: World, id: string, size: number): GroupBuilder {
  const rng = world.rng('negative', id);
  const group = new GroupBuilder(id, 'hard-negative', 'cash-business');
  group.truth.mimics = ['cash-without-income', 'scattered-cash'];
  const town = rng.pick(['Leeds', 'Coventry', 'Nottingham']);
  const org = plantedCompany(world, rng, 'HAND CAR WASH', plantedAddress(world, rng, 'GB', town, false));
  const owner = world.newPerson({
    origin: rng.pick(['AL', 'VN', 'GB'] as const),
    age: [30, 60],
    address: plantedAddress(world, rng, 'GB', town),
    residence: 'GB',
    noise: 0.04,
    phoneChance: 1,
  });
  owner.account = world.accountFor(owner, 'A');
  group.member(owner, 'owner');
  group.org(org, 'business');
  world.out.registry.appoint({ org, role: 'director', person: owner, appointed: org.incorporated });
  const others = Array.from({ length: Math.max(2, size - 1) }, (_, i) => {
    const p = ordinary(world, 'GB', town, rng);
    p.account = world.accountFor(p, 'A');
    return group.member(p, i === 0 ? 'supplier' : 'employee');
  });
  for (let m = 0; m < world.period.months; m++) {
    let banked = 0;
    for (let d = 0; d < rng.range(8, 14); d++) {
      const amount = rng.range(200, 700);
      banked += amount;
      cashIn(world, owner.account, dayOf(world, rng, m), amount, town);
    }
    transfer(
      world,
      owner.account,
      others[0]!.account!,
      dayOf(world, rng, m, 10, 20),
      Math.round(banked * 0.5),
      'transfer',
      'STOCK',
    );
    for (const p of others.slice(1))
      transfer(
        world,
        owner.account,
        p.account!,
        dayOf(world, rng, m, 25, 28),
        rng.range(900, 1400),
        'transfer',
        'WAGES',
      );
    for (const p of others) everydaySpending(world, rng, p.account!, town, m);
    everydaySpending(world, rng, owner.account, town, m);
  }
  return group;
}
