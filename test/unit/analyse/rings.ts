/**
 * Worlds for "the right unit" (issue #15): labour rings that share a recruiter and a transport payer,
 * one ring organised by one controller, and background households around them.
 */
import { type Builder, build } from './build.ts';

export interface Ring {
  controller: string;
  workers: string[];
}

/**
 * One labour ring: a controller who holds the workers' documents and calls them, workers in two
 * houses. `money: false` leaves the controller without any account (control without money).
 */
export function labourRing(b: Builder, name: string, workers = 8): Ring {
  const controller = `person:${name}-boss`;
  b.person(controller, { familyName: `Boss${name}` });
  b.phone(controller, `phone:${name}-boss`);
  const ring: Ring = { controller, workers: [] };
  for (let i = 0; i < workers; i++) {
    const worker = `person:${name}-w${i}`;
    ring.workers.push(worker);
    b.person(worker, { familyName: `Worker${name}${i}` });
    b.livesAt(worker, `address:${name}-house${i % 2}`);
    b.phone(worker, `phone:${name}-w${i}`);
    for (let call = 0; call < 3; call++) {
      b.rel('CALLED', `phone:${name}-boss`, `phone:${name}-w${i}`, {
        at: `2024-02-0${call + 1}T10:00:00Z`,
        seconds: 60,
      });
    }
    b.node(`doc:${name}-w${i}`, 'IdentityDocument');
    b.rel('HAS_DOCUMENT', worker, `doc:${name}-w${i}`);
    b.rel('HELD_DOCUMENT', controller, `doc:${name}-w${i}`);
  }
  return ring;
}

/**
 * A recruiter who calls every worker and takes a fee from each, and a transport company that paid
 * every journey: ties as strong as the rings' own, which glue the rings into one Louvain community.
 */
export function sharedInfrastructure(
  b: Builder,
  rings: readonly Ring[],
): { recruiter: string; payer: string } {
  const recruiter = 'person:recruiter';
  const payer = 'org:transport';
  b.person(recruiter, { familyName: 'Recruiter' });
  b.phone(recruiter, 'phone:recruiter');
  b.holds(recruiter, 'account:recruiter');
  b.org(payer, { name: 'Transport Ltd' });
  b.holds(payer, 'account:transport');
  b.node('route:buc-lon', 'Route');
  for (const ring of rings) {
    for (const worker of ring.workers) {
      const phone = `phone:${worker.slice('person:'.length)}`;
      for (let call = 0; call < 6; call++) {
        b.rel('CALLED', 'phone:recruiter', phone, { at: `2024-01-0${call + 1}T09:00:00Z`, seconds: 120 });
      }
      b.holds(worker, `account:${worker.slice('person:'.length)}`);
      b.paid(`account:${worker.slice('person:'.length)}`, 'account:recruiter', 300, '2024-01-10', 'transfer');
      const journey = `journey:${worker.slice('person:'.length)}`;
      b.node(journey, 'Journey', { date: '2024-01-05' });
      b.rel('TOOK', worker, journey);
      b.rel('ON', journey, 'route:buc-lon');
      b.rel('PAID_FOR', 'account:transport', journey);
    }
  }
  return { recruiter, payer };
}

/** Households of four (family, one address, one phone each, calls between them). */
export function background(b: Builder, households: number): void {
  for (let h = 0; h < households; h++) {
    const people = [0, 1, 2, 3].map((i) => `person:bg${h}-${i}`);
    people.forEach((person, i) => {
      b.person(person, { familyName: `Family${h}` });
      b.livesAt(person, `address:bg${h}`);
      b.phone(person, `phone:bg${h}-${i}`);
      if (i > 0) {
        b.rel('RELATED_TO', people[0]!, person, { kind: 'family' });
        b.rel('CALLED', `phone:bg${h}-0`, `phone:bg${h}-${i}`, { at: '2024-03-01T10:00:00Z', seconds: 30 });
      }
    });
  }
}

export function threeRingsSharingInfrastructure(): {
  b: Builder;
  rings: Ring[];
  recruiter: string;
  payer: string;
} {
  const b = build();
  const rings = ['a', 'b', 'c'].map((name) => labourRing(b, name, 6));
  const shared = sharedInfrastructure(b, rings);
  background(b, 20);
  return { b, rings, ...shared };
}

/**
 * A labour ring and the money-mule chain that launders for it, as the generator plants them: the
 * workers gave their controller's phone to their bank and the mules their herder's (so each of those
 * phones has many holders), the herder calls the controller now and then, and the ring's account
 * pays the first mule. Two organisations tied by money and a few calls.
 */
export function ringAndMuleChain(): {
  b: Builder;
  ring: Ring;
  herder: string;
  mules: string[];
  collector: string;
} {
  const b = build();
  const ring = labourRing(b, 'lb', 10);
  b.holds(ring.controller, 'account:lb-boss');
  for (const worker of ring.workers) b.phone(worker, 'phone:lb-boss');
  const herder = 'person:herder';
  const collector = 'person:collector';
  b.person(herder, { familyName: 'Herder' });
  b.phone(herder, 'phone:herder');
  b.person(collector, { familyName: 'Collector' });
  b.holds(collector, 'account:collector');
  b.phone(collector, 'phone:collector');
  const mules = Array.from({ length: 8 }, (_, i) => `person:mule${i}`);
  mules.forEach((mule, i) => {
    b.person(mule, { familyName: `Mule${i}` });
    b.holds(mule, `account:mule${i}`);
    b.phone(mule, `phone:mule${i}`);
    // The mule's bank form names the herder's phone.
    b.phone(mule, 'phone:herder');
    for (let call = 0; call < 4; call++)
      b.rel('CALLED', 'phone:herder', `phone:mule${i}`, {
        at: `2024-02-0${call + 1}T10:00:00Z`,
        seconds: 60,
      });
  });
  // Layering: first half pays the second half, the second half pays the collector, monthly.
  for (let month = 1; month <= 6; month++) {
    const day = `2024-0${month}-10`;
    for (let i = 0; i < 4; i++) {
      b.paid(`account:mule${i}`, `account:mule${i + 4}`, 2000, day);
      b.paid(`account:mule${i + 4}`, 'account:collector', 1900, day);
    }
    // The ring's account pays the first mule; the herder calls the controller.
    b.paid('account:lb-boss', 'account:mule0', 5000, day);
    b.rel('CALLED', 'phone:herder', 'phone:lb-boss', { at: `${day}T09:00:00Z`, seconds: 90 });
  }
  background(b, 20);
  return { b, ring, herder, mules, collector };
}
