/**
 * Labour exploitation + benefit fraud: a recruiter abroad sends victims on group journeys paid by
 * one account; a GB agency "employs" them; they are crowded into a few houses whose rent a
 * controller pays; benefits and wages land in accounts the controllers hold, pass straight through,
 * and fan in to a beneficiary abroad. Evidence spans THB, BENEFIT and FINANCIAL.
 */

import { postClaim } from '../background/benefits.ts';
import type { Claim } from '../extracts/benefits.ts';
import type { SeizedItem } from '../extracts/seized.ts';
import { fullName, nameFor } from '../noise/names.ts';
import type { Origin } from '../pools/names.ts';
import { RO_TRAVEL_ORIGINS } from '../pools/places.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { call, caller, dayOf, everydaySpending } from '../world/activity.ts';
import { book } from '../world/booking.ts';
import { addDays } from '../world/calendar.ts';
import { cents } from '../world/text.ts';
import type { Account, Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import {
  cashOut,
  contactOf,
  everydayContacts,
  line,
  nickname,
  PLANTED_NOISE,
  plantedAddress,
  plantedCompany,
  sectorFor,
  transfer,
} from './common.ts';
import { writeFtmSide } from './ftm-side.ts';

const TOWNS = ['Peterborough', 'Boston', 'Wisbech', 'Leicester', 'Bradford', 'Northampton', 'Slough'];
const WEST_FOR_TOWN: Record<string, 'London' | 'Birmingham' | 'Manchester' | 'Leeds'> = {
  Bradford: 'Leeds',
  Leicester: 'Birmingham',
  Northampton: 'Birmingham',
};

export interface PlantedNetwork {
  group: GroupBuilder;
  /** Account the proceeds leave through (for a linked money-mule chain). */
  proceeds: Account;
  controller: Person;
}

export function labourBenefit(world: World, id: string, size: number): PlantedNetwork {
  const rng = world.rng('network', id);
  const group = new GroupBuilder(id, 'network', 'labour-benefit');
  group.truth.typologies = ['labour-exploitation', 'benefit-fraud', 'money-laundering'];
  group.truth.categories = ['THB', 'BENEFIT', 'FINANCIAL'];
  group.truth.indicators = [
    'group-travel-payer',
    'crowded-address',
    'agency-cohabitation',
    'third-party-rent',
    'arrival-then-claim',
    'shared-benefit-account',
    'claimant-not-holder',
    'pooled-wages',
    'rapid-pass-through',
    'fan-in-beneficiary',
    'shared-contact',
    'escorted-openings',
    'held-documents',
    'controlled-accounts',
    'hub-phone',
    'controller',
    'ghost-payroll',
  ];
  const origin: Origin = rng.pick(['RO', 'RO', 'RO', 'BG', 'PL', 'UA'] as const);
  const town = rng.pick(TOWNS);
  const start = world.period.start;
  const spec = (
    age: readonly [number, number],
    address = plantedAddress(world, rng, 'GB', town),
    residence = 'GB',
  ) => ({ origin, age, address, residence, noise: PLANTED_NOISE, telcoChance: 0.9 });

  // Controllers live apart from the victims; one is a director of the agency.
  const controller = group.member(
    world.newPerson({ ...spec([30, 55]), gender: 'M', phoneChance: 1 }),
    'controller',
  );
  // hidden-controller: a front holds the controller's accounts and is the agency's director; the
  // controller keeps the phone, the documents and the travel bookings (paid in cash).
  const hidden = world.variants.has('hidden-controller');
  const front = hidden
    ? group.member(world.newPerson({ ...spec([22, 45]), gender: 'M', phoneChance: 0.5 }), 'front')
    : controller;
  front.account = world.accountFor(front, 'A');
  group.member(controller, 'controller');
  if (hidden) group.member(front, 'front');
  const controllers = [controller];
  /** Who the controllers' money runs through: themselves, or their fronts. */
  const banks = [front];
  if (size >= 15) {
    const second = world.newPerson({
      ...spec([25, 50], controller.address),
      family: controller.family,
      phoneChance: 1,
    });
    if (!hidden) second.account = world.accountFor(second, rng.chance(0.5) ? 'B' : 'A', { country: 'GB' });
    controllers.push(group.member(second, 'controller'));
    if (!hidden) banks.push(second);
  }
  // shared-infra: labour rings in threes share one recruiter and one transport payer.
  const cluster = world.variants.has('shared-infra') ? Math.floor((Number(id.slice(-2)) - 1) / 3) : -1;
  const newRecruiter = () => {
    const person = world.newPerson({
      ...spec([28, 60], plantedAddress(world, rng, 'RO'), 'RO'),
      phoneChance: 1,
    });
    person.account = world.accountFor(person, 'X', { country: 'RO' });
    return person;
  };
  const recruiter = cluster >= 0 ? world.shared(`lb-recruiter-${cluster}`, newRecruiter) : newRecruiter();
  group.member(recruiter, 'recruiter');
  const transportPayer =
    cluster >= 0
      ? world.shared(`lb-transport-${cluster}`, () => {
          const person = world.newPerson({
            ...spec([30, 60], plantedAddress(world, rng, 'RO'), 'RO'),
            phoneChance: 1,
          });
          person.account = world.accountFor(person, 'X', { country: 'RO' });
          return person;
        })
      : undefined;
  if (transportPayer) {
    group.member(transportPayer, 'transport-payer');
    group.share(`lb-recruiter-${cluster}`, 'recruiter', recruiter.id);
    group.share(`lb-transport-${cluster}`, 'transport-payer', transportPayer.id);
  }
  const beneficiary = world.newPerson({
    ...spec([35, 65], plantedAddress(world, rng, 'RO'), 'RO'),
    phoneChance: 1,
  });
  beneficiary.account = world.accountFor(beneficiary, 'X', { country: 'RO' });
  group.member(beneficiary, 'beneficiary');

  // Victims crowd into a few houses; the controller pays the rent (third-party rent).
  const victimCount = Math.max(3, size - controllers.length - 2);
  const houses = Array.from({ length: Math.max(1, Math.ceil(victimCount / 8)) }, () =>
    plantedAddress(world, rng, 'GB', town, false),
  );
  const victims: Person[] = [];
  for (let v = 0; v < victimCount; v++) {
    // child-victims: children are trafficked with adults (issue #18); in a ring of six victims or
    // more, the last is 15 to 17 years old when the period starts.
    const child = world.variants.has('child-victims') && victimCount >= 6 && v === victimCount - 1;
    const age = child ? ([15, 17] as const) : ([18, 52] as const);
    const victim = world.newPerson({ ...spec(age, houses[v % houses.length]!), phoneChance: 0.6 });
    victims.push(group.member(victim, 'victim'));
  }
  for (const house of houses) group.address(house, 'crowded-address');
  if (houses.length > 1) group.truth.indicators.push('multi-address-claims');

  const agency = plantedCompany(world, rng, sectorFor(rng), houses[0]!);
  agency.account = world.accountFor(agency, 'A');
  group.org(agency, 'agency');
  const client = plantedCompany(world, rng, 'FOODS', plantedAddress(world, rng, 'GB', town, false));
  client.account = world.accountFor(client, 'X', { country: 'GB' });
  const strawDirector = rng.chance(0.5) ? victims[0]! : undefined;
  world.out.registry.appoint({
    org: agency,
    role: 'director',
    person: strawDirector ?? front,
    appointed: agency.incorporated,
    address: front.address,
  });
  if (strawDirector)
    world.out.registry.appoint({
      org: agency,
      role: 'secretary',
      person: front,
      appointed: agency.incorporated,
    });
  world.out.registry.appoint({
    org: agency,
    role: 'psc',
    person: front,
    appointed: agency.incorporated,
    share: '75-100',
  });
  if (strawDirector) group.truth.indicators.push('straw-director');

  // Group journeys: batches of 3-6 on one route and date, paid by the recruiter or the controller.
  const arrivals = new Map<Person, string>();
  const west = WEST_FOR_TOWN[town] ?? 'London';
  const batches: Person[][] = [];
  for (let v = 0; v < victims.length; v += 3) batches.push(victims.slice(v, v + 3));
  if (batches.length > 1 && batches[batches.length - 1]!.length < 3)
    batches[batches.length - 2]!.push(...batches.pop()!);
  for (const [b, batch] of batches.entries()) {
    const depart = addDays(start, -50 + b * rng.range(8, 20));
    const payer = transportPayer ?? (b % 2 === 0 ? recruiter : controller);
    const cash = hidden && payer === controller;
    const ref = book(world, rng, {
      payer,
      ...(cash ? {} : { account: payer.account! }),
      method: cash ? 'cash' : 'bank_transfer',
      passengers: batch,
      from: rng.pick(RO_TRAVEL_ORIGINS),
      to: west,
      via: ['Vienna'],
      depart,
      mode: 'coach',
      channel: 'agent',
      fare: rng.range(70, 110),
    });
    group.ref('travel', ref, 'group-booking');
    for (const v of batch) arrivals.set(v, addDays(depart, 2));
  }

  // Escorted openings: most victims get Albion accounts opened at one branch on a few days, with the controller's phone.
  const openingDay = addDays(start, -20 + rng.int(10));
  victims.forEach((victim, i) => {
    if (i % 5 === 4) return; // these have no account: their money goes straight to the controller
    victim.account = world.accountFor(victim, 'A', {
      opened: addDays(openingDay, i % 3),
      branchTown: town,
      online: false,
      kycPhone: controller.phone!,
    });
    group.account(victim.account, 'controlled-victim-account');
  });

  // Benefit claims soon after arrival, at the crowded houses, mostly paid to the controllers.
  victims.forEach((victim, i) => {
    if (i % 10 === 9) return;
    const arrived = arrivals.get(victim) ?? start;
    const toController = i % 4 !== 3 || !victim.account;
    const payee = toController ? banks[i % banks.length]!.account! : victim.account!;
    const payeePerson = payee.holder.kind === 'person' ? payee.holder.person : front;
    const claim: Claim = {
      ref: world.out.benefits.nextClaimRef('UC'),
      scheme: 'UC',
      claimant: victim,
      address: victim.address,
      start: addDays(arrived, rng.range(5, 28)),
      amount: cents(rng.range(520, 880)),
      frequency: 'MONTHLY',
      payee,
      payeeName: fullName(nameFor(world.seed, payeePerson, 'payee')).toUpperCase(),
      payeeRelationship: toController ? 'OTHER' : 'SELF',
      householdSize: 1,
      phone: i % 2 === 0 ? controller.phone! : (victim.phone ?? controller.phone!),
      ...(victim.documents[0] ? { document: victim.documents[0] } : {}),
    };
    postClaim(world, rng, claim);
    group.ref('benefits-claims', claim.ref, 'claim');
    // A second claim for the same person at another house (multi-address claims).
    if (i < 2 && houses.length > 1) {
      const other = houses[(houses.indexOf(victim.address) + 1) % houses.length]!;
      const second: Claim = {
        ...claim,
        ref: world.out.benefits.nextClaimRef('HB'),
        scheme: 'HB',
        address: other,
        amount: cents(rng.range(280, 420)),
        frequency: 'FOUR_WEEKLY',
        payee: front.account!,
        payeeName: fullName(nameFor(world.seed, front, 'payee')).toUpperCase(),
        payeeRelationship: 'OTHER',
      };
      postClaim(world, rng, second);
      group.ref('benefits-claims', second.ref, 'second-address-claim');
    }
  });

  // Tenancies: a landlord lets each house; the controller pays the rent.
  for (const house of houses) {
    const tenants = victims.filter((v) => v.address === house).slice(0, rng.range(2, 4));
    const landlord = plantedCompany(world, rng, 'LETTINGS', plantedAddress(world, rng, 'GB', town, false));
    landlord.account = world.accountFor(landlord, 'X', { country: 'GB' });
    const rent = rng.range(900, 1500);
    const id = world.out.tenancy.tenancy({
      address: house,
      type: 'house',
      landlord: {
        name: landlord.name,
        type: 'company',
        companyNumber: landlord.number,
        iban: landlord.account.iban,
      },
      tenants,
      start: addDays(start, -rng.range(60, 400)),
      rent,
      payer: {
        name: fullName(nameFor(world.seed, front, 'tenancy-payer')),
        iban: front.account!.iban,
      },
    });
    group.ref('tenancy', id, 'controller-paid-tenancy');
    for (let m = 0; m < world.period.months; m++)
      transfer(world, front.account!, landlord.account, dayOf(world, rng, m, 1, 3), rent, 'rent', 'RENT');
  }

  // Registry: victims as agency employees (payroll filings), though wages go to few accounts.
  for (const victim of victims)
    world.out.registry.appoint({
      org: agency,
      role: 'employee',
      person: victim,
      appointed: addDays(arrivals.get(victim) ?? start, rng.range(3, 15)),
    });

  // Monthly money: client pays agency; agency pays wages; victims' money passes straight through.
  for (let m = 0; m < world.period.months; m++) {
    const payday = dayOf(world, rng, m, 24, 26);
    transfer(
      world,
      client.account,
      agency.account,
      dayOf(world, rng, m, 18, 22),
      victims.length * rng.range(1500, 1900),
      'transfer',
      `INVOICE ${m + 1}`,
    );
    victims.forEach((victim, i) => {
      const wage = rng.range(1100, 1500);
      const into = victim.account ?? banks[i % banks.length]!.account!;
      transfer(
        world,
        agency.account!,
        into,
        payday,
        wage,
        'wage',
        `WAGES ${victim.account ? '' : fullName(nameFor(world.seed, victim, 'payroll')).toUpperCase()}`.trim(),
      );
      if (victim.account) {
        // >= 80 % leaves within 48 h: to the controller, the beneficiary abroad, or as cash.
        const next = addDays(payday, 1);
        if (i % 3 === 0)
          transfer(world, victim.account, beneficiary.account!, next, wage * 0.85, 'transfer', 'FAMILY');
        else if (i % 3 === 1)
          transfer(world, victim.account, front.account!, next, wage * 0.9, 'transfer', 'RENT AND FOOD');
        else cashOut(world, victim.account, next, Math.floor((wage * 0.85) / 10) * 10, town);
        everydaySpending(world, rng, victim.account, town, m, 0.3);
      }
    });
    // Controllers (or their fronts) forward most of it abroad.
    for (const c of banks)
      transfer(
        world,
        c.account!,
        beneficiary.account!,
        addDays(payday, 2),
        victims.length * rng.range(350, 600),
        'transfer',
        'INVEST',
      );
    transfer(
      world,
      agency.account,
      front.account!,
      addDays(payday, 1),
      rng.range(2000, 5000),
      'transfer',
      'DIRECTOR LOAN',
    );
    everydaySpending(world, rng, front.account!, front.address.town, m);
    // Hub phone: the controller calls every victim with a phone; the recruiter calls the controller.
    for (const victim of victims) {
      if (!victim.phone) continue;
      for (let c = 0; c < 3; c++)
        call(
          world,
          rng,
          caller(controller),
          { phone: victim.phone, telco: victim.telco },
          dayOf(world, rng, m),
        );
      if (rng.chance(0.5))
        call(
          world,
          rng,
          caller(victim),
          { phone: controller.phone!, telco: controller.telco },
          dayOf(world, rng, m),
        );
    }
    call(world, rng, caller(controller), { phone: recruiter.phone!, telco: false }, dayOf(world, rng, m));
    call(world, rng, caller(controller), { phone: beneficiary.phone!, telco: false }, dayOf(world, rng, m));
  }

  // Seizure at the controller's home: victims' passports and bank cards, a bag of SIM cards.
  const exhibit = world.out.seizure.nextExhibit();
  const seizedOn = addDays(world.period.end, -rng.range(3, 12));
  const items: SeizedItem[] = [];
  for (const victim of victims.slice(0, Math.max(2, Math.ceil(victims.length / 2)))) {
    const doc = victim.documents[0];
    if (doc) items.push({ type: doc.type, holder: victim, documentNumber: doc.number, country: doc.country });
    if (victim.account)
      items.push({ type: 'bank-card', holder: victim, country: 'GB', iban: victim.account.iban });
  }
  for (const victim of victims.filter((v) => v.phone).slice(0, 3))
    items.push({ type: 'sim-card', country: victim.phone!.country, phone: victim.phone!.e164 });
  world.out.seizure.search(exhibit, seizedOn, controller, line(controller.address), items);
  group.ref('seizure', exhibit, 'search');
  const contacts = [
    ...victims
      .filter((v) => v.phone)
      .map((v) => contactOf(rng, nickname(rng, v, town.slice(0, 4)), v.phone!, world)),
    contactOf(rng, rng.pick(['Văru', 'Nea Gicu', 'Boss RO']), recruiter.phone!, world),
    contactOf(rng, 'Banca', beneficiary.phone!, world),
    ...everydayContacts(world, rng, controller),
  ];
  world.out.seizure.handset(exhibit, controller, contacts);
  group.ref('seized-phone', exhibit, 'handset');

  writeFtmSide(world, rng, group, {
    recruiter,
    beneficiary,
    victims,
    senders: [front, ...victims.filter((v, i) => v.account && i % 3 === 0)],
  });
  if (hidden) group.truth.indicators.push('control-without-money');
  return { group, proceeds: front.account!, controller };
}
