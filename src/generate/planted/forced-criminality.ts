/**
 * Forced criminality (`typologies` variant, issue #18 item 5): a controller runs cannabis farms in
 * rented houses and a street-dealing line. Gardeners brought from Vietnam or Albania live in the
 * farms; the energy bills (many times a home's) are in a gardener's name, paid from money the
 * controller sends, and the controller pays the rent to the landlord without living there; he keeps
 * the gardeners' passports. Runners living in one flat deal on the street, bank the cash in their
 * own accounts without any income and send most of it to him. Police raid a farm and stop runners:
 * a gardener and one or two runners are arrested — as suspects, as victims of forced criminality
 * often are (Eurojust 2021). Gardeners and runners are victims.
 */
import type { SeizedItem } from '../extracts/seized.ts';
import type { TypologyExtracts } from '../extracts/typology-extracts.ts';
import { fullName, nameFor } from '../noise/names.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { call, caller, dayOf, everydaySpending } from '../world/activity.ts';
import { book } from '../world/booking.ts';
import { addDays } from '../world/calendar.ts';
import type { Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import { cashIn, line, PLANTED_NOISE, plantedAddress, plantedCompany, transfer } from './common.ts';
import type { PlantedNetwork } from './labour-benefit.ts';

export function forcedCriminality(
  world: World,
  extracts: TypologyExtracts,
  id: string,
  size: number,
): PlantedNetwork {
  const rng = world.rng('network', id);
  const group = new GroupBuilder(id, 'network', 'forced-criminality');
  group.truth.typologies = ['forced-criminality', 'drug-production'];
  group.truth.categories = ['THB', 'FINANCIAL'];
  group.truth.indicators = [
    'group-travel-payer',
    'residential-utility-spike',
    'cash-without-income',
    'arrested-under-control',
    'held-documents',
    'third-party-rent',
  ];
  const origin = rng.pick(['VN', 'VN', 'AL'] as const);
  const town = rng.pick(['Bradford', 'Leeds', 'Nottingham', 'Coventry', 'Sheffield']);
  const spec = (address = plantedAddress(world, rng, 'GB', town)) => ({
    origin,
    address,
    residence: 'GB',
    noise: PLANTED_NOISE,
  });
  const controller = world.newPerson({
    ...spec(),
    gender: 'M',
    age: [28, 55],
    phoneChance: 1,
    telcoChance: 1,
  });
  controller.account = world.accountFor(controller, 'A');
  group.member(controller, 'controller');
  const energy = world.counterparty('BRITISH GAS', 'GB');

  const farms = Array.from({ length: size >= 10 ? 2 : 1 }, () => plantedAddress(world, rng, 'GB', town));
  const gardeners: Person[] = [];
  for (const [f, farm] of farms.entries()) {
    const landlord = plantedCompany(world, rng, 'PROPERTY', plantedAddress(world, rng, 'GB', town, false));
    landlord.account = world.accountFor(landlord, 'A');
    group.org(landlord, 'landlord');
    group.address(farm, 'cannabis-farm');
    // Only the gardener the bills are in the name of has an account; the others have nothing.
    const here = Array.from({ length: f === 0 ? 2 : 1 }, (_, i) => {
      const g = world.newPerson({
        ...spec(farm),
        gender: 'M',
        age: [17, 35],
        phoneChance: 0.5,
        telcoChance: 0.5,
      });
      if (i === 0) g.account = world.accountFor(g, 'A', { branchTown: town });
      gardeners.push(group.member(g, 'victim'));
      return g;
    });
    const rent = rng.range(850, 1400);
    const tenancy = world.out.tenancy.tenancy({
      address: farm,
      type: 'house',
      landlord: {
        name: landlord.name,
        type: 'company',
        companyNumber: landlord.number,
        iban: landlord.account.iban,
      },
      tenants: here,
      start: addDays(world.period.start, -rng.range(30, 200)),
      rent,
      payer: {
        name: fullName(nameFor(world.seed, controller, 'tenancy-payer')),
        iban: controller.account.iban,
      },
    });
    group.ref('tenancy', tenancy, 'controller-paid-farm');
    const billPayer = here[0]!;
    for (let m = 0; m < world.period.months; m++) {
      transfer(world, controller.account, landlord.account, dayOf(world, rng, m, 1, 3), rent, 'rent', 'RENT');
      const bill = rng.range(1500, 2800);
      // He hands the gardener cash for the bills: paid in over the counter, then debited.
      for (let d = 0; d < 3; d++)
        cashIn(world, billPayer.account!, dayOf(world, rng, m, 1, 2), Math.round(bill / 3) + 50, town);
      transfer(
        world,
        billPayer.account!,
        energy.account!,
        dayOf(world, rng, m, 3, 6),
        bill,
        'direct-debit',
        'DIRECT DEBIT',
      );
      everydaySpending(world, rng, billPayer.account!, town, m, 0.2);
    }
  }

  const flat = plantedAddress(world, rng, 'GB', town, true);
  group.address(flat, 'runners-flat');
  const runners: Person[] = [];
  for (let r = 0; r < Math.max(2, size - 1 - gardeners.length); r++) {
    const runner = world.newPerson({
      ...spec(flat),
      gender: 'M',
      age: [16, 30],
      phoneChance: 1,
      telcoChance: 0.8,
    });
    runner.account = world.accountFor(runner, 'A', {
      branchTown: town,
      ...(runner.phone ? { kycPhone: runner.phone } : {}),
    });
    runners.push(group.member(runner, 'victim'));
  }
  for (let m = 0; m < world.period.months; m++) {
    for (const runner of runners) {
      let banked = 0;
      for (let d = 0; d < rng.range(7, 11); d++) {
        const amount = rng.range(150, 480);
        banked += amount;
        cashIn(world, runner.account!, dayOf(world, rng, m), amount, town);
      }
      for (let t = 0; t < 3; t++)
        transfer(
          world,
          runner.account!,
          controller.account,
          dayOf(world, rng, m, 8 + t * 7, 12 + t * 7),
          Math.round((banked * 0.85) / 3),
          'transfer',
          'PAY BACK',
          20 * 3600,
        );
      everydaySpending(world, rng, runner.account!, town, m, 0.3);
      if (runner.phone)
        for (let c = 0; c < 6; c++)
          call(
            world,
            rng,
            caller(controller),
            { phone: runner.phone, telco: runner.telco },
            dayOf(world, rng, m),
          );
    }
    for (const g of gardeners)
      if (g.phone)
        call(world, rng, caller(controller), { phone: g.phone, telco: g.telco }, dayOf(world, rng, m));
    everydaySpending(world, rng, controller.account, town, m);
  }

  // He brought them all over, by coach, on his account.
  const victims = [...gardeners, ...runners];
  for (let b = 0; b * 4 < victims.length; b++)
    group.ref(
      'travel',
      book(world, rng, {
        payer: controller,
        account: controller.account,
        method: 'bank_transfer',
        passengers: victims.slice(b * 4, b * 4 + 4),
        from: rng.pick(['Sofia', 'Budapest', 'Bucharest'] as const),
        to: 'London',
        depart: addDays(world.period.start, -rng.range(20, 120)),
        mode: 'coach',
        fare: rng.range(80, 140),
      }),
      'victims-coach',
    );

  // The raid and the street arrests, late in the period.
  const raid = addDays(world.period.end, -rng.range(15, 40));
  const farmArrest = extracts.offenceRef();
  const caught = gardeners[0]!;
  group.ref(
    'arrests',
    extracts.arrest({
      date: raid,
      offence: 'Cultivation of cannabis',
      code: 'MDA71 s6',
      at: caught.address,
      person: caught,
      offenceRef: farmArrest,
    }),
    'farm-raid',
  );
  const street = plantedAddress(world, rng, 'GB', town, false);
  for (const runner of runners.slice(0, runners.length >= 4 ? 2 : 1))
    group.ref(
      'arrests',
      extracts.arrest({
        date: addDays(raid, -rng.range(5, 30)),
        offence: 'Possession with intent to supply a controlled drug of Class A',
        code: 'MDA71 s5(3)',
        at: street,
        person: runner,
      }),
      'street-arrest',
    );

  // The controller's home is searched after the raid: the gardeners' passports.
  const exhibit = world.out.seizure.nextExhibit();
  const items: SeizedItem[] = gardeners.flatMap((g): SeizedItem[] => {
    const doc = g.documents.find((d) => d.type === 'passport') ?? g.documents[0];
    return doc ? [{ type: doc.type, holder: g, documentNumber: doc.number, country: doc.country }] : [];
  });
  world.out.seizure.search(exhibit, addDays(raid, 1), controller, line(controller.address), items);
  group.ref('seizure', exhibit, 'search');
  return { group, proceeds: controller.account, controller };
}
