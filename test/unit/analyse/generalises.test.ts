/**
 * Detection that generalises (issue #15, the 2026-12-07 pass on the dev worlds): each rule with a
 * must and a must-not case, read from a miss of a development world and stated as the evidence
 * it rests on, not as the generator's roles.
 */
import { describe, expect, it } from 'vitest';
import { getIndicator } from '../../../src/analyse/indicators/index.ts';
import { type Builder, build } from './build.ts';

/** A herder whose own account (opened years before) gives his phone, and mules opened with it. */
function herderAndMules(b: Builder, visits: Array<[string, string, string, string[]]>): void {
  b.person('herder', { name: 'Monika Szymanski' });
  b.holds('herder', 'account:herder', { bank: 'ALBN', branch: 'BIRMINGHAM CENTRAL', opened: '2020-12-28' });
  b.phone('herder', 'phone:herder');
  for (const [bank, branch, opened, mules] of visits)
    for (const m of mules) {
      b.person(m, { name: `Mule ${m}`, familyName: `F${m}` });
      b.holds(m, `account:${m}`, { bank, branch, opened });
      // The bank records the herder's number as each mule's own phone (the form he filled in).
      b.phone(m, 'phone:herder');
    }
}

describe('escorted-openings v3: one operation over several branches and days', () => {
  it('must: the mules opened with his phone at other branches that week are not the escorts; he is', () => {
    const b = build();
    herderAndMules(b, [
      ['ALBN', 'BIRMINGHAM CENTRAL', '2023-12-08', ['m1', 'm2', 'm3']],
      ['ALBN', 'BIRMINGHAM MARKET SQUARE', '2023-12-08', ['m4']],
      ['ALBN', 'BIRMINGHAM HIGH STREET', '2023-12-09', ['m5']],
      ['PLDR', 'Birmingham Centrum', '2023-12-09', ['m6']],
    ]);
    const matches = getIndicator('escorted-openings').match(b.graph);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.beneficiaries).toEqual(['herder']);
    expect(matches[0]!.exposed).toEqual(['m1', 'm2', 'm3']);
  });

  it('must not: someone who opened an account with that phone a year apart is still named', () => {
    const b = build();
    herderAndMules(b, [
      ['ALBN', 'BIRMINGHAM CENTRAL', '2023-12-08', ['m1', 'm2', 'm3']],
      ['ALBN', 'BIRMINGHAM HIGH STREET', '2022-11-02', ['m4']],
    ]);
    const [match] = getIndicator('escorted-openings').match(b.graph);
    expect(match!.beneficiaries).toEqual(['herder', 'm4']);
  });
});

describe('controlled-accounts v4: a handset id of one number is that number', () => {
  const handset = { imei: '354829526740141' };
  it('must not: one phone with a handset id, on several holders, exposes nobody as "device"', () => {
    const b = build();
    herderAndMules(b, [['ALBN', 'BIRMINGHAM CENTRAL', '2023-12-08', ['m1', 'm2', 'm3']]]);
    b.graph.mergeNodeAttributes('phone:herder', handset);
    const matches = getIndicator('controlled-accounts').match(b.graph);
    expect(matches.filter((m) => m.facts.pattern === 'device')).toEqual([]);
  });

  it('must: one handset id on two numbers held by account holders of two households matches', () => {
    const b = build();
    for (const p of ['a', 'c']) {
      b.person(p, { familyName: `F${p}` });
      b.holds(p, `account:${p}`);
      b.phone(p, `phone:${p}`, handset);
    }
    const matches = getIndicator('controlled-accounts').match(b.graph);
    expect(matches.map((m) => [m.facts.pattern, m.exposed])).toEqual([['device', ['a', 'c']]]);
  });
});
