/**
 * Every indicator on small hand-built graphs: one where it must match (with its evidence) and one,
 * close to it, where it must not (usually the innocent look-alike: a family, a care home, an employer).
 */
import { describe, expect, it } from 'vitest';
import { getIndicator, INDICATORS, runIndicators } from '../../../src/analyse/indicators/index.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { type Builder, build } from './build.ts';
import { TYPOLOGY_CASES } from './typology-graphs.ts';

type Case = { id: string; yes: (b: Builder) => void; no: (b: Builder) => void; subject: string };

function people(b: Builder, ids: string[], props: Record<string, string> = {}): void {
  ids.forEach((id, i) => {
    b.person(id, { familyName: `F${id}${i}`, ...props });
  });
}

const CASES: Case[] = [
  {
    id: 'shared-benefit-account',
    subject: 'account:custodian',
    yes: (b) => {
      people(b, ['c', 'x1', 'x2', 'x3']);
      b.holds('c', 'account:custodian');
      for (const x of ['x1', 'x2', 'x3']) b.claim(x, `claim:${x}`, 'account:custodian');
    },
    no: (b) => {
      // A care home as appointee: the holder is an organisation.
      people(b, ['x1', 'x2', 'x3']);
      b.org('care');
      b.holds('care', 'account:custodian');
      for (const x of ['x1', 'x2', 'x3']) b.claim(x, `claim:${x}`, 'account:custodian');
    },
  },
  {
    id: 'claimant-not-holder',
    subject: 'claim:x>account:h',
    yes: (b) => {
      people(b, ['x', 'h']);
      b.holds('h', 'account:h');
      b.claim('x', 'claim:x', 'account:h');
    },
    no: (b) => {
      people(b, ['x', 'h']);
      b.holds('h', 'account:h');
      b.rel('RELATED_TO', 'x', 'h', { kind: 'partner' });
      b.claim('x', 'claim:x', 'account:h');
    },
  },
  {
    id: 'pooled-wages',
    subject: 'account:emp>account:pool',
    yes: (b) => {
      b.org('emp');
      b.person('boss');
      b.holds('emp', 'account:emp');
      b.holds('boss', 'account:pool');
      for (let i = 0; i < 3; i++) b.paid('account:emp', 'account:pool', 1100, '2024-02-28', 'wage');
    },
    no: (b) => {
      // Weekly pay of one worker: four wages a month, never two on a day.
      b.org('emp');
      b.person('w');
      b.holds('emp', 'account:emp');
      b.holds('w', 'account:pool');
      for (const d of ['07', '14', '21', '28'])
        b.paid('account:emp', 'account:pool', 400, `2024-02-${d}`, 'wage');
    },
  },
  {
    id: 'rapid-pass-through',
    subject: 'account:v',
    yes: (b) => {
      people(b, ['v', 'boss']);
      b.holds('v', 'account:v');
      b.holds('boss', 'account:boss');
      for (const d of ['2024-01-31', '2024-02-29']) {
        b.paid('account:emp', 'account:v', 1000, `${d}T09:00:00Z`, 'wage');
        b.paid('account:v', 'account:boss', 900, `${d}T18:00:00Z`, 'transfer');
      }
    },
    no: (b) => {
      // Saving into one's own second account is not passing money on.
      people(b, ['v']);
      b.holds('v', 'account:v');
      b.holds('v', 'account:savings');
      for (const d of ['2024-01-31', '2024-02-29']) {
        b.paid('account:emp', 'account:v', 1000, `${d}T09:00:00Z`, 'wage');
        b.paid('account:v', 'account:savings', 900, `${d}T18:00:00Z`, 'transfer');
      }
    },
  },
  {
    id: 'fan-in-beneficiary',
    subject: 'account:RO99BEN',
    yes: (b) => {
      people(b, ['v1', 'v2', 'v3', 'ben']);
      b.holds('ben', 'account:RO99BEN');
      for (const v of ['v1', 'v2', 'v3']) {
        b.holds(v, `account:GB00${v}`);
        b.paid('account:GB00EMP', `account:GB00${v}`, 1000, '2024-02-01', 'wage');
        b.paid(`account:GB00${v}`, 'account:RO99BEN', 800, '2024-02-02');
      }
    },
    no: (b) => {
      // Tenants paying a landlord: rent, not transfers.
      people(b, ['v1', 'v2', 'v3', 'ben']);
      b.holds('ben', 'account:RO99BEN');
      for (const v of ['v1', 'v2', 'v3']) {
        b.holds(v, `account:GB00${v}`);
        b.paid('account:GB00EMP', `account:GB00${v}`, 1000, '2024-02-01', 'wage');
        b.paid(`account:GB00${v}`, 'account:RO99BEN', 800, '2024-02-02', 'rent');
      }
    },
  },
  {
    id: 'shared-contact',
    subject: 'phone:shared',
    yes: (b) => {
      people(b, ['a', 'b', 'c']);
      for (const p of ['a', 'b', 'c']) {
        b.holds(p, `account:${p}`);
        b.phone(p, 'phone:shared');
      }
    },
    no: (b) => {
      // One family's landline.
      people(b, ['a', 'b', 'c'], { familyName: 'Same' });
      for (const p of ['a', 'b', 'c']) {
        b.holds(p, `account:${p}`);
        b.phone(p, 'phone:shared');
      }
    },
  },
  {
    id: 'crowded-address',
    subject: 'address:house',
    yes: (b) => {
      const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
      people(b, ids);
      for (const p of ids) b.livesAt(p, 'address:house');
    },
    no: (b) => {
      // A large family: nine people, one household.
      const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
      people(b, ids, { familyName: 'Large' });
      for (const p of ids) b.livesAt(p, 'address:house');
    },
  },
  {
    id: 'multi-address-claims',
    subject: 'x',
    yes: (b) => {
      people(b, ['x']);
      b.claim('x', 'claim:1', 'account:x', { start: '2024-01-01' });
      b.claim('x', 'claim:2', 'account:x', { start: '2024-02-01', end: '2024-05-01' });
      b.node('address:1', 'Address');
      b.node('address:2', 'Address');
      b.rel('AT_ADDRESS', 'claim:1', 'address:1');
      b.rel('AT_ADDRESS', 'claim:2', 'address:2');
    },
    no: (b) => {
      // A move: the first claim ended before the second started.
      people(b, ['x']);
      b.claim('x', 'claim:1', 'account:x', { start: '2024-01-01', end: '2024-01-31' });
      b.claim('x', 'claim:2', 'account:x', { start: '2024-02-01' });
      b.node('address:1', 'Address');
      b.node('address:2', 'Address');
      b.rel('AT_ADDRESS', 'claim:1', 'address:1');
      b.rel('AT_ADDRESS', 'claim:2', 'address:2');
    },
  },
  {
    id: 'agency-cohabitation',
    subject: 'agency',
    yes: (b) => {
      b.org('agency');
      const ids = ['w1', 'w2', 'w3'];
      people(b, ids);
      for (const w of ids) {
        b.rel('EMPLOYS', 'agency', w);
        b.livesAt(w, 'address:hmo');
      }
    },
    no: (b) => {
      // A large employer: 20 workers, two couples living together.
      b.org('agency');
      for (let i = 0; i < 20; i++) {
        b.person(`w${i}`, { familyName: i < 4 ? `Couple${Math.floor(i / 2)}` : `Single${i}` });
        b.rel('EMPLOYS', 'agency', `w${i}`);
        b.livesAt(`w${i}`, i < 4 ? `address:flat${Math.floor(i / 2)}` : `address:home${i}`);
      }
    },
  },
  {
    id: 'ghost-payroll',
    subject: 'org',
    yes: (b) => {
      b.org('org');
      b.person('boss');
      people(b, ['w1', 'w2', 'w3', 'w4']);
      // The employer's own statement is in the data (its bank's records): its payroll is observed.
      b.node('account:org', 'Account', { bank: 'Albion Bank plc' });
      b.holds('org', 'account:org');
      b.holds('boss', 'account:boss');
      for (const w of ['w1', 'w2', 'w3', 'w4']) b.rel('EMPLOYS', 'org', w);
      for (let i = 0; i < 4; i++) b.paid('account:org', 'account:boss', 1000, '2024-02-28', 'wage');
    },
    no: (b) => {
      b.org('org');
      people(b, ['w1', 'w2', 'w3', 'w4']);
      b.holds('org', 'account:org');
      for (const w of ['w1', 'w2', 'w3', 'w4']) {
        b.rel('EMPLOYS', 'org', w);
        b.holds(w, `account:${w}`);
        b.paid('account:org', `account:${w}`, 1000, '2024-02-28', 'wage');
      }
    },
  },
  {
    id: 'third-party-rent',
    subject: 'account:payer',
    yes: (b) => {
      people(b, ['p', 'l1', 'l2']);
      b.holds('p', 'account:payer');
      b.holds('l1', 'account:l1');
      b.holds('l2', 'account:l2');
      b.paid('account:payer', 'account:l1', 600, '2024-02-01', 'rent');
      b.paid('account:payer', 'account:l2', 650, '2024-02-01', 'rent');
    },
    no: (b) => {
      people(b, ['p', 'l1']);
      b.holds('p', 'account:payer');
      b.holds('l1', 'account:l1');
      b.paid('account:payer', 'account:l1', 600, '2024-01-01', 'rent');
      b.paid('account:payer', 'account:l1', 600, '2024-02-01', 'rent');
    },
  },
  {
    id: 'group-travel-payer',
    subject: 'payer',
    yes: (b) => {
      people(b, ['payer', 't1', 't2', 't3']);
      b.node('route:r', 'Route');
      for (const t of ['t1', 't2', 't3']) {
        b.node(`journey:${t}`, 'Journey', { date: '2024-01-05' });
        b.rel('TOOK', t, `journey:${t}`);
        b.rel('ON', `journey:${t}`, 'route:r');
        b.rel('PAID_FOR', 'payer', `journey:${t}`);
      }
    },
    no: (b) => {
      // A parent buying the family's tickets.
      people(b, ['payer', 't1', 't2', 't3'], { familyName: 'Holiday' });
      b.node('route:r', 'Route');
      for (const t of ['t1', 't2', 't3']) {
        b.node(`journey:${t}`, 'Journey', { date: '2024-01-05' });
        b.rel('TOOK', t, `journey:${t}`);
        b.rel('ON', `journey:${t}`, 'route:r');
        b.rel('PAID_FOR', 'payer', `journey:${t}`);
      }
    },
  },
  {
    id: 'arrival-then-claim',
    subject: 'x@journey:in',
    yes: (b) => {
      people(b, ['x']);
      b.node('location:ro', 'Location', { country: 'RO' });
      b.node('location:gb', 'Location', { country: 'GB' });
      b.node('route:in', 'Route');
      b.rel('FROM', 'route:in', 'location:ro');
      b.rel('TO', 'route:in', 'location:gb');
      b.node('journey:in', 'Journey', { date: '2024-01-05' });
      b.rel('TOOK', 'x', 'journey:in');
      b.rel('ON', 'journey:in', 'route:in');
      b.claim('x', 'claim:x', 'account:x', { start: '2024-01-20' });
    },
    no: (b) => {
      // A return trip: a visit, not an arrival.
      people(b, ['x']);
      b.node('location:ro', 'Location', { country: 'RO' });
      b.node('location:gb', 'Location', { country: 'GB' });
      b.node('route:in', 'Route');
      b.node('route:out', 'Route');
      b.rel('FROM', 'route:in', 'location:ro');
      b.rel('TO', 'route:in', 'location:gb');
      b.rel('FROM', 'route:out', 'location:gb');
      b.rel('TO', 'route:out', 'location:ro');
      b.node('journey:in', 'Journey', { date: '2024-01-05' });
      b.node('journey:out', 'Journey', { date: '2024-01-25' });
      b.rel('TOOK', 'x', 'journey:in');
      b.rel('TOOK', 'x', 'journey:out');
      b.rel('ON', 'journey:in', 'route:in');
      b.rel('ON', 'journey:out', 'route:out');
      b.claim('x', 'claim:x', 'account:x', { start: '2024-01-20' });
    },
  },
  {
    id: 'held-documents',
    subject: 'h',
    yes: (b) => {
      people(b, ['h', 'o1', 'o2']);
      for (const o of ['o1', 'o2']) {
        b.node(`doc:${o}`, 'IdentityDocument');
        b.rel('HAS_DOCUMENT', o, `doc:${o}`);
        b.rel('HELD_DOCUMENT', 'h', `doc:${o}`);
      }
    },
    no: (b) => {
      people(b, ['h', 'o1']);
      b.node('doc:o1', 'IdentityDocument');
      b.rel('HAS_DOCUMENT', 'o1', 'doc:o1');
      b.rel('HELD_DOCUMENT', 'h', 'doc:o1');
    },
  },
  {
    id: 'controlled-accounts',
    subject: 'phone:ctl',
    yes: (b) => {
      people(b, ['a', 'b', 'ctl']);
      for (const p of ['a', 'b']) b.holds(p, `account:${p}`);
      for (const p of ['a', 'b', 'ctl']) b.phone(p, 'phone:ctl');
    },
    no: (b) => {
      // Two account holders sharing a phone, nobody else behind it.
      people(b, ['a', 'b']);
      for (const p of ['a', 'b']) {
        b.holds(p, `account:${p}`);
        b.phone(p, 'phone:ctl');
      }
    },
  },
  {
    id: 'escorted-openings',
    subject: 'ALBN|leeds briggate|2024-01-10|phone:esc',
    yes: (b) => {
      people(b, ['a', 'b', 'c', 'esc']);
      b.phone('esc', 'phone:esc');
      for (const p of ['a', 'b', 'c']) {
        b.holds(p, `account:${p}`, { bank: 'ALBN', branch: 'LEEDS BRIGGATE', opened: '2024-01-10' });
        b.phone(p, 'phone:esc');
      }
    },
    no: (b) => {
      people(b, ['a', 'b', 'c', 'esc']);
      b.phone('esc', 'phone:esc');
      for (const p of ['a', 'b', 'c']) {
        b.holds(p, `account:${p}`, { bank: 'ALBN', branch: 'ONLINE', opened: '2024-01-10' });
        b.phone(p, 'phone:esc');
      }
    },
  },
  {
    id: 'scattered-cash',
    subject: 'account:c',
    yes: (b) => {
      people(b, ['c']);
      b.node('address:c', 'Address', { city: 'Leeds' });
      b.livesAt('c', 'address:c');
      b.holds('c', 'account:c');
      b.node('location:Leeds', 'Location', { name: 'Leeds' });
      ['Bradford', 'York', 'Hull'].forEach((city, i) => {
        b.node(`location:${city}`, 'Location', { name: city });
        b.rel('CASH', 'account:c', `location:${city}`, {
          direction: 'in',
          amount: 500,
          at: `2024-02-0${i + 1}`,
        });
        b.rel('CASH', 'account:c', 'location:Leeds', {
          direction: 'out',
          amount: 480,
          at: `2024-02-0${i + 1}`,
        });
      });
    },
    no: (b) => {
      people(b, ['c']);
      b.node('address:c', 'Address', { city: 'Leeds' });
      b.livesAt('c', 'address:c');
      b.holds('c', 'account:c');
      b.node('location:Leeds', 'Location', { name: 'Leeds' });
      for (let i = 1; i <= 3; i++) {
        b.rel('CASH', 'account:c', 'location:Leeds', { direction: 'in', amount: 500, at: `2024-02-0${i}` });
      }
    },
  },
  {
    id: 'adult-services-spend',
    subject: 'address:flat',
    yes: (b) => {
      people(b, ['a', 'b']);
      b.org('hotel', { name: 'Canal Street Hotel' });
      b.holds('hotel', 'account:hotel');
      for (const p of ['a', 'b']) {
        b.livesAt(p, 'address:flat');
        b.holds(p, `account:${p}`);
        b.paid(`account:${p}`, 'account:hotel', 90, '2024-02-03', 'card');
      }
    },
    no: (b) => {
      people(b, ['a', 'b']);
      b.org('shop', { name: 'Tesco Stores' });
      b.holds('shop', 'account:shop');
      for (const p of ['a', 'b']) {
        b.livesAt(p, 'address:flat');
        b.holds(p, `account:${p}`);
        b.paid(`account:${p}`, 'account:shop', 90, '2024-02-03', 'card');
      }
    },
  },
  {
    id: 'controller',
    subject: 'boss>org',
    yes: (b) => {
      b.org('org');
      people(b, ['boss', 'w1', 'w2']);
      b.rel('DIRECTS', 'boss', 'org');
      b.holds('boss', 'account:boss');
      for (const w of ['w1', 'w2']) {
        b.rel('EMPLOYS', 'org', w);
        b.claim(w, `claim:${w}`, 'account:boss');
      }
    },
    no: (b) => {
      // A director who pays wages and takes only a salary.
      b.org('org');
      people(b, ['boss', 'w1', 'w2']);
      b.rel('DIRECTS', 'boss', 'org');
      b.holds('boss', 'account:boss');
      b.holds('org', 'account:org');
      b.paid('account:org', 'account:boss', 3000, '2024-02-28', 'wage');
      for (const w of ['w1', 'w2']) b.rel('EMPLOYS', 'org', w);
    },
  },
  {
    id: 'straw-director',
    subject: 'd>org',
    yes: (b) => {
      b.org('org');
      people(b, ['d']);
      b.rel('DIRECTS', 'd', 'org');
      b.victim('d');
    },
    no: (b) => {
      b.org('org');
      people(b, ['d']);
      b.rel('DIRECTS', 'd', 'org');
    },
  },
  {
    id: 'hub-phone',
    subject: 'phone:hub',
    yes: (b) => {
      b.org('org');
      people(b, ['boss']);
      b.phone('boss', 'phone:hub');
      for (let i = 0; i < 5; i++) {
        b.person(`w${i}`);
        b.rel('EMPLOYS', 'org', `w${i}`);
        b.phone(`w${i}`, `phone:w${i}`);
        b.rel('CALLED', 'phone:hub', `phone:w${i}`, { at: '2024-02-01', seconds: 30 });
      }
    },
    no: (b) => {
      // Calls to five friends who are not workers, claimants or victims.
      people(b, ['boss']);
      b.phone('boss', 'phone:hub');
      for (let i = 0; i < 5; i++) {
        b.person(`w${i}`);
        b.phone(`w${i}`, `phone:w${i}`);
        b.rel('CALLED', 'phone:hub', `phone:w${i}`, { at: '2024-02-01', seconds: 30 });
      }
    },
  },
  {
    id: 'pass-through',
    subject: 'account:mule',
    yes: (b) => {
      // Three defrauded people pay a mule, who sends it on within hours.
      people(b, ['mule', 'boss', 'f1', 'f2', 'f3']);
      b.holds('mule', 'account:mule');
      b.holds('boss', 'account:boss');
      ['f1', 'f2', 'f3'].forEach((f, i) => {
        b.holds(f, `account:${f}`);
        b.paid(`account:${f}`, 'account:mule', 2000, `2024-03-0${i + 1}T09:00:00Z`);
        b.paid('account:mule', 'account:boss', 1800, `2024-03-0${i + 1}T17:00:00Z`);
      });
    },
    no: (b) => {
      // Flatmates pay their share to one of them, who keeps it in the bank.
      people(b, ['m', 'f1', 'f2', 'f3']);
      b.holds('m', 'account:mule');
      ['f1', 'f2', 'f3'].forEach((f, i) => {
        b.holds(f, `account:${f}`);
        b.paid(`account:${f}`, 'account:mule', 400, `2024-03-0${i + 1}T09:00:00Z`);
      });
    },
  },
  {
    id: 'fan-in-fan-out',
    subject: 'account:hub',
    yes: (b) => {
      people(b, ['h', 'p1', 'p2', 'p3', 'p4', 'r1', 'r2', 'r3']);
      b.holds('h', 'account:hub');
      ['p1', 'p2', 'p3', 'p4'].forEach((p, i) => {
        b.holds(p, `account:${p}`);
        b.paid(`account:${p}`, 'account:hub', 1000, `2024-03-0${i + 1}T09:00:00Z`);
      });
      ['r1', 'r2', 'r3'].forEach((r, i) => {
        b.holds(r, `account:${r}`);
        b.paid('account:hub', `account:${r}`, 1200, `2024-03-0${i + 4}T15:00:00Z`);
      });
    },
    no: (b) => {
      // A landlord's four tenants pay rent; the landlord pays three bills.
      people(b, ['h', 'p1', 'p2', 'p3', 'p4', 'r1', 'r2', 'r3']);
      b.holds('h', 'account:hub');
      ['p1', 'p2', 'p3', 'p4'].forEach((p, i) => {
        b.holds(p, `account:${p}`);
        b.paid(`account:${p}`, 'account:hub', 1000, `2024-03-0${i + 1}T09:00:00Z`, 'rent');
      });
      ['r1', 'r2', 'r3'].forEach((r, i) => {
        b.holds(r, `account:${r}`);
        b.paid('account:hub', `account:${r}`, 1200, `2024-03-0${i + 4}T15:00:00Z`);
      });
    },
  },
  {
    id: 'layering-chain',
    // The chain's first hop: the builder's fifth relationship, after four HOLDS.
    subject: 'r5',
    yes: (b) => {
      people(b, ['a', 'm1', 'm2', 'c']);
      for (const p of ['a', 'm1', 'm2', 'c']) b.holds(p, `account:${p}`);
      b.paid('account:a', 'account:m1', 10000, '2024-03-01T09:00:00Z');
      b.paid('account:m1', 'account:m2', 9200, '2024-03-01T15:00:00Z');
      b.paid('account:m2', 'account:c', 8500, '2024-03-02T11:00:00Z');
    },
    no: (b) => {
      // An employer pays a payroll bureau, which pays each worker a small part of it.
      people(b, ['a', 'm1', 'm2', 'c']);
      for (const p of ['a', 'm1', 'm2', 'c']) b.holds(p, `account:${p}`);
      b.paid('account:a', 'account:m1', 10000, '2024-03-01T09:00:00Z');
      b.paid('account:m1', 'account:m2', 2500, '2024-03-01T15:00:00Z');
      b.paid('account:m2', 'account:c', 2400, '2024-03-02T11:00:00Z');
    },
  },
  {
    id: 'round-trip',
    subject: 'account:a',
    yes: (b) => {
      people(b, ['a', 'm1', 'm2']);
      for (const p of ['a', 'm1', 'm2']) b.holds(p, `account:${p}`);
      b.paid('account:a', 'account:m1', 20000, '2024-03-01');
      b.paid('account:m1', 'account:m2', 19000, '2024-03-05');
      b.paid('account:m2', 'account:a', 18000, '2024-03-12');
    },
    no: (b) => {
      // A loan and its repayment: one counterparty, no intermediaries.
      people(b, ['a', 'm1']);
      for (const p of ['a', 'm1']) b.holds(p, `account:${p}`);
      b.paid('account:a', 'account:m1', 20000, '2024-03-01');
      b.paid('account:m1', 'account:a', 20000, '2024-03-20');
    },
  },
  {
    id: 'structuring',
    subject: 'account:s',
    yes: (b) => {
      people(b, ['s']);
      b.holds('s', 'account:s');
      b.node('location:leeds', 'Location', { name: 'Leeds' });
      for (const [d, amount] of [
        ['03', 9500],
        ['10', 9800],
        ['17', 9900],
      ] as const)
        b.rel('CASH', 'account:s', 'location:leeds', {
          direction: 'in',
          amount,
          currency: 'GBP',
          at: `2024-03-${d}T10:00:00Z`,
        });
    },
    no: (b) => {
      // A saver paying in 500 every week.
      people(b, ['s']);
      b.holds('s', 'account:s');
      b.node('location:leeds', 'Location', { name: 'Leeds' });
      for (const d of ['03', '10', '17', '24'])
        b.rel('CASH', 'account:s', 'location:leeds', {
          direction: 'in',
          amount: 500,
          currency: 'GBP',
          at: `2024-03-${d}T10:00:00Z`,
        });
    },
  },
  {
    id: 'cash-out',
    subject: 'account:m',
    yes: (b) => cashOutCase(b, 1500),
    // The same credits, spent by card and saved: no cash leaves.
    no: (b) => cashOutCase(b, 100),
  },
  // Children (issue #18 item 3).
  {
    id: 'minor-third-party-travel',
    subject: 'account:mt-agency',
    yes: (b) => {
      b.person('mt:child', { name: 'Ana Lungu', birthDate: '2010-02-01' });
      b.person('mt:escort', { name: 'Vasile Tudor', birthDate: '1985-03-03' });
      b.person('mt:agent', { name: 'Marius Dobre' });
      b.holds('mt:agent', 'account:mt-agency');
      b.node('route:mt', 'Route');
      b.node('journey:mt', 'Journey', { date: '2024-05-01T06:00:00Z' });
      b.rel('ON', 'journey:mt', 'route:mt');
      b.rel('PAID_FOR', 'account:mt-agency', 'journey:mt');
      for (const t of ['mt:child', 'mt:escort']) b.rel('TOOK', t, 'journey:mt');
    },
    no: (b) => {
      // A family travelling together, the father paying.
      b.person('mt:son', { name: 'Andrei Popa', birthDate: '2012-01-01' });
      b.person('mt:mother', { name: 'Elena Popa', birthDate: '1982-01-01' });
      b.person('mt:father', { name: 'Ion Popa', birthDate: '1980-01-01' });
      b.holds('mt:father', 'account:mt-father');
      b.node('route:mt', 'Route');
      b.node('journey:mt', 'Journey', { date: '2024-05-01T06:00:00Z' });
      b.rel('ON', 'journey:mt', 'route:mt');
      b.rel('PAID_FOR', 'account:mt-father', 'journey:mt');
      for (const t of ['mt:son', 'mt:mother']) b.rel('TOOK', t, 'journey:mt');
    },
  },
  {
    id: 'minor-crowded-address',
    subject: 'address:mc-house',
    yes: (b) => {
      const ids = ['mc:a', 'mc:b', 'mc:c', 'mc:d', 'mc:e'];
      people(b, ids, { birthDate: '1980-01-01' });
      b.graph.setNodeAttribute('mc:e', 'birthDate', '2011-01-01');
      for (const p of ids) b.livesAt(p, 'address:mc-house', { from: '2023-01-01' });
    },
    no: (b) => {
      // A large family: two parents and four children, one household.
      const ids = ['mc:a', 'mc:b', 'mc:c', 'mc:d', 'mc:e', 'mc:f'];
      people(b, ids, { familyName: 'Large', birthDate: '2012-01-01' });
      for (const p of ids) b.livesAt(p, 'address:mc-house', { from: '2023-01-01' });
    },
  },
  {
    id: 'child-benefit-elsewhere',
    subject: 'claim:cb>cb:claimant',
    yes: (b) => {
      b.person('cb:claimant', { name: 'Elena Rusu', birthDate: '1980-01-01' });
      b.person('cb:child', { name: 'Mihai Rusu', birthDate: '2014-01-01' });
      b.rel('RELATED_TO', 'cb:claimant', 'cb:child', { kind: 'parent' });
      b.claim('cb:claimant', 'claim:cb', 'account:cb', { scheme: 'CB', start: '2023-01-01' });
      b.livesAt('cb:claimant', 'address:cb-claimant');
      b.livesAt('cb:child', 'address:cb-elsewhere');
    },
    no: (b) => {
      // The child lives with the claimant.
      b.person('cb:claimant', { name: 'Elena Rusu', birthDate: '1980-01-01' });
      b.person('cb:child', { name: 'Mihai Rusu', birthDate: '2014-01-01' });
      b.rel('RELATED_TO', 'cb:claimant', 'cb:child', { kind: 'parent' });
      b.claim('cb:claimant', 'claim:cb', 'account:cb', { scheme: 'CB', start: '2023-01-01' });
      b.livesAt('cb:claimant', 'address:cb-home');
      b.livesAt('cb:child', 'address:cb-home');
    },
  },
  // Organ removal, online recruitment, forced criminality (issue #18): typology-graphs.ts.
  ...TYPOLOGY_CASES,
];

/** Six credits from three unrelated payers into account:m, then `cashOut` withdrawn at an ATM. */
function cashOutCase(b: Builder, cashOut: number): void {
  people(b, ['m', 'p1', 'p2', 'p3']);
  b.holds('m', 'account:m');
  b.node('location:atm', 'Location', { name: 'Leeds' });
  for (let i = 0; i < 6; i++) {
    const p = `p${(i % 3) + 1}`;
    b.holds(p, `account:${p}`);
    b.paid(`account:${p}`, 'account:m', 300, `2024-03-0${i + 1}T09:00:00Z`);
  }
  b.rel('CASH', 'account:m', 'location:atm', {
    direction: 'out',
    amount: cashOut,
    at: '2024-03-07T10:00:00Z',
  });
}

describe('indicator library', () => {
  it('has one test case per registered indicator, with id, version, category, source and weight', () => {
    expect(CASES.map((c) => c.id).sort()).toEqual(INDICATORS.map((i) => i.id).sort());
    for (const indicator of INDICATORS) {
      expect(indicator.version).toBeGreaterThanOrEqual(1);
      expect(['THB', 'FINANCIAL', 'BENEFIT']).toContain(indicator.category);
      expect(indicator.source.length).toBeGreaterThan(5);
      expect(indicator.weight).toBeGreaterThan(0);
    }
  });

  for (const c of CASES) {
    describe(c.id, () => {
      it('matches the pattern, with evidence that exists in the graph', () => {
        const b = build();
        c.yes(b);
        const matches = getIndicator(c.id).match(b.graph);
        expect(matches.map((m) => m.subject)).toContain(c.subject);
        const match = matches.find((m) => m.subject === c.subject)!;
        expect(match.id).toBe(`${c.id}@${match.version}:${c.subject}`);
        expect(match.relationships.length).toBeGreaterThan(0);
        for (const edge of match.relationships) expect(b.graph.hasEdge(edge)).toBe(true);
        for (const node of match.nodes) expect(b.graph.hasNode(node)).toBe(true);
        expect(match.actors.length).toBeGreaterThan(0);
      });

      it('does not make offenders or key actors of the people it shows as exposed', () => {
        const b = build();
        c.yes(b);
        const exposed = new Set(
          getIndicator(c.id)
            .match(b.graph)
            .flatMap((m) => m.exposed),
        );
        const result = analyse(b.graph, { communities: { seed: 1 }, minNetworkSize: 1 });
        for (const network of result.networks)
          for (const person of [...network.offenders, ...network.keyActors])
            expect(exposed.has(person), `${person} in ${network.key}`).toBe(false);
      });

      it('does not match the look-alike', () => {
        const b = build();
        c.no(b);
        expect(getIndicator(c.id).match(b.graph)).toEqual([]);
      });
    });
  }

  it('rejects unknown parameters with a message naming the indicator and its parameters', () => {
    expect(() => getIndicator('crowded-address').match(build().graph, { minPeople: 3 } as never)).toThrow(
      /analyse\/indicators\/crowded-address: unknown parameter "minPeople"; known parameters are minPersons/,
    );
    expect(() => getIndicator('nope')).toThrow(/unknown indicator "nope"/);
  });

  it('takes parameters: a lower threshold makes the look-alike match', () => {
    const b = build();
    CASES.find((c) => c.id === 'held-documents')!.no(b);
    expect(getIndicator('held-documents').match(b.graph, { minOthers: 1 })).toHaveLength(1);
  });

  it('runs all indicators deterministically', () => {
    const b = build();
    for (const c of CASES) c.yes(b);
    const once = runIndicators(b.graph).matches;
    const twice = runIndicators(b.graph).matches;
    expect(twice).toEqual(once);
    expect([...new Set(once.map((m) => m.indicator))].sort()).toEqual(INDICATORS.map((i) => i.id).sort());
  });
});
