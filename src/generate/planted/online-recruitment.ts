/**
 * Online recruitment (`typologies` variant, issue #18 item 5): a controller in Britain posts job
 * adverts on a jobs platform under several made-up employer names, all with one prepaid phone, and
 * pays for them from his own account. Applicants in Romania call the number; he books their coach
 * to Britain in groups from his account, they are put to work through a front agency, and most of
 * each wage goes on to him the same day. Applicants are victims; the controller controls.
 */

import type { TypologyExtracts } from '../extracts/typology-extracts.ts';
import { mobile } from '../ids/phone.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { call, caller, dayOf, everydaySpending } from '../world/activity.ts';
import { book } from '../world/booking.ts';
import { addDays } from '../world/calendar.ts';
import type { Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import { PLANTED_NOISE, plantedAddress, plantedCompany, sectorFor, transfer } from './common.ts';
import type { PlantedNetwork } from './labour-benefit.ts';

const EMPLOYERS = [
  'Green Fields Picking',
  'UK Packhouse Jobs',
  'Midlands Warehouse Work',
  'Fresh Farm Staff',
  'Britannia Car Wash Jobs',
];
const TITLES = [
  'Fruit pickers wanted, accommodation provided',
  'Warehouse operatives, no English needed',
  'Car wash staff, cash weekly',
  'Packers, start Monday, transport paid',
  'Factory workers, £500/week',
];

export function onlineRecruitment(
  world: World,
  extracts: TypologyExtracts,
  id: string,
  size: number,
): PlantedNetwork {
  const rng = world.rng('network', id);
  const group = new GroupBuilder(id, 'network', 'online-recruitment');
  group.truth.typologies = ['online-recruitment', 'labour-exploitation'];
  group.truth.categories = ['THB', 'FINANCIAL'];
  group.truth.indicators = ['recruitment-ads', 'group-travel-payer', 'rapid-pass-through', 'pooled-wages'];
  const start = world.period.start;
  const town = rng.pick(['Peterborough', 'Boston', 'Leicester', 'Birmingham']);
  const controller = world.newPerson({
    origin: 'RO',
    gender: 'M',
    age: [26, 50],
    address: plantedAddress(world, rng, 'GB', town),
    residence: 'GB',
    noise: PLANTED_NOISE,
    phoneChance: 1,
    telcoChance: 1,
  });
  controller.account = world.accountFor(controller, 'A');
  group.member(controller, 'controller');
  // One prepaid number for every advert: the controller's second phone.
  const adPhone = mobile('GB', 'prepaid', 4_500_000 + (controller.index % 400_000));
  group.phone(adPhone, controller.id, 'ad-phone');
  const platform = world.counterparty('WORKLY ADS LTD', 'GB');
  const first = rng.int(EMPLOYERS.length);
  const names = Array.from({ length: rng.range(2, 4) }, (_, k) => EMPLOYERS[(first + k) % EMPLOYERS.length]!);
  const adCount = rng.range(6, 14);
  for (let a = 0; a < adCount; a++) {
    const date = addDays(start, rng.int(world.period.months * 28 - 30));
    extracts.ad({
      date,
      title: rng.pick(TITLES),
      advertiser: names[a % names.length]!,
      poster: { kind: 'person', person: controller },
      phone: adPhone,
      payer: controller.account,
      town,
    });
    transfer(world, controller.account, platform.account!, date, rng.range(25, 90), 'transfer', 'WORKLY ADS');
  }
  // A front agency pays the wages.
  const agency = plantedCompany(world, rng, sectorFor(rng), plantedAddress(world, rng, 'GB', town, false));
  agency.account = world.accountFor(agency, 'A');
  group.org(agency, 'front-agency');
  const house = plantedAddress(world, rng, 'GB', town);
  const applicants: Person[] = [];
  for (let v = 0; v < Math.max(4, size - 1); v++) {
    const applicant = world.newPerson({
      origin: 'RO',
      age: [18, 45],
      address: house,
      residence: 'GB',
      noise: PLANTED_NOISE,
      phoneChance: 1,
      telcoChance: 0.7,
    });
    applicant.account = world.accountFor(applicant, 'A', { kycPhone: applicant.phone!, branchTown: town });
    applicants.push(group.member(applicant, 'victim'));
  }
  group.address(house, 'workers-house');
  // Applicants call the advert phone, then travel in groups of three to five on his account.
  const batches: Person[][] = [];
  for (let i = 0; i < applicants.length; i += 4) batches.push(applicants.slice(i, i + 4));
  if (batches.length > 1 && batches[batches.length - 1]!.length < 3)
    batches[batches.length - 2]!.push(...batches.pop()!);
  for (const [g, batch] of batches.entries()) {
    const depart = addDays(start, -30 + g * 20);
    for (const a of batch)
      for (let c = 0; c < 2; c++)
        call(
          world,
          rng,
          { phone: a.phone!, telco: a.telco, town: 'Bucharest' },
          { phone: adPhone, telco: true },
          addDays(depart, -rng.range(3, 25)),
        );
    const ref = book(world, rng, {
      payer: controller,
      account: controller.account,
      method: 'bank_transfer',
      passengers: batch,
      from: rng.pick(['Bucharest', 'Iasi', 'Craiova'] as const),
      to: 'London',
      depart,
      mode: 'coach',
      fare: rng.range(70, 110),
    });
    group.ref('travel', ref, 'applicants-coach');
  }
  for (let m = 0; m < world.period.months; m++) {
    for (const a of applicants) {
      const date = dayOf(world, rng, m, 24, 28);
      const wage = rng.range(1200, 1700);
      transfer(world, agency.account, a.account!, date, wage, 'wage', 'SALARY', 9 * 3600);
      transfer(
        world,
        a.account!,
        controller.account,
        date,
        Math.round(wage * 0.75),
        'transfer',
        'RENT TRANSPORT',
        15 * 3600,
      );
      everydaySpending(world, rng, a.account!, town, m, 0.3);
      call(
        world,
        rng,
        { phone: adPhone, telco: true, town },
        { phone: a.phone!, telco: a.telco },
        dayOf(world, rng, m),
      );
    }
    transfer(
      world,
      world.counterparty('NATIONAL GROCERS PLC', 'GB').account!,
      agency.account,
      dayOf(world, rng, m, 10, 15),
      applicants.length * 1900,
      'transfer',
      'INVOICE',
    );
    everydaySpending(world, rng, controller.account, town, m);
    call(world, rng, caller(controller), { phone: adPhone, telco: true }, dayOf(world, rng, m));
  }
  return { group, proceeds: controller.account, controller };
}
