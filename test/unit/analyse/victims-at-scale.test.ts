/**
 * Detection at scale (issue #15, the 2026-12-07 "victims" pass on the dev worlds): rules read from
 * the dev analogues of the large test world, each with a must and a must-not case stated as the
 * evidence it rests on.
 */
import { describe, expect, it } from 'vitest';
import { getIndicator } from '../../../src/analyse/indicators/index.ts';
import { build } from './build.ts';

describe('controlled-accounts v5: the switchboard limit counts owners who hold none of the accounts', () => {
  /** A pimp's work phone, given as their own on the bank forms of `women` women of other families. */
  function workPhone(women: number, others = 0) {
    const b = build();
    b.person('pimp', { name: 'Kiril Angelov' });
    b.phone('pimp', 'phone:work');
    for (let i = 1; i <= women; i++) {
      b.person(`w${i}`, { name: `Woman ${i}`, familyName: `F${i}` });
      b.holds(`w${i}`, `account:w${i}`);
      b.phone(`w${i}`, 'phone:work');
    }
    // People who answer the number and hold nothing opened with it (a company switchboard's staff).
    for (let i = 1; i <= others; i++) {
      b.person(`staff${i}`, { name: `Staff ${i}`, familyName: `S${i}` });
      b.phone(`staff${i}`, 'phone:work');
    }
    return b;
  }

  it('must: one phone on fourteen women’s bank forms, answered by a man who holds none, names him', () => {
    const matches = getIndicator('controlled-accounts').match(workPhone(14).graph);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.beneficiaries).toEqual(['pimp']);
    expect(matches[0]!.exposed).toHaveLength(14);
  });

  it('must not: a number eleven people answer who hold nothing opened with it is a switchboard', () => {
    expect(getIndicator('controlled-accounts').match(workPhone(2, 11).graph)).toEqual([]);
  });

  it('must (unchanged): a small ring under the limit is named as before', () => {
    const matches = getIndicator('controlled-accounts').match(workPhone(4).graph);
    expect(matches.map((m) => m.beneficiaries)).toEqual([['pimp']]);
  });
});
