/**
 * No victim ranked as an offender (issue #15), the 2026-12-07 "victims 2" pass on the dev analogues
 * of the large test world (dev worlds 10 and 11): each rule with a must and a must-not case, stated
 * as the evidence of control direction it rests on.
 */
import { describe, expect, it } from 'vitest';
import { mayBeExploited } from '../../../src/analyse/control.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { type Builder, build } from './build.ts';

describe('mayBeExploited: a record of the same name at the home of a controlled woman', () => {
  /**
   * Dev world 10: the pimp holds Gabriela's passport and pays her journey (her joined bank, travel
   * and seizure records, living at the short let); the tenancy register writes "Gabriela Nistor" at
   * that flat with no birth date and no phone.
   */
  function shortLet(b: Builder, tenantName: string, tenantHome = 'address:flat'): void {
    b.person('pimp', { name: 'Bogdan Ciobanu' });
    b.livesAt('pimp', 'address:pimp');
    b.person('gabriela', { name: 'Gabriela Nistor', birthDate: '1996-06-11' });
    b.livesAt('gabriela', 'address:flat');
    b.node('doc:gabriela', 'IdentityDocument');
    b.rel('HAS_DOCUMENT', 'gabriela', 'doc:gabriela');
    b.rel('HELD_DOCUMENT', 'pimp', 'doc:gabriela');
    b.node('journey:1', 'Journey', { date: '2024-01-05' });
    b.rel('TOOK', 'gabriela', 'journey:1');
    b.rel('PAID_FOR', 'pimp', 'journey:1');
    b.person('tenancy:1', { name: tenantName });
    b.livesAt('tenancy:1', tenantHome);
  }

  /** The tenancy record made the most central member of a network with no evidence. */
  function central(b: Builder): void {
    b.phone('tenancy:1', 'phone:t');
    for (const x of ['x1', 'x2', 'x3']) {
      b.person(x, { familyName: `F${x}` });
      b.phone(x, `phone:${x}`);
      for (const day of ['01', '02'])
        b.rel('CALLED', 'phone:t', `phone:${x}`, { at: `2024-03-${day}T10:00:00Z` });
    }
  }

  it('must: the same whole name at her flat, with no birth date, is never a key actor by centrality', () => {
    const b = build();
    shortLet(b, 'Gabriela Nistor');
    expect(mayBeExploited(b.graph, 'tenancy:1')).toBe(true);
    central(b);
    const result = analyse(b.graph, { communities: { seed: 1 }, minNetworkSize: 1 });
    const network = result.networks.find((n) => n.members.some((m) => m.node === 'tenancy:1'))!;
    expect(network.members.map((m) => m.node)).toEqual(expect.arrayContaining(['x1', 'x2', 'x3']));
    expect(network.keyActors).not.toContain('tenancy:1');
  });

  it('must not: a housemate sharing only the family name, or the same name elsewhere, or the pimp', () => {
    const sister = build();
    shortLet(sister, 'Ana Nistor');
    expect(mayBeExploited(sister.graph, 'tenancy:1')).toBe(false);
    central(sister);
    const result = analyse(sister.graph, { communities: { seed: 1 }, minNetworkSize: 1 });
    const network = result.networks.find((n) => n.members.some((m) => m.node === 'tenancy:1'))!;
    expect(network.keyActors).toContain('tenancy:1');

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
