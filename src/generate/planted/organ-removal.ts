/**
 * Trafficking for organ removal (`typologies` variant, issue #18 item 5): a broker in Britain finds
 * poor donors (Moldovan, Romanian, Ukrainian: UNODC 2015), pays a transplant clinic in Istanbul by
 * bank transfer, books the donors' flights there in small groups from his own account, and after
 * each operation pays the donor a lump sum — often less than promised. A co-broker in Romania
 * recruits and calls the donors. Donors are victims; the broker is the controller.
 */
import { makeIban } from '../ids/iban.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { call, caller, dayOf, everydaySpending } from '../world/activity.ts';
import { book } from '../world/booking.ts';
import { addDays } from '../world/calendar.ts';
import type { Account, Organisation, Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import { contactOf, everydayContacts, nickname, PLANTED_NOISE, plantedAddress, transfer } from './common.ts';
import type { PlantedNetwork } from './labour-benefit.ts';

const CLINICS = ['Anka Transplant Kliniği', 'Bosphorus Medical Clinic', 'Marmara Nephrology Hospital'];

/** A clinic abroad with a Turkish account (bank X: only the payers' banks show it). */
export function clinicAbroad(world: World, id: string, name: string): Organisation {
  const rng = world.rng('clinic', id);
  const org: Organisation = {
    id: `ORG-P${String(world.plantedOrgIndex()).padStart(5, '0')}`,
    name,
    number: `TR-${rng.range(100000, 999999)}`,
    country: 'TR',
    kind: 'company',
    address: {
      id: world.plantedAddressId(),
      number: String(rng.range(1, 200)),
      street: 'Büyükdere Caddesi',
      town: 'Istanbul',
      postcode: String(rng.range(34000, 34999)),
      country: 'TR',
    },
    sic: '86101',
    incorporated: addDays(world.period.start, -rng.range(1000, 4000)),
  };
  const account: Account = {
    iban: makeIban(
      'TR',
      `${String(rng.range(10, 99)).padStart(5, '0')}0${String(rng.range(1e7, 1e8 - 1))}${String(rng.range(1e7, 1e8 - 1))}`,
    ),
    bank: 'X',
    bankName: 'Anadolu Bankası',
    accountNumber: String(rng.range(1e7, 1e8 - 1)),
    holder: { kind: 'org', org },
    opened: org.incorporated,
    branch: 'Istanbul',
    currency: 'EUR',
  };
  org.account = account;
  return org;
}

export function organRemoval(world: World, id: string, size: number): PlantedNetwork {
  const rng = world.rng('network', id);
  const group = new GroupBuilder(id, 'network', 'organ-removal');
  group.truth.typologies = ['organ-removal'];
  group.truth.categories = ['THB'];
  group.truth.indicators = ['medical-travel-payer', 'lump-sum-after-trip', 'group-travel-payer'];
  const start = world.period.start;
  const town = rng.pick(['London', 'Birmingham', 'Manchester']);
  const broker = world.newPerson({
    origin: rng.pick(['RO', 'UA', 'GB'] as const),
    gender: 'M',
    age: [35, 60],
    address: plantedAddress(world, rng, 'GB', town),
    residence: 'GB',
    noise: PLANTED_NOISE,
    phoneChance: 1,
    telcoChance: 1,
  });
  broker.account = world.accountFor(broker, 'A');
  group.member(broker, 'controller');
  const recruiter = world.newPerson({
    origin: 'RO',
    age: [28, 55],
    address: plantedAddress(world, rng, 'RO'),
    residence: 'RO',
    noise: PLANTED_NOISE,
    phoneChance: 1,
  });
  group.member(recruiter, 'recruiter');
  const clinic = clinicAbroad(world, id, rng.pick(CLINICS));
  group.org(clinic, 'clinic');

  const donors: Person[] = [];
  for (let d = 0; d < Math.max(3, size - 2); d++) {
    const inGb = d % 2 === 0;
    const donor = world.newPerson({
      origin: rng.pick(['RO', 'UA', 'RO', 'BG'] as const),
      age: [19, 40],
      address: inGb ? plantedAddress(world, rng, 'GB', town, true) : plantedAddress(world, rng, 'RO'),
      residence: inGb ? 'GB' : 'RO',
      noise: PLANTED_NOISE,
      phoneChance: 0.9,
      telcoChance: 0.6,
    });
    donor.account = world.accountFor(donor, inGb ? 'A' : 'X', inGb ? {} : { country: 'RO' });
    donors.push(group.member(donor, 'victim'));
  }

  // Donors fly to Istanbul in threes, a fortnight apart, on the broker's account; each operation is
  // paid to the clinic before the flight, the donor after it.
  const span = world.period.months * 28;
  for (let b = 0; b * 3 < donors.length; b++) {
    const batch = donors.slice(b * 3, b * 3 + 3);
    const depart = addDays(start, Math.min(span - 40, 10 + b * 14 + rng.int(5)));
    const ref = book(world, rng, {
      payer: broker,
      account: broker.account,
      method: 'bank_transfer',
      passengers: batch,
      from: rng.pick(['London', 'Bucharest'] as const),
      to: 'Istanbul',
      depart,
      mode: 'air',
      returnAfter: rng.range(12, 20),
      fare: rng.range(180, 320),
    });
    group.ref('travel', ref, 'donors-flight');
    for (const donor of batch) {
      transfer(
        world,
        broker.account,
        clinic.account!,
        addDays(depart, -rng.range(3, 10)),
        rng.range(14000, 26000),
        'transfer',
        `TREATMENT ${donor.family.split('|')[0]!.toUpperCase()}`,
      );
      transfer(
        world,
        broker.account,
        donor.account!,
        addDays(depart, rng.range(18, 35)),
        rng.range(3000, 7500),
        'transfer',
        'PAYMENT',
      );
    }
  }
  for (let m = 0; m < world.period.months; m++) {
    // Recipients' money reaches the broker from abroad; his own life goes on.
    transfer(
      world,
      world.counterparty('GULF MEDICAL FACILITATION', 'GB').account!,
      broker.account,
      dayOf(world, rng, m),
      rng.range(30000, 60000),
      'transfer',
      'INVOICE',
    );
    everydaySpending(world, rng, broker.account, town, m);
    for (const donor of donors) {
      if (donor.account!.currency === 'GBP')
        everydaySpending(world, rng, donor.account!, donor.address.town, m, 0.4);
      if (donor.phone) {
        call(world, rng, caller(broker), { phone: donor.phone, telco: donor.telco }, dayOf(world, rng, m));
        if (recruiter.phone)
          call(
            world,
            rng,
            { phone: recruiter.phone, telco: false, town: 'Bucharest' },
            { phone: donor.phone, telco: donor.telco },
            dayOf(world, rng, m),
          );
      }
    }
    if (recruiter.phone)
      call(world, rng, caller(broker), { phone: recruiter.phone, telco: false }, dayOf(world, rng, m));
  }
  const exhibit = world.out.seizure.nextExhibit();
  world.out.seizure.handset(exhibit, broker, [
    ...donors.filter((d) => d.phone).map((d) => contactOf(rng, nickname(rng, d, 'K'), d.phone!, world)),
    ...(recruiter.phone ? [contactOf(rng, 'Vasile RO', recruiter.phone, world)] : []),
    ...everydayContacts(world, rng, broker),
  ]);
  group.ref('seized-phone', exhibit, 'handset');
  return { group, proceeds: broker.account, controller: broker };
}
