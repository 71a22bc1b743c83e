/**
 * Roles follow the direction of control (src/analyse/control.ts), never account ownership alone: a
 * pimp who collects the takings of three women is not "possibly exploited" by the cash on his own
 * account, and a victim whose wages leave at once for her boss stays exposed, the boss the offender.
 */
import { describe, expect, it } from 'vitest';
import { controlDirection, isNetController } from '../../../src/analyse/control.ts';
import { INDICATORS_BY_ID, runIndicators } from '../../../src/analyse/indicators/index.ts';
import { scoreNetwork } from '../../../src/analyse/risk.ts';
import { type Builder, build } from './build.ts';

const CITIES = ['Leeds', 'Hull', 'York', 'Derby'];

/** Cash deposited into `account` in every city on `day`, and `amount` sent on to `to` that day. */
function takings(
  b: Builder,
  account: string,
  day: string,
  to: string,
  amount: number,
  kind = 'transfer',
): void {
  CITIES.forEach((city, i) => {
    b.node(`location:${city}`, 'Location', { name: city });
    b.rel('CASH', account, `location:${city}`, {
      direction: 'in',
      amount: 300,
      at: `${day}T${10 + i}:00:00Z`,
    });
  });
  b.paid(account, to, amount, `${day}T20:00:00Z`, kind);
}

function pimpWorld(options: { travel: boolean }): Builder {
  const b = build();
  b.person('pimp', { name: 'Marius Dobre' });
  b.holds('pimp', 'account:pimp');
  b.person('boss', { name: 'Ilie Stan' });
  b.holds('boss', 'account:boss');
  for (const [w, name] of [
    ['w1', 'Ana Pop'],
    ['w2', 'Elena Rusu'],
    ['w3', 'Ioana Marin'],
  ] as const) {
    b.person(w, { name });
    b.holds(w, `account:${w}`);
    for (const day of ['2024-03-02', '2024-03-09']) takings(b, `account:${w}`, day, 'account:pimp', 1000);
    if (options.travel) {
      const journey = `journey:${w}`;
      b.node(journey, 'Journey', { date: '2024-02-28' });
      b.rel('TOOK', w, journey);
      b.rel('PAID_FOR', 'account:pimp', journey);
    }
  }
  // The pimp banks the cash he collects wherever the women work, and sends money home that day.
  for (const day of ['2024-03-03', '2024-03-10']) takings(b, 'account:pimp', day, 'account:boss', 2500);
  return b;
}

describe('roles that follow evidence', () => {
  it('a pimp collecting the takings of three women is never exposed for the cash on his account', () => {
    const b = pimpWorld({ travel: false });
    const direction = controlDirection(b.graph);
    expect([...(direction.controls.get('pimp')?.keys() ?? [])].sort()).toEqual(['w1', 'w2', 'w3']);
    expect(isNetController(b.graph, 'pimp')).toBe(true);
    const { matches } = runIndicators(b.graph, { only: ['scattered-cash'] });
    const own = matches.find((m) => m.subject === 'account:pimp')!;
    expect(own.exposed).toEqual([]);
    expect(own.beneficiaries).toEqual(['boss', 'pimp']);
    expect(own.facts.controlsOthers).toBe('pimp');
    for (const w of ['w1', 'w2', 'w3']) {
      const theirs = matches.find((m) => m.subject === `account:${w}`)!;
      expect(theirs.exposed).toEqual([w]);
      expect(theirs.beneficiaries).toEqual(['pimp']);
    }
    // In a network of the pimp and his boss alone (the women elsewhere), he is an offender.
    const risk = scoreNetwork(b.graph, ['pimp', 'boss'], matches, INDICATORS_BY_ID);
    expect(risk.possiblyExploited).toEqual([]);
    expect(risk.offenders).toContain('pimp');
  });

  it('paying the women’s travel is control too, without any of their money reaching him', () => {
    const b = build();
    b.person('pimp', { name: 'Marius Dobre' });
    b.holds('pimp', 'account:pimp');
    b.person('boss', { name: 'Ilie Stan' });
    b.holds('boss', 'account:boss');
    for (const w of ['w1', 'w2', 'w3']) {
      b.person(w, { name: `${w} Woman${w}` });
      const journey = `journey:${w}`;
      b.node(journey, 'Journey', { date: '2024-02-28' });
      b.rel('TOOK', w, journey);
      b.rel('PAID_FOR', 'account:pimp', journey);
    }
    for (const day of ['2024-03-03', '2024-03-10']) takings(b, 'account:pimp', day, 'account:boss', 2500);
    const [match] = runIndicators(b.graph, { only: ['scattered-cash'] }).matches;
    expect(match!.exposed).toEqual([]);
    expect(match!.beneficiaries).toEqual(['boss', 'pimp']);
  });

  it('the holder of cash that stays with them is neither exposed nor a beneficiary', () => {
    const b = build();
    b.person('trader', { name: 'Sam Hill' });
    b.holds('trader', 'account:trader');
    b.org('wholesale');
    b.holds('wholesale', 'account:wholesale');
    for (const day of ['2024-03-03', '2024-03-10'])
      takings(b, 'account:trader', day, 'account:wholesale', 900, 'card');
    const [match] = runIndicators(b.graph, { only: ['scattered-cash'] }).matches;
    expect(match!.exposed).toEqual([]);
    expect(match!.beneficiaries).toEqual([]);
    expect(match!.actors).toEqual(['trader']);
  });

  it('a victim whose wages leave at once for her boss stays exposed; the boss is the offender', () => {
    const b = build();
    b.person('v', { name: 'Ana Pop' });
    b.person('boss', { name: 'Ilie Stan' });
    b.holds('v', 'account:v');
    b.holds('boss', 'account:boss');
    for (const d of ['2024-01-31', '2024-02-29', '2024-03-29']) {
      b.paid('account:emp', 'account:v', 1000, `${d}T09:00:00Z`, 'wage');
      b.paid('account:v', 'account:boss', 900, `${d}T18:00:00Z`, 'transfer');
    }
    expect(isNetController(b.graph, 'v')).toBe(false);
    expect(controlDirection(b.graph).controlledBy.get('v')?.get('boss')).toEqual(new Set(['money']));
    const { matches } = runIndicators(b.graph, { only: ['rapid-pass-through'] });
    expect(matches[0]!.exposed).toEqual(['v']);
    expect(matches[0]!.beneficiaries).toEqual(['boss']);
    const risk = scoreNetwork(b.graph, ['v', 'boss'], matches, INDICATORS_BY_ID);
    expect(risk.possiblyExploited).toEqual(['v']);
    expect(risk.offenders).toEqual(['boss']);
  });

  it('a friend chipping in, or one household, is no control', () => {
    const b = build();
    b.person('a', { name: 'Sam Hill' });
    b.person('b', { name: 'Jo Hill' });
    b.person('c', { name: 'Kim Park' });
    b.holds('a', 'account:a');
    b.holds('b', 'account:b');
    b.holds('c', 'account:c');
    // One household: one family name and one home (a shared family name alone is not one).
    b.livesAt('a', 'address:hill');
    b.livesAt('b', 'address:hill');
    for (const d of ['2024-01-05', '2024-02-05']) {
      b.paid('account:b', 'account:a', 500, d); // family: same name, same home
      b.paid('account:c', 'account:a', 20, d); // small share of c's transfers
      b.paid('account:c', 'account:b', 800, d);
    }
    expect(controlDirection(b.graph).controls.get('a')).toBeUndefined();
    expect(isNetController(b.graph, 'b')).toBe(false);
  });
});
