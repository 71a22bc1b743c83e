/**
 * No victim ranked as an offender (issue #15 / #18 item 4), the 2026-12-07 final pass: each cause
 * read on a development world, stated as the evidence of exploitation it rests on (documents held
 * by another, travel paid by a third party in a group, wages or takings leaving at once), with a
 * must and a must-not case on a small hand-built graph.
 */
import { describe, expect, it } from 'vitest';
import { isControlled, mayBeExploited } from '../../../src/analyse/control.ts';
import { analyse } from '../../../src/analyse/pipeline.ts';
import { type Builder, build } from './build.ts';

describe('control direction: a shared family name alone is no household', () => {
  /**
   * Dev world 5: the pimp Ivan Ivanov holds Elena Ivanov's passport and pays her journey. Her
   * joined identity carries the family name "Ivanov" (the FtM record's familyName); her tenancy
   * record, joined to nothing, is born the same day.
   */
  function ivanov(b: Builder, pimpHome: string): void {
    b.person('pimp', { name: 'Ivan Ivanov', familyName: 'Ivanov', birthDate: '1981-05-24' });
    b.livesAt('pimp', pimpHome);
    b.holds('pimp', 'account:pimp');
    b.person('elena', { name: 'Ivanov Elena', familyName: 'Иванов', birthDate: '1996-09-09' });
    b.livesAt('elena', 'address:flat');
    b.node('doc:elena', 'IdentityDocument');
    b.rel('HAS_DOCUMENT', 'elena', 'doc:elena');
    b.rel('HELD_DOCUMENT', 'pimp', 'doc:elena');
    b.node('journey:elena', 'Journey', { date: '2024-01-05' });
    b.rel('TOOK', 'elena', 'journey:elena');
    b.rel('PAID_FOR', 'account:pimp', 'journey:elena');
    b.person('tenancy:elena', { name: 'Elena Ivanov', birthDate: '1996-09-09' });
    b.livesAt('tenancy:elena', 'address:flat');
  }

  it('must: her passport held by a man of her surname who lives elsewhere is control', () => {
    const b = build();
    ivanov(b, 'address:pimp-home');
    expect(isControlled(b.graph, 'elena')).toBe(true);
    // So her unjoined record of the same name and birth date is protected as she is.
    expect(mayBeExploited(b.graph, 'tenancy:elena')).toBe(true);
    // Central in a network with no evidence of its own, and still not a key actor.
    b.phone('tenancy:elena', 'phone:e');
    for (const x of ['x1', 'x2', 'x3']) {
      b.person(x, { familyName: `F${x}` });
      b.phone(x, `phone:${x}`);
      for (const day of ['01', '02'])
        b.rel('CALLED', 'phone:e', `phone:${x}`, { at: `2024-03-${day}T10:00:00Z` });
    }
    const result = analyse(b.graph, { communities: { seed: 1 }, minNetworkSize: 1 });
    const network = result.networks.find((n) => n.members.some((m) => m.node === 'tenancy:elena'))!;
    expect(network.members.map((m) => m.node)).toEqual(expect.arrayContaining(['x1', 'x2', 'x3']));
    expect(network.keyActors).not.toContain('tenancy:elena');
  });

  it('must not: a father keeping the passport of the daughter who lives with him', () => {
    const b = build();
    ivanov(b, 'address:flat');
    expect(isControlled(b.graph, 'elena')).toBe(false);
    expect(mayBeExploited(b.graph, 'tenancy:elena')).toBe(false);
  });

  it('must: takings leaving at once for a man of his surname who lives elsewhere (dev world 6)', () => {
    // The runner Quang Văn Ngô pays most of what he banks to Bình Văn Ngô, who paid his coach; he
    // is arrested for supply and recorded as a suspect.
    const b = build();
    b.person('boss', { name: 'Binh van Ngo', birthDate: '1984-07-31' });
    b.livesAt('boss', 'address:boss');
    b.holds('boss', 'account:boss');
    b.person('runner', { name: 'Quang van Ngo', birthDate: '2007-11-15' });
    b.livesAt('runner', 'address:flat');
    b.holds('runner', 'account:runner');
    for (const d of ['2024-01-10', '2024-01-17', '2024-01-24'])
      b.paid('account:runner', 'account:boss', 900, d);
    b.role('runner', 'suspect');
    expect(isControlled(b.graph, 'runner')).toBe(true);
    // Living with him, the same money is a son's to his father: no control.
    b.livesAt('boss', 'address:flat');
    const c = build();
    c.graph.import(b.graph.export());
    expect(isControlled(c.graph, 'runner')).toBe(false);
  });

  it('must not: a recorded family tie, wherever they live', () => {
    const b = build();
    ivanov(b, 'address:pimp-home');
    b.rel('RELATED_TO', 'pimp', 'elena', { kind: 'parent' });
    expect(isControlled(b.graph, 'elena')).toBe(false);
  });
});
