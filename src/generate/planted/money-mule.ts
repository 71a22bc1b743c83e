/**
 * Money-mule chain: a herder opens accounts for young mules (same branch, same days, the herder's
 * phone), feeds them fraud proceeds and drug cash deposited across cities, plus money from a
 * linked trafficking network; the chain passes it on within hours to a collector and abroad.
 */
import type { SeizedItem } from '../extracts/seized.ts';
import type { Origin } from '../pools/names.ts';
import type { Rng } from '../rng.ts';
import { GroupBuilder } from '../truth/ground-truth.ts';
import { call, caller, dayOf, everydaySpending } from '../world/activity.ts';
import { addDays } from '../world/calendar.ts';
import type { Account, Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import {
  cashIn,
  cashOut,
  contactOf,
  everydayContacts,
  line,
  nickname,
  PLANTED_NOISE,
  plantedAddress,
  transfer,
} from './common.ts';
import { writeFtmSide } from './ftm-side.ts';
import type { PlantedNetwork } from './labour-benefit.ts';

const CITIES = [
  'London',
  'Birmingham',
  'Manchester',
  'Leeds',
  'Bristol',
  'Nottingham',
  'Coventry',
  'Sheffield',
  'Luton',
];

export function moneyMule(world: World, id: string, size: number, linked?: PlantedNetwork): PlantedNetwork {
  const rng = world.rng('network', id);
  const group = new GroupBuilder(id, 'network', 'money-mule');
  group.truth.typologies = [
    'money-laundering',
    linked ? 'proceeds-of-trafficking' : 'fraud',
    'drug-proceeds',
  ];
  group.truth.categories = ['FINANCIAL', 'THB'];
  group.truth.indicators = [
    'rapid-pass-through',
    'scattered-cash',
    'escorted-openings',
    'controlled-accounts',
    'shared-contact',
    'fan-in-beneficiary',
    'hub-phone',
    'held-documents',
  ];
  if (linked) group.truth.linkedTo.push(linked.group.truth.id);
  const start = world.period.start;
  const home = rng.pick(CITIES.slice(0, 4));
  const origin: Origin = rng.pick(['GB', 'RO', 'AL', 'PL'] as const);
  const person = (age: readonly [number, number], o: Origin, residence = 'GB', town = home) =>
    world.newPerson({
      origin: o,
      age,
      address: plantedAddress(world, rng, residence, residence === 'GB' ? town : undefined),
      residence,
      noise: PLANTED_NOISE,
      phoneChance: 1,
      telcoChance: 0.8,
    });

  const herder = group.member(person([24, 45], origin), 'controller');
  herder.account = world.accountFor(herder, 'A');
  group.member(herder, 'controller');
  const collector = group.member(person([25, 50], origin, 'NL'), 'collector');
  collector.account = world.accountFor(collector, 'B');
  group.member(collector, 'collector');
  const beneficiary = group.member(person([35, 60], 'RO', 'RO'), 'beneficiary');
  beneficiary.account = world.accountFor(beneficiary, 'X', { country: 'RO' });
  group.member(beneficiary, 'beneficiary');
  const courier = group.member(person([20, 40], origin), 'cash-courier');

  // Mules: young, mostly students, accounts opened on two days at one branch with the herder's phone.
  const muleCount = Math.max(3, size - 7);
  const opening = addDays(start, -rng.range(15, 40));
  const mules: Person[] = [];
  for (let i = 0; i < muleCount; i++) {
    const mule = person(
      [18, 24],
      rng.pick(['GB', 'GB', 'RO', 'PL', 'UA'] as const),
      i % 5 === 4 ? 'NL' : 'GB',
      rng.pick(CITIES),
    );
    mule.account = world.accountFor(mule, mule.address.country === 'NL' ? 'B' : 'A', {
      opened: addDays(opening, i % 2),
      branchTown: home,
      online: false,
      kycPhone: i % 4 === 3 ? mule.phone! : herder.phone!,
    });
    mules.push(group.member(mule, 'mule'));
  }
  // Layers: first half receive, second half pass on to the collector.
  const first = mules.slice(0, Math.ceil(mules.length / 2));
  const second = mules.slice(Math.ceil(mules.length / 2));
  const nextOf = (i: number): Account =>
    second.length > 0 ? second[i % second.length]!.account! : collector.account!;

  if (world.variants.has('mule-fraud')) {
    fraudFedChain(world, group, { herder, collector, beneficiary, mules, linked });
    return finish(world, rng, group, { herder, collector, beneficiary, courier, mules, linked });
  }

  // Fraud victims (authorised push-payment scam) pay the first layer.
  const fraudVictims = Array.from({ length: Math.min(first.length, rng.range(2, 4)) }, () => {
    const v = world.newPerson({
      origin: 'GB',
      age: [55, 85],
      address: plantedAddress(world, rng, 'GB'),
      residence: 'GB',
      noise: 0.04,
    });
    v.account = world.accountFor(v, 'A');
    return group.member(v, 'fraud-victim');
  });

  for (let m = 0; m < world.period.months; m++) {
    first.forEach((mule, i) => {
      const account = mule.account!;
      const date = dayOf(world, rng, m, 2, 26);
      let received = 0;
      const fraud = fraudVictims[(i + m) % fraudVictims.length]!;
      const amount = rng.range(900, 4800);
      transfer(
        world,
        fraud.account!,
        account,
        date,
        amount,
        'transfer',
        rng.pick(['INVOICE 2291', 'SAFE ACCOUNT', 'HMRC REFUND FEE']),
        9 * 3600,
      );
      received += amount;
      // Drug cash: deposited in three cities the mule does not live in.
      for (let d = 0; d < 3; d++) {
        const city = CITIES.filter((c) => c !== mule.address.town)[(i + d + m) % (CITIES.length - 1)]!;
        const cash = rng.range(400, 1900);
        cashIn(world, account, date, cash, city, (10 + d) * 3600);
        received += cash;
      }
      if (linked && i === 0) {
        const from = linked.proceeds;
        const amount2 = rng.range(3000, 8000);
        transfer(world, from, account, date, amount2, 'transfer', 'LOAN REPAY', 8 * 3600);
        received += amount2;
      }
      // Same day: 90 % onward, the rest withdrawn as the mule's cut.
      transfer(world, account, nextOf(i), date, received * 0.9, 'transfer', 'GOODS', 16 * 3600);
      cashOut(world, account, date, Math.floor((received * 0.08) / 10) * 10, mule.address.town, 17 * 3600);
      everydaySpending(world, rng, account, mule.address.town, m, 0.5);
    });
    for (const fraud of fraudVictims) everydaySpending(world, rng, fraud.account!, fraud.address.town, m);
    for (const mule of second) {
      const date = dayOf(world, rng, m, 27, 28);
      transfer(
        world,
        mule.account!,
        collector.account!,
        date,
        rng.range(3000, 9000),
        'transfer',
        'PAYMENT',
        11 * 3600,
      );
      everydaySpending(world, rng, mule.account!, mule.address.town, m, 0.5);
    }
    transfer(
      world,
      collector.account!,
      beneficiary.account!,
      dayOf(world, rng, m, 28, 28),
      mules.length * rng.range(2500, 4000),
      'transfer',
      'IMPORT EXPORT',
      12 * 3600,
    );
    // hidden-controller: the herder's own account never moves money.
    if (!world.variants.has('hidden-controller')) {
      transfer(
        world,
        herder.account!,
        beneficiary.account!,
        dayOf(world, rng, m, 20, 28),
        rng.range(1000, 3000),
        'transfer',
        'IMPORT EXPORT',
      );
      cashIn(world, herder.account!, dayOf(world, rng, m), rng.range(500, 1500), rng.pick(CITIES));
    }
    for (const mule of mules)
      call(
        world,
        rng,
        caller(herder),
        { phone: mule.phone!, telco: mule.telco },
        dayOf(world, rng, m),
        false,
      );
    call(world, rng, caller(herder), { phone: courier.phone!, telco: courier.telco }, dayOf(world, rng, m));
    call(world, rng, caller(herder), { phone: collector.phone!, telco: false }, dayOf(world, rng, m));
    if (linked?.controller.phone)
      call(
        world,
        rng,
        caller(herder),
        { phone: linked.controller.phone, telco: linked.controller.telco },
        dayOf(world, rng, m),
      );
  }
  return finish(world, rng, group, { herder, collector, beneficiary, courier, mules, linked });
}

interface Chain {
  herder: Person;
  collector: Person;
  beneficiary: Person;
  courier: Person;
  mules: Person[];
  linked: PlantedNetwork | undefined;
}

/** The seizure at the herder's home, the handset's contacts and the partner's view. */
function finish(world: World, rng: Rng, group: GroupBuilder, chain: Chain): PlantedNetwork {
  const { herder, collector, beneficiary, courier, mules } = chain;
  const exhibit = world.out.seizure.nextExhibit();
  const items: SeizedItem[] = mules.slice(0, Math.max(2, Math.ceil(mules.length / 2))).map((m) => ({
    type: 'bank-card',
    holder: m,
    country: m.account!.iban.slice(0, 2),
    iban: m.account!.iban,
  }));
  const doc = mules[0]!.documents[0];
  if (doc)
    items.push({ type: doc.type, holder: mules[0]!, documentNumber: doc.number, country: doc.country });
  const doc2 = mules[1]?.documents[0];
  if (doc2)
    items.push({ type: doc2.type, holder: mules[1]!, documentNumber: doc2.number, country: doc2.country });
  world.out.seizure.search(
    exhibit,
    addDays(world.period.end, -rng.range(2, 10)),
    herder,
    line(herder.address),
    items,
  );
  group.ref('seizure', exhibit, 'search');
  world.out.seizure.handset(exhibit, herder, [
    ...mules.map((m) => contactOf(rng, nickname(rng, m, 'acc'), m.phone!, world)),
    contactOf(rng, 'NL', collector.phone!, world),
    contactOf(rng, 'Runner', courier.phone!, world),
    ...everydayContacts(world, rng, herder),
  ]);
  group.ref('seized-phone', exhibit, 'handset');
  writeFtmSide(world, rng, group, { beneficiary, victims: [], senders: [collector, herder] });
  return { group, proceeds: herder.account!, controller: herder };
}

/**
 * The `mule-fraud` variant: the chain is fed by many unrelated people defrauded once or twice each
 * (background people with their own lives, not members), never by cash. Each first-layer mule passes
 * a credit on within hours to a second-layer mule, keeping a fee; the second layer sends most on to
 * the collector the same or next day and takes the rest out in several cash withdrawals.
 */
function fraudFedChain(world: World, group: GroupBuilder, chain: Omit<Chain, 'courier'>): void {
  const { herder, collector, beneficiary, mules, linked } = chain;
  const rng = world.rng('mule-fraud', group.truth.id);
  const population = world.population;
  if (!population) throw new Error('generate/money-mule: the mule-fraud variant needs the population');
  group.truth.typologies = ['money-laundering', 'fraud', ...(linked ? ['proceeds-of-trafficking'] : [])];
  group.truth.categories = ['FINANCIAL'];
  group.truth.indicators = [
    'rapid-pass-through',
    'layering-chain',
    'fan-in-beneficiary',
    'cash-out-after-credits',
    'escorted-openings',
    'controlled-accounts',
    'hub-phone',
    'held-documents',
  ];
  const first = mules.slice(0, Math.max(2, Math.ceil(mules.length / 2)));
  const second = mules.slice(first.length);
  const onward = (i: number) => (second.length > 0 ? second[i % second.length]! : collector);
  // Payers: background adults with an account, each used once per chain.
  const payers: Person[] = [];
  const used = new Set<number>();
  const wanted = Math.min(population.size - 1, 6 + first.length * world.period.months);
  for (let tries = 0; payers.length < wanted && tries < wanted * 20; tries++) {
    const index = rng.int(population.size);
    if (used.has(index)) continue;
    used.add(index);
    const person = population.person(index);
    if (person.account) payers.push(person);
  }
  const fraudVictims = new Map<string, { personId: string; iban: string; payments: number }>();
  let p = 0;
  for (let m = 0; m < world.period.months; m++) {
    first.forEach((mule, i) => {
      const credits = rng.range(1, 3);
      for (let c = 0; c < credits && payers.length > 0; c++) {
        const payer = payers[p++ % payers.length]!;
        const date = dayOf(world, rng, m, 1, 26);
        const amount = rng.range(250, 4800);
        const hour = rng.range(8, 15);
        transfer(
          world,
          payer.account!,
          mule.account!,
          date,
          amount,
          'transfer',
          rng.pick(['INVOICE 2291', 'SAFE ACCOUNT', 'HMRC REFUND FEE', 'PARCEL FEE', 'INVESTMENT']),
          hour * 3600,
        );
        const entry = fraudVictims.get(payer.id) ?? {
          personId: payer.id,
          iban: payer.account!.iban,
          payments: 0,
        };
        entry.payments++;
        fraudVictims.set(payer.id, entry);
        // Layering: on within hours, a 2-5 % fee kept.
        const fee = 0.02 + rng.next() * 0.03;
        const next = onward(i);
        transfer(
          world,
          mule.account!,
          next.account!,
          date,
          amount * (1 - fee),
          'transfer',
          'GOODS',
          (hour + 2) * 3600,
        );
        if (next !== collector) {
          const passed = amount * (1 - fee);
          const on = passed * (0.86 + rng.next() * 0.06);
          transfer(
            world,
            next.account!,
            collector.account!,
            addDays(date, rng.range(0, 1)),
            on,
            'transfer',
            'PAYMENT',
            16 * 3600,
          );
          // Cash-out of the rest in a few withdrawals.
          const rest = Math.floor((passed - on) / 10) * 10;
          const pieces = rng.range(1, 3);
          for (let k = 0; k < pieces; k++)
            cashOut(
              world,
              next.account!,
              addDays(date, 1),
              Math.max(20, Math.floor(rest / pieces / 10) * 10),
              next.address.town,
              (12 + k) * 3600,
            );
        }
      }
      if (linked && i === 0) {
        const date = dayOf(world, rng, m, 2, 26);
        const amount = rng.range(3000, 8000);
        transfer(world, linked.proceeds, mule.account!, date, amount, 'transfer', 'LOAN REPAY', 8 * 3600);
        transfer(
          world,
          mule.account!,
          onward(i).account!,
          date,
          amount * 0.96,
          'transfer',
          'GOODS',
          12 * 3600,
        );
      }
      everydaySpending(world, rng, mule.account!, mule.address.town, m, 0.5);
    });
    for (const mule of second) everydaySpending(world, rng, mule.account!, mule.address.town, m, 0.5);
    transfer(
      world,
      collector.account!,
      beneficiary.account!,
      dayOf(world, rng, m, 27, 28),
      mules.length * rng.range(1500, 3000),
      'transfer',
      'IMPORT EXPORT',
      12 * 3600,
    );
    for (const mule of mules)
      call(
        world,
        rng,
        caller(herder),
        { phone: mule.phone!, telco: mule.telco },
        dayOf(world, rng, m),
        false,
      );
    call(world, rng, caller(herder), { phone: collector.phone!, telco: false }, dayOf(world, rng, m));
    if (linked?.controller.phone)
      call(
        world,
        rng,
        caller(herder),
        { phone: linked.controller.phone, telco: linked.controller.telco },
        dayOf(world, rng, m),
      );
  }
  group.truth.fraudVictims = [...fraudVictims.values()];
}
