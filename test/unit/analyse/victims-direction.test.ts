/**
 * No victim ranked as an offender (issue #15), the 2026-12-07 "victims 2" pass on the dev analogues
 * of the large test world (dev worlds 10 and 11): each rule with a must and a must-not case, stated
 * as the evidence of control direction it rests on.
 */
import { describe, expect, it } from 'vitest';
import { isControlled, mayBeExploited } from '../../../src/analyse/control.ts';
import { getIndicator } from '../../../src/analyse/indicators/index.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { type Builder, build } from './build.ts';

describe('mayBeExploited: a record of the same name at the home of a controlled woman', () => {
  /**
   * Dev world 10: the pimp holds Gabriela's passport and pays her journey (her joined bank, travel
   * and seizure records, living at the short let); the tenancy register writes "Gabriela Nistor" at
   * that flat with no birth date and no phone.
   */
  function shortLet(b: Builder, tenantName: string, tenantHome = 'address:flat', herHome = true): void {
    b.person('pimp', { name: 'Bogdan Ciobanu' });
    b.livesAt('pimp', 'address:pimp');
    b.person('gabriela', { name: 'Gabriela Nistor', birthDate: '1996-06-11' });
    if (herHome) b.livesAt('gabriela', 'address:flat');
    b.holdsDocumentOf('pimp', 'gabriela');
    b.paysJourney('pimp', 'gabriela');
    b.person('tenancy:1', { name: tenantName });
    b.livesAt('tenancy:1', tenantHome);
  }

  /** The tenancy record made the most central member of a network with no evidence: its network. */
  function centralNetwork(b: Builder) {
    b.callsThree('tenancy:1');
    const result = analyse(b.graph, { communities: { seed: 1 }, minNetworkSize: 1 });
    return result.networks.find((n) => n.members.some((m) => m.node === 'tenancy:1'))!;
  }

  it('must: the same whole name at her flat, with no birth date, is never a key actor by centrality', () => {
    const b = build();
    shortLet(b, 'Gabriela Nistor');
    expect(mayBeExploited(b.graph, 'tenancy:1')).toBe(true);
    const network = centralNetwork(b);
    expect(network.members.map((m) => m.node)).toEqual(expect.arrayContaining(['x1', 'x2', 'x3']));
    expect(network.keyActors).not.toContain('tenancy:1');
  });

  /**
   * The controlled record is the travel agent's, with no address. The bank's, never joined to it and
   * with no control edge, gives the flat as the bank writes it; the register as the register does.
   */
  function twoRegisters(b: Builder, bankBorn: string, bankLine: string): void {
    shortLet(b, 'Gabriela Nistor', 'address:tenancy-flat', false);
    b.graph.mergeNodeAttributes('address:tenancy-flat', { line: 'Flat 6, 98 York Road', city: 'Leeds' });
    b.person('bank:gabriela', { name: 'MS GABRIELA NISTOR', birthDate: bankBorn });
    b.livesAt('bank:gabriela', 'address:bank-flat');
    b.graph.mergeNodeAttributes('address:bank-flat', { line: bankLine });
  }

  it('must: her bank record at that door, born the day of her controlled travel record, protects it', () => {
    const b = build();
    twoRegisters(b, '1996-06-11', 'FLAT 6, 98 YORK ROAD, LEEDS, LS16 8TJ');
    expect(mayBeExploited(b.graph, 'tenancy:1')).toBe(true);
  });

  it('must not: the bank record born another day, or at another door of the street, protects nothing', () => {
    const born = build();
    twoRegisters(born, '1990-01-01', 'FLAT 6, 98 YORK ROAD, LEEDS, LS16 8TJ');
    expect(mayBeExploited(born.graph, 'tenancy:1')).toBe(false);
    const door = build();
    twoRegisters(door, '1996-06-11', '100 YORK ROAD, LEEDS, LS16 8TJ');
    expect(mayBeExploited(door.graph, 'tenancy:1')).toBe(false);
  });

  it('must not: a housemate sharing only the family name, or the same name elsewhere, or the pimp', () => {
    const sister = build();
    shortLet(sister, 'Ana Nistor');
    expect(mayBeExploited(sister.graph, 'tenancy:1')).toBe(false);
    expect(centralNetwork(sister).keyActors).toContain('tenancy:1');

    // The same name at another address is not her (no shared home, no birth date to compare).
    const elsewhere = build();
    shortLet(elsewhere, 'Gabriela Nistor', 'address:other');
    expect(mayBeExploited(elsewhere.graph, 'tenancy:1')).toBe(false);

    // The pimp registered at her flat under his own name is no namesake of hers.
    const pimp = build();
    shortLet(pimp, 'Gabriela Nistor');
    pimp.livesAt('pimp', 'address:flat');
    expect(mayBeExploited(pimp.graph, 'pimp')).toBe(false);
  });
});

/**
 * Dev world 11: a boss takes workers to a branch and gives his number on every bank form. A worker's
 * benefit claim and payroll filing (joined to each other by her national insurance number, not to
 * her bank record) give his number too and hold no account.
 */
function openings(b: Builder, otherName: string, otherBorn = '1986-02-10'): void {
  b.person('boss', { name: 'Vasyl Moroz' });
  b.phone('boss', 'phone:boss');
  const workers = ['Kateryna Koval', 'Olena Bondar', 'Maria Tkachenko'];
  workers.forEach((name, i) => {
    b.person(`bank:w${i}`, { name: `MRS ${name.toUpperCase()}`, birthDate: `1986-02-1${i}` });
    b.holds(`bank:w${i}`, `account:w${i}`, { bank: 'ALBN', branch: 'PETERBOROUGH', opened: '2023-12-08' });
    b.phone(`bank:w${i}`, 'phone:boss');
  });
  // The claim record: the first worker's name written the other way round, her birth date.
  b.person('claim:w0', { name: otherName, birthDate: otherBorn });
  b.phone('claim:w0', 'phone:boss');
}

describe('escorted-openings v4: a worker recorded again by another source is escorted, not the escort', () => {
  it('must: her claim record, which gives the boss’s number and holds no account, is exposed', () => {
    const b = build();
    openings(b, 'Koval KATERYNA');
    const [match] = getIndicator('escorted-openings').match(b.graph);
    expect(match!.beneficiaries).toEqual(['boss']);
    expect(match!.exposed).toEqual(expect.arrayContaining(['bank:w0', 'bank:w1', 'bank:w2', 'claim:w0']));
  });

  it('must not: a man sharing only her family name, born another day, is still an escort', () => {
    const b = build();
    openings(b, 'Petro Koval', '1979-07-01');
    const [match] = getIndicator('escorted-openings').match(b.graph);
    expect([...match!.beneficiaries].sort()).toEqual(['boss', 'claim:w0']);
  });
});

describe('hub-phone v4: a worker recorded again by another source does not answer for the boss’s phone', () => {
  /** The boss's phone calls five workers (employed: vulnerable); the openings above give it too. */
  function hub(otherName: string, otherBorn?: string) {
    const b = build();
    openings(b, otherName, otherBorn);
    b.org('agency');
    for (let i = 0; i < 5; i++) {
      b.person(`w${i}`, { name: `Worker ${i}`, familyName: `F${i}` });
      b.rel('EMPLOYS', 'agency', `w${i}`);
      b.phone(`w${i}`, `phone:w${i}`);
      b.rel('CALLED', 'phone:boss', `phone:w${i}`, { at: '2024-02-01', seconds: 30 });
    }
    const [match] = getIndicator('hub-phone').match(b.graph);
    return match!;
  }

  it('must: the claim record under her name is exposed; the boss alone benefits', () => {
    const match = hub('Koval KATERYNA');
    expect(match.beneficiaries).toEqual(['boss']);
    expect(match.exposed).toEqual(expect.arrayContaining(['bank:w0', 'claim:w0']));
  });

  it('must not: a man sharing only her family name, holding no account, still answers for it', () => {
    expect([...hub('Petro Koval', '1979-07-01').beneficiaries].sort()).toEqual(['boss', 'claim:w0']);
  });
});

describe('isControlled: the straw director is the worker of that name the company employs', () => {
  /** A recruiter pays the journey of the agency's worker; the register lists a director of her name. */
  function agency(directorName: string): Builder {
    const b = build();
    b.person('recruiter', { name: 'Vasile Rusu' });
    b.org('agency', { name: 'NORTHGATE STAFFING LTD' });
    b.person('employee:ioana', { name: 'STOICA, Ioana', birthDate: '2005-05-09' });
    b.rel('EMPLOYS', 'agency', 'employee:ioana');
    b.paysJourney('recruiter', 'employee:ioana');
    b.person('director:1', { name: directorName, birthDate: '2005-05' });
    b.rel('DIRECTS', 'director:1', 'agency');
    return b;
  }

  it('must: the director record of her name is controlled, as she is', () => {
    const b = agency('STOICA, Ioana');
    expect(isControlled(b.graph, 'employee:ioana')).toBe(true);
    expect(isControlled(b.graph, 'director:1')).toBe(true);
  });

  it('must not: a director of another name, or the one paying the journeys, is not protected', () => {
    expect(isControlled(agency('RUSU, Vasile').graph, 'director:1')).toBe(false);
    const b = agency('STOICA, Ioana');
    b.rel('DIRECTS', 'recruiter', 'agency');
    expect(isControlled(b.graph, 'recruiter')).toBe(false);
  });
});
