/**
 * A small hand-built world: one planted network that links trafficking to labour and benefit fraud,
 * three hard negatives (a care home, a big employer, a large family) and unrelated background
 * households. The pipeline tests know exactly who belongs where.
 */
import { type Builder, build } from './build.ts';

export const PLANTED = {
  controller: 'person:boss',
  agency: 'org:agency',
  workers: ['person:w1', 'person:w2', 'person:w3', 'person:w4', 'person:w5'],
  victims: ['person:w1', 'person:w2'],
};

export function plantedNetwork(b: Builder): void {
  const { controller, agency, workers } = PLANTED;
  b.person(controller, { familyName: 'Boss', nationality: 'RO' });
  b.org(agency, { kind: 'agency' });
  b.rel('DIRECTS', controller, agency);
  b.holds(agency, 'account:GB01AGENCY');
  b.holds(controller, 'account:GB02BOSS');
  b.person('person:abroad', { familyName: 'Abroad', nationality: 'RO' });
  b.holds('person:abroad', 'account:RO03ABROAD');
  b.phone(controller, 'phone:boss');
  b.node('route:buc-lon', 'Route');
  b.node('location:buc', 'Location', { country: 'RO', name: 'Bucharest' });
  b.node('location:lon', 'Location', { country: 'GB', name: 'London' });
  b.rel('FROM', 'route:buc-lon', 'location:buc');
  b.rel('TO', 'route:buc-lon', 'location:lon');
  workers.forEach((worker, i) => {
    b.person(worker, { familyName: `Worker${i}`, nationality: 'RO' });
    b.rel('EMPLOYS', agency, worker);
    b.livesAt(worker, 'address:hmo');
    b.phone(worker, `phone:w${i}`);
    b.rel('CALLED', 'phone:boss', `phone:w${i}`, { at: '2024-02-01T10:00:00Z', seconds: 60 });
    b.claim(worker, `claim:w${i}`, 'account:GB02BOSS', { start: '2024-01-20' });
    b.paid('account:GB01AGENCY', 'account:GB02BOSS', 1200, '2024-02-28', 'wage');
    b.node(`doc:w${i}`, 'IdentityDocument');
    b.rel('HAS_DOCUMENT', worker, `doc:w${i}`);
    b.rel('HELD_DOCUMENT', controller, `doc:w${i}`);
    b.node(`journey:w${i}`, 'Journey', { date: '2024-01-05' });
    b.rel('TOOK', worker, `journey:w${i}`);
    b.rel('ON', `journey:w${i}`, 'route:buc-lon');
    b.rel('PAID_FOR', 'account:GB02BOSS', `journey:w${i}`);
  });
  b.livesAt(controller, 'address:hmo');
  b.paid('account:GB02BOSS', 'account:RO03ABROAD', 5000, '2024-03-01', 'transfer');
  for (const victim of PLANTED.victims) b.victim(victim);
  b.role(controller, 'suspect');
}

export const CARE_HOME = {
  org: 'org:carehome',
  residents: Array.from({ length: 8 }, (_, i) => `person:resident${i}`),
  staff: Array.from({ length: 4 }, (_, i) => `person:carer${i}`),
};

export function careHome(b: Builder): void {
  b.org(CARE_HOME.org, { kind: 'company' });
  b.holds(CARE_HOME.org, 'account:GB10CARE');
  b.node('address:carehome', 'Address', { kind: 'care-home' });
  b.rel('REGISTERED_AT', CARE_HOME.org, 'address:carehome', { kind: 'business' });
  CARE_HOME.residents.forEach((resident, i) => {
    b.person(resident, { familyName: `Resident${i}` });
    b.livesAt(resident, 'address:carehome');
    b.claim(resident, `claim:resident${i}`, 'account:GB10CARE', { scheme: 'ATTENDANCE_ALLOWANCE' });
  });
  CARE_HOME.staff.forEach((carer, i) => {
    b.person(carer, { familyName: `Carer${i}` });
    b.rel('EMPLOYS', CARE_HOME.org, carer);
    b.holds(carer, `account:GB11CARER${i}`);
    b.paid('account:GB10CARE', `account:GB11CARER${i}`, 1800, '2024-02-28', 'wage');
    b.livesAt(carer, `address:carer${i}`);
  });
}

export const BIG_EMPLOYER = {
  org: 'org:bigco',
  workers: Array.from({ length: 40 }, (_, i) => `person:big${i}`),
};

export function bigEmployer(b: Builder): void {
  b.org(BIG_EMPLOYER.org, { kind: 'company' });
  b.holds(BIG_EMPLOYER.org, 'account:GB20BIG');
  b.person('person:bigdirector', { familyName: 'Director' });
  b.rel('DIRECTS', 'person:bigdirector', BIG_EMPLOYER.org);
  b.livesAt('person:bigdirector', 'address:villa');
  BIG_EMPLOYER.workers.forEach((worker, i) => {
    // Couples: two workers per flat, same family name.
    b.person(worker, { familyName: `Family${Math.floor(i / 2)}` });
    b.rel('EMPLOYS', BIG_EMPLOYER.org, worker);
    b.holds(worker, `account:GB21BIG${i}`);
    b.livesAt(worker, `address:flat${Math.floor(i / 2)}`);
    for (const month of ['01', '02', '03']) {
      b.paid('account:GB20BIG', `account:GB21BIG${i}`, 2100, `2024-${month}-28`, 'wage');
    }
  });
}

export const LARGE_FAMILY = {
  members: Array.from({ length: 9 }, (_, i) => `person:fam${i}`),
};

export function largeFamily(b: Builder): void {
  const [mother, ...rest] = LARGE_FAMILY.members as [string, ...string[]];
  for (const member of LARGE_FAMILY.members) b.person(member, { familyName: 'Large' });
  b.holds(mother, 'account:GB30MUM');
  for (const member of LARGE_FAMILY.members) {
    b.livesAt(member, 'address:familyhome');
    b.phone(member, 'phone:familyhome');
    if (member !== mother) b.rel('RELATED_TO', member, mother, { kind: 'family' });
  }
  b.claim(mother, 'claim:mum-cb', 'account:GB30MUM', { scheme: 'CHILD_BENEFIT' });
  b.claim(rest[0]!, 'claim:fam1', 'account:GB30MUM');
  b.claim(rest[1]!, 'claim:fam2', 'account:GB30MUM');
  b.claim(rest[2]!, 'claim:fam3', 'account:GB30MUM');
  b.paid('account:GB30MUM', 'account:GB31SHOP', 60, '2024-02-03', 'card');
}

export function background(b: Builder, households = 6): void {
  for (let h = 0; h < households; h++) {
    const a = `person:bg${h}a`;
    const c = `person:bg${h}b`;
    b.person(a, { familyName: `Bg${h}` });
    b.person(c, { familyName: `Bg${h}` });
    b.rel('RELATED_TO', a, c, { kind: 'partner' });
    b.livesAt(a, `address:bg${h}`);
    b.livesAt(c, `address:bg${h}`);
    b.holds(a, `account:GB4${h}A`);
    b.holds(c, `account:GB4${h}B`);
    b.paid(`account:GB4${h}A`, `account:GB4${h}B`, 300, '2024-02-10');
  }
}

export function world(): Builder {
  const b = build();
  plantedNetwork(b);
  careHome(b);
  bigEmployer(b);
  largeFamily(b);
  background(b);
  return b;
}
