/**
 * Detection at scale (issue #15, the 2026-12-07 "victims" pass on the dev worlds): rules read from
 * the dev analogues of the large test world, each with a must and a must-not case stated as the
 * evidence it rests on.
 */
import { describe, expect, it } from 'vitest';
import { getIndicator } from '../../../src/analyse/indicators/index.ts';
import { rankUnits } from '../../../src/analyse/pipeline.ts';
import type { IndicatorMatch } from '../../../src/analyse/types.ts';
import { build } from './build.ts';
import { rankedNetwork } from './networks.ts';

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

describe('units: pieces of one parent whose controllers are one name', () => {
  /** Two pieces of parent c30; each has a control match naming a payer record inside it. */
  function pieces(secondPayer: string) {
    const b = build();
    b.person('person:payer1', { name: 'Nikolai Angelov' });
    b.person('person:payer2', { name: secondPayer });
    for (const v of ['v1', 'v2', 'v3', 'v4', 'x1', 'x2']) b.person(`person:${v}`, { familyName: v });
    const match = (id: string, payer: string, victims: string[]): IndicatorMatch => ({
      id,
      indicator: 'group-travel-payer',
      version: 1,
      category: 'THB',
      subject: id,
      nodes: [payer, ...victims],
      relationships: [],
      actors: [payer, ...victims],
      beneficiaries: [payer],
      exposed: victims,
      strength: 1,
      facts: {},
    });
    const a = match('group-travel-payer@1:a', 'person:payer1', ['person:v1', 'person:v2']);
    const c = match('group-travel-payer@1:b', 'person:payer2', ['person:v3', 'person:v4']);
    const network = (key: string, members: string[], risk: number, matches: IndicatorMatch[]) =>
      rankedNetwork(key, members, risk, matches, key.startsWith('c30') ? 'c30' : undefined);
    const networks = [
      network('c30.1', ['person:payer1', 'person:v1', 'person:v2'], 40, [a]),
      network('c30.2', ['person:payer2', 'person:v3', 'person:v4'], 30, [c]),
      network('c9', ['person:x1', 'person:x2'], 35, []),
    ];
    const byActor = new Map<string, IndicatorMatch[]>();
    for (const m of [a, c])
      for (const actor of m.actors) byActor.set(actor, [...(byActor.get(actor) ?? []), m]);
    rankUnits(b.graph, networks, byActor, {} as never, { cutFrom: new Map(), connectors: new Set() });
    return Object.fromEntries(networks.map((n) => [n.key, n.unitRank]));
  }

  it('must: one payer recorded anew for every booking, in two pieces, makes them one unit', () => {
    const units = pieces('Nikolai Angelov');
    expect(units['c30.1']).toBe(units['c30.2']);
    expect(units.c9).not.toBe(units['c30.1']);
  });

  it('must not: pieces whose controllers have other names stay apart', () => {
    const units = pieces('Ivan Petrov');
    expect(units['c30.1']).not.toBe(units['c30.2']);
  });
});

describe('hub-phone v3: workers who gave the boss’s number to their bank are exposed, not its owners', () => {
  /** A boss's phone calling five workers; `banked` workers' bank records give the boss's number. */
  function hub(banked: number, bossHolds = false) {
    const b = build();
    b.org('org');
    b.person('boss', { name: 'Vasyl Moroz' });
    b.phone('boss', 'phone:hub');
    if (bossHolds) b.holds('boss', 'account:boss');
    for (let i = 0; i < 5; i++) {
      b.person(`w${i}`, { name: `Worker ${i}`, familyName: `F${i}` });
      b.rel('EMPLOYS', 'org', `w${i}`);
      b.phone(`w${i}`, `phone:w${i}`);
      b.rel('CALLED', 'phone:hub', `phone:w${i}`, { at: '2024-02-01', seconds: 30 });
    }
    for (let i = 0; i < banked; i++) {
      b.person(`bank:w${i}`, { name: `WORKER ${i}`, familyName: `F${i}` });
      b.holds(`bank:w${i}`, `account:w${i}`);
      b.phone(`bank:w${i}`, 'phone:hub');
    }
    const [match] = getIndicator('hub-phone').match(b.graph);
    return match!;
  }

  it('must: three workers’ bank records giving the number are exposed; the boss alone benefits', () => {
    const match = hub(3);
    expect(match.beneficiaries).toEqual(['boss']);
    expect(match.exposed).toEqual(expect.arrayContaining(['bank:w0', 'bank:w1', 'bank:w2']));
  });

  it('must not: one account holder giving it (his own number) still benefits with the boss', () => {
    expect([...hub(1).beneficiaries].sort()).toEqual(['bank:w0', 'boss']);
  });

  it('must not: when every owner holds an account nobody is singled out (v2 unchanged)', () => {
    expect([...hub(3, true).beneficiaries].sort()).toEqual(['bank:w0', 'bank:w1', 'bank:w2', 'boss']);
  });
});

describe('controlled-accounts v6: a shared family name alone does not make the phone’s owner a holder', () => {
  function namesake(tie: boolean) {
    const b = build();
    b.person('pimp', { name: 'Volodymyr Shevchuk' });
    b.phone('pimp', 'phone:work');
    const women = ['Iryna Shevchuk', 'Olena Koval', 'Maria Bondar'];
    women.forEach((name, i) => {
      b.person(`w${i}`, { name });
      b.holds(`w${i}`, `account:w${i}`);
      b.phone(`w${i}`, 'phone:work');
    });
    if (tie) b.rel('RELATED_TO', 'pimp', 'w0', { kind: 'family' });
    return getIndicator('controlled-accounts').match(b.graph);
  }

  it('must: a pimp who shares a common surname with one of the women is still the controller', () => {
    expect(namesake(false).map((m) => m.beneficiaries)).toEqual([['pimp']]);
  });

  it('must not: a recorded relative of a holder is not named', () => {
    expect(namesake(true)).toEqual([]);
  });
});
