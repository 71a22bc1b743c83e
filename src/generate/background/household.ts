/**
 * One background household, written in one go: registry appointments, tenancy, benefit claims,
 * a trip, then each month's wages, rent, spending, transfers and calls. Only this household's
 * persons (and the friends they touch, from a small cache) are in memory.
 */
import { gbAccount } from '../ids/iban.ts';
import { mobile } from '../ids/phone.ts';
import { pad } from '../ids/scramble.ts';
import { canonical, NAME_POOLS } from '../pools/names.ts';
import { type Rng, rngFor } from '../rng.ts';
import { openAccount } from '../world/accounts.ts';
import { call, caller, dayOf, everydaySpending } from '../world/activity.ts';
import { addDays, ageOn } from '../world/calendar.ts';
import { companyNumber } from '../world/orgs.ts';
import { cents } from '../world/text.ts';
import type { Account, Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import { householdClaims } from './benefits.ts';
import type { Household, Population } from './population.ts';
import { householdTravel } from './travel.ts';

interface Job {
  employer: number;
  salary: number;
  since: string;
}

function jobOf(world: World, pop: Population, person: Person): Job | undefined {
  const age = ageOn(person.birthDate, world.period.start);
  if (age < 18 || age >= 67) return undefined;
  const rng = rngFor(world.seed, 'job', person.index);
  if (!rng.chance(0.72)) return undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    const e = pop.employerFor(rng.next());
    if (pop.employer(e).country === person.address.country) {
      return {
        employer: e,
        salary: rng.range(1250, 3900),
        since: addDays(world.period.start, -rng.range(30, 4000)),
      };
    }
  }
  return undefined;
}

interface Landlord {
  name: string;
  type: 'individual' | 'company';
  companyNumber?: string;
  account: Account;
}

function landlordOf(world: World, l: number): Landlord {
  const rng = rngFor(world.seed, 'landlord', l);
  const company = rng.chance(0.35);
  const pool = NAME_POOLS.GB;
  const name = company
    ? `${canonical(rng.pick(pool.family)).toUpperCase()} ${rng.pick(['LETTINGS', 'PROPERTY', 'ESTATES', 'HOMES'])} LTD`
    : `${canonical(rng.pick(rng.chance(0.5) ? pool.male : pool.female))} ${canonical(rng.pick(pool.family))}`;
  const number = gbAccount('CRWN', '60', 'landlord', l);
  const account: Account = {
    iban: number.iban,
    bank: 'X',
    bankName: 'Crown Street Bank',
    sortCode: number.sortCode!,
    accountNumber: number.accountNumber,
    holder: {
      kind: 'org',
      org: {
        id: `ORG-L${pad(l, 6)}`,
        name,
        number: company ? companyNumber(2, l) : '',
        country: 'GB',
        kind: 'landlord',
        address: {
          id: `ADR-L${l}`,
          number: '1',
          street: 'High Street',
          town: 'London',
          postcode: 'E1 1AA',
          country: 'GB',
        },
        sic: '68209',
        incorporated: '2010-01-01',
      },
    },
    opened: '2010-01-01',
    branch: 'ONLINE',
    currency: 'GBP',
  };
  return company
    ? { name, type: 'company', companyNumber: companyNumber(2, l), account }
    : { name, type: 'individual', account };
}

/** Account of a relative abroad receiving remittances (a bank in the origin country when it is RO). */
function abroadAccount(world: World, person: Person): Account | undefined {
  if (person.origin !== 'RO') return world.counterparty('SWIFTSEND MONEY TRANSFER LTD', 'GB').account;
  const relative = { ...person, id: `${person.id}-REL`, address: { ...person.address, country: 'RO' } };
  return openAccount({
    holder: { kind: 'person', person: relative },
    country: 'RO',
    bank: 'X',
    space: 'abroad',
    index: person.index,
    before: world.period.start,
    branchTown: 'Bucuresti',
    seed: world.seed,
  });
}

export function writeHousehold(world: World, pop: Population, h: number): void {
  const hh = pop.household(h);
  const members = pop.members(h);
  const rng = rngFor(world.seed, 'household-activity', h);
  const start = world.period.start;
  const jobs = new Map<number, Job>();
  for (const person of members) {
    const job = jobOf(world, pop, person);
    if (job) jobs.set(person.index, job);
  }

  // Registry: employees (payroll filings) and the employer this person directs, if any.
  for (const person of members) {
    const job = jobs.get(person.index);
    if (job && rng.chance(0.9))
      world.out.registry.appoint({
        org: pop.employer(job.employer),
        role: 'employee',
        person,
        appointed: job.since,
      });
    const directs = pop.directs(person.index);
    if (directs !== undefined && ageOn(person.birthDate, start) >= 21) {
      const org = pop.employer(directs);
      if (org.country === 'GB') {
        world.out.registry.appoint({ org, role: 'director', person, appointed: org.incorporated });
        if (rng.chance(0.7))
          world.out.registry.appoint({
            org,
            role: 'psc',
            person,
            appointed: org.incorporated,
            share: rng.pick(['50-75', '75-100'] as const),
          });
      }
    }
  }

  const adults = members.filter((p) => ageOn(p.birthDate, start) >= 18);
  const landlord = hh.tenure === 'rent' && hh.country === 'GB' ? landlordOf(world, hh.landlord) : undefined;
  if (landlord && adults.length > 0) {
    const payer = adults[0]!;
    world.out.tenancy.tenancy({
      address: hh.address,
      type: hh.flatshare ? 'hmo' : hh.address.flat ? 'flat' : 'house',
      landlord: {
        name: landlord.name,
        type: landlord.type,
        ...(landlord.companyNumber ? { companyNumber: landlord.companyNumber } : {}),
        iban: landlord.account.iban,
      },
      tenants: adults,
      start: addDays(start, -rng.range(30, 2500)),
      rent: hh.rent,
      payer: {
        name: payer.account ? `${canonical(payer.given)} ${canonical(payer.family)}` : '',
        iban: payer.account?.iban ?? landlord.account.iban,
      },
    });
  }
  householdClaims(world, rng, hh, members, (p) => jobs.has(p.index), landlord?.name);
  householdTravel(world, rng, hh, members);

  const books = new Map<number, ContactBook>();
  for (const person of members)
    if (person.phone) books.set(person.index, contactBook(world, pop, person, members));
  for (let m = 0; m < world.period.months; m++)
    monthOf(world, pop, rng, hh, members, jobs, landlord, books, m);
}

function monthOf(
  world: World,
  pop: Population,
  rng: Rng,
  hh: Household,
  members: Person[],
  jobs: Map<number, Job>,
  landlord: Landlord | undefined,
  books: Map<number, ContactBook>,
  m: number,
): void {
  const gb = hh.country === 'GB';
  const currency = gb ? 'GBP' : 'EUR';
  for (const person of members) {
    const account = person.account;
    if (account) {
      const job = jobs.get(person.index);
      if (job) {
        const org = pop.employer(job.employer);
        world.out.post({
          date: dayOf(world, rng, m, 25, 28),
          time: 3600,
          from: org.account!,
          to: account,
          amount: cents(job.salary + rng.range(-40, 40)),
          currency,
          kind: 'wage',
          reference: gb
            ? 'SALARY'
            : `Salaris ${MONTHS_NL[Number(world.period.monthStarts[m]!.slice(5, 7)) - 1]}`,
          mayCorrupt: true,
        });
      }
      if (landlord && person === members[0]) {
        world.out.post({
          date: dayOf(world, rng, m, 1, 2),
          time: 7 * 3600,
          from: account,
          to: landlord.account,
          amount: hh.rent,
          currency,
          kind: 'rent',
          reference: 'RENT',
          mayCorrupt: true,
        });
      }
      everydaySpending(world, rng, account, hh.address.town, m);
      const transfers = rng.poisson(0.5);
      for (let t = 0; t < transfers; t++) {
        const friend = friendOf(world, pop, rng, person);
        if (!friend?.account || friend === person) continue;
        world.out.post({
          date: dayOf(world, rng, m),
          time: rng.range(8, 23) * 3600,
          from: account,
          to: friend.account,
          amount: cents(rng.range(10, 250) + rng.next()),
          currency,
          kind: 'transfer',
          reference: rng.pick(['THANKS', 'DINNER', 'TICKETS', 'LOAN', 'BIRTHDAY', 'GIFT']),
          mayCorrupt: true,
        });
      }
      if (person.origin !== 'GB' && person.origin !== 'NL' && rng.chance(0.3)) {
        const abroad = abroadAccount(world, person);
        if (abroad)
          world.out.post({
            date: dayOf(world, rng, m),
            time: rng.range(9, 20) * 3600,
            from: account,
            to: abroad,
            amount: cents(rng.range(80, 400)),
            currency,
            kind: 'remittance',
            reference: 'FAMILY SUPPORT',
            mayCorrupt: true,
          });
      }
    }
    const book = books.get(person.index);
    if (book) callsOf(world, rng, person, book, m);
  }
}

const MONTHS_NL = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

/** A friend: mostly someone nearby in the population, sometimes one of a few very popular people. */
function friendOf(world: World, pop: Population, rng: Rng, person: Person): Person | undefined {
  if (pop.size < 2) return undefined;
  let j: number;
  if (rng.chance(0.2)) {
    const rank = Math.floor(Math.exp(rng.next() * Math.log(pop.size)));
    j = (rank * 7919 + world.seed) % pop.size;
  } else {
    j = person.index + (rng.chance(0.5) ? 1 : -1) * rng.range(1, 400);
    if (j < 0 || j >= pop.size) j = (person.index + 1) % pop.size;
  }
  return pop.person(j);
}

interface ContactBook {
  contacts: { phone: NonNullable<Person['phone']>; telco: boolean }[];
  /** Mean calls per month: people with many contacts call more. */
  rate: number;
}

/** Who a person calls, fixed for the run: household, friends (heavy-tailed count), family abroad. */
function contactBook(world: World, pop: Population, person: Person, household: Person[]): ContactBook {
  const crng = rngFor(world.seed, 'contacts', person.index);
  // Contact count is heavy-tailed: most people call a few numbers, a few call very many.
  const friends = Math.min(80, Math.floor(crng.pareto(1.5, 1.4)));
  const contacts: ContactBook['contacts'] = [];
  for (const other of household)
    if (other !== person && other.phone) contacts.push({ phone: other.phone, telco: other.telco });
  for (let k = 0; k < friends; k++) {
    const friend = friendOf(world, pop, crng, person);
    if (friend?.phone && friend !== person) contacts.push({ phone: friend.phone, telco: friend.telco });
  }
  if (person.origin !== 'GB' && person.origin !== 'NL')
    contacts.push({ phone: mobile(person.nationality, 'abroad', person.index), telco: false });
  return { contacts, rate: Math.min(30, 2 + friends * 0.8) };
}

function callsOf(world: World, rng: Rng, person: Person, book: ContactBook, m: number): void {
  if (book.contacts.length === 0) return;
  const calls = rng.poisson(book.rate);
  const me = caller(person);
  for (let c = 0; c < calls; c++) {
    const other = book.contacts[Math.floor(book.contacts.length * rng.next() ** 2)]!;
    call(world, rng, me, other, dayOf(world, rng, m));
  }
}
