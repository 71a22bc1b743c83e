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
  controller.account = world.accountFor(controller, 'A');
  group.member(controller, 'controller');
  const controllers = [controller];
  if (size >= 15) {
    const second = world.newPerson({
      ...spec([25, 50], controller.address),
      family: controller.family,
      phoneChance: 1,
    });
    second.account = world.accountFor(second, rng.chance(0.5) ? 'B' : 'A', { country: 'GB' });
    controllers.push(group.member(second, 'controller'));
  }
  const recruiter = world.newPerson({
    ...spec([28, 60], plantedAddress(world, rng, 'RO'), 'RO'),
    phoneChance: 1,
  });
  recruiter.account = world.accountFor(recruiter, 'X', { country: 'RO' });
  group.member(recruiter, 'recruiter');
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
    const victim = world.newPerson({ ...spec([18, 52], houses[v % houses.length]!), phoneChance: 0.6 });
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
    person: strawDirector ?? controller,
    appointed: agency.incorporated,
    address: controller.address,
  });
  if (strawDirector)
    world.out.registry.appoint({
      org: agency,
      role: 'secretary',
      person: controller,
      appointed: agency.incorporated,
    });
  world.out.registry.appoint({
    org: agency,
    role: 'psc',
    person: controller,
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
    const payer = b % 2 === 0 ? recruiter : controller;
    const ref = book(world, rng, {
      payer,
      account: payer.account!,
      method: 'bank_transfer',
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
    const payee = toController ? controllers[i % controllers.length]!.account! : victim.account!;
    const payeePerson = payee.holder.kind === 'person' ? payee.holder.person : controller;
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
        payee: controller.account!,
        payeeName: fullName(nameFor(world.seed, controller, 'payee')).toUpperCase(),
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
        name: fullName(nameFor(world.seed, controller, 'tenancy-payer')),
        iban: controller.account.iban,
      },
    });
    group.ref('tenancy', id, 'controller-paid-tenancy');
    for (let m = 0; m < world.period.months; m++)
      transfer(world, controller.account, landlord.account, dayOf(world, rng, m, 1, 3), rent, 'rent', 'RENT');
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
      const into = victim.account ?? controllers[i % controllers.length]!.account!;
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
          transfer(world, victim.account, controller.account!, next, wage * 0.9, 'transfer', 'RENT AND FOOD');
        else cashOut(world, victim.account, next, Math.floor((wage * 0.85) / 10) * 10, town);
        everydaySpending(world, rng, victim.account, town, m, 0.3);
      }
    });
    // Controllers forward most of it abroad.
    for (const c of controllers)
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
      controller.account!,
      addDays(payday, 1),
      rng.range(2000, 5000),
      'transfer',
      'DIRECTOR LOAN',
    );
    everydaySpending(world, rng, controller.account!, controller.address.town, m);
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
    senders: [controller, ...victims.filter((v, i) => v.account && i % 3 === 0)],
  });
  return { group, proceeds: controller.account, controller };
}
