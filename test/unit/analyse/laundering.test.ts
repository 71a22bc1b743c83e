/**
 * The money-laundering typologies (issue #15) next to their look-alikes: payroll bureaus, landlords
 * collecting rent, family transfers, a business's ordinary fan-in, savers depositing cash below
 * thresholds. Each look-alike must NOT match; the closest laundering case beside it must.
 */
import { describe, expect, it } from 'vitest';
import { getIndicator } from '../../../src/analyse/indicators/index.ts';
import { type Builder, build } from './build.ts';

const matches = (id: string, b: Builder, params: Record<string, unknown> = {}) =>
  getIndicator(id).match(b.graph, params);

function person(b: Builder, id: string, name = `${id} Person${id}`): void {
  b.person(id, { name });
  b.holds(id, `account:${id}`);
}

const at = (day: number, hour = 9) =>
  `2024-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

describe('pass-through of any credit', () => {
  function mule(b: Builder, payers: string[], family = false): void {
    person(b, 'mule', 'Dan Mihai');
    person(b, 'boss', 'Ilie Stan');
    payers.forEach((p, i) => {
      person(b, p, family ? `${p} Mihai` : undefined);
      b.paid(`account:${p}`, 'account:mule', 1500, at(i + 1));
      b.paid('account:mule', 'account:boss', 1400, at(i + 1, 18));
    });
  }

  it('matches a mule fed by three defrauded strangers; the mule is exposed, the receiver benefits', () => {
    const b = build();
    mule(b, ['f1', 'f2', 'f3']);
    const [match] = matches('pass-through', b);
    expect(match!.exposed).toEqual(['mule']);
    expect(match!.beneficiaries).toEqual(['boss']);
    expect(match!.facts).toMatchObject({ occurrences: 3, payers: 3, credited: 4500, passedOn: 4200 });
  });

  it('does not match family members sending money through one of them', () => {
    const b = build();
    mule(b, ['f1', 'f2', 'f3'], true);
    expect(matches('pass-through', b)).toEqual([]);
  });

  it('does not match a payroll bureau (an organisation) or a landlord paying the mortgage', () => {
    const b = build();
    b.org('bureau');
    b.holds('bureau', 'account:bureau');
    for (const c of ['c1', 'c2', 'c3']) {
      b.org(c);
      b.holds(c, `account:${c}`);
      b.paid(`account:${c}`, 'account:bureau', 20000, at(1));
      b.paid('account:bureau', `account:${c}-staff`, 19000, at(1, 15));
    }
    person(b, 'landlord', 'Sam Hill');
    b.org('bank');
    b.holds('bank', 'account:bank');
    for (const t of ['t1', 't2', 't3']) {
      person(b, t);
      b.paid(`account:${t}`, 'account:landlord', 700, at(1));
      b.paid('account:landlord', 'account:bank', 650, at(2));
    }
    expect(matches('pass-through', b)).toEqual([]);
  });
});

describe('fan-in-fan-out', () => {
  it("does not match a sole trader's customers paying in, or a family pooling for a wedding", () => {
    const b = build();
    person(b, 'trader', 'Ana Pop');
    for (let i = 1; i <= 6; i++) {
      person(b, `c${i}`);
      b.paid(`account:c${i}`, 'account:trader', 300, at(i));
    }
    b.org('supplier');
    b.holds('supplier', 'account:supplier');
    b.paid('account:trader', 'account:supplier', 1500, at(7));
    person(b, 'bride', 'Ioana Marin');
    for (const k of ['k1', 'k2', 'k3', 'k4']) {
      person(b, k, `${k} Marin`);
      b.paid(`account:${k}`, 'account:bride', 1000, at(2));
    }
    for (const v of ['v1', 'v2', 'v3']) {
      person(b, v);
      b.paid('account:bride', `account:${v}`, 1200, at(4));
    }
    expect(matches('fan-in-fan-out', b)).toEqual([]);
    // Four unrelated guests instead of the family: collection and dispersal within days.
    for (const g of ['g1', 'g2', 'g3', 'g4']) {
      person(b, g);
      b.paid(`account:${g}`, 'account:bride', 1000, at(3));
    }
    expect(matches('fan-in-fan-out', b).map((m) => m.subject)).toEqual(['account:bride']);
  });
});

describe('layering-chain', () => {
  it('does not match tenant → letting agent → landlord, and matches a third hop of transfers', () => {
    const b = build();
    person(b, 'tenant');
    person(b, 'agent');
    person(b, 'landlord');
    b.paid('account:tenant', 'account:agent', 1000, at(1), 'rent');
    b.paid('account:agent', 'account:landlord', 900, at(2), 'rent');
    expect(matches('layering-chain', b)).toEqual([]);
    person(b, 'a');
    person(b, 'm1');
    person(b, 'm2');
    person(b, 'end');
    b.paid('account:a', 'account:m1', 5000, at(5));
    b.paid('account:m1', 'account:m2', 4600, at(5, 15));
    b.paid('account:m2', 'account:end', 4300, at(6));
    const [match] = matches('layering-chain', b);
    expect(match!.facts).toMatchObject({ hops: 3, sent: 5000, arrived: 4300, hours: 24 });
    expect(match!.exposed).toEqual(['m1', 'm2']);
    expect(match!.beneficiaries).toEqual(['end']);
    // The origin (in a mule chain, the scammed payer) is evidence, not an actor.
    expect(match!.actors).toEqual(['end', 'm1', 'm2']);
    expect(match!.nodes).toContain('a');
  });

  it('does not count a hop that grows, or one slower than hopHours', () => {
    const b = build();
    for (const p of ['a', 'm1', 'm2', 'end']) person(b, p);
    b.paid('account:a', 'account:m1', 5000, at(1));
    b.paid('account:m1', 'account:m2', 4600, at(1, 15));
    b.paid('account:m2', 'account:end', 4300, at(9));
    expect(matches('layering-chain', b)).toEqual([]);
    expect(matches('layering-chain', b, { hopHours: 24 * 9 })).toHaveLength(1);
  });
});

describe('round-trip', () => {
  it('does not match friends settling a bill, or money moved round one family', () => {
    const b = build();
    for (const p of ['a', 'b', 'c']) person(b, p);
    b.paid('account:a', 'account:b', 60, at(1));
    b.paid('account:b', 'account:c', 55, at(2));
    b.paid('account:c', 'account:a', 50, at(3));
    for (const p of ['x', 'y', 'z']) person(b, p, `${p} Hill`);
    b.paid('account:x', 'account:y', 5000, at(1));
    b.paid('account:y', 'account:z', 5000, at(2));
    b.paid('account:z', 'account:x', 5000, at(3));
    expect(matches('round-trip', b)).toEqual([]);
  });

  it("matches money back at the origin's other account through two strangers", () => {
    const b = build();
    person(b, 'o', 'Ana Pop');
    b.holds('o', 'account:o-2');
    for (const p of ['s1', 's2']) person(b, p);
    b.paid('account:o', 'account:s1', 30000, at(1));
    b.paid('account:s1', 'account:s2', 29000, at(4));
    b.paid('account:s2', 'account:o-2', 27500, at(10));
    const [match] = matches('round-trip', b);
    expect(match!.beneficiaries).toEqual(['o']);
    expect(match!.exposed).toEqual(['s1', 's2']);
    expect(match!.facts).toMatchObject({ intermediaries: 2, sent: 30000, returned: 27500, days: 9 });
  });
});

describe('structuring', () => {
  function cash(b: Builder, account: string, amount: number, day: number, currency?: string): void {
    b.node('location:leeds', 'Location', { name: 'Leeds' });
    b.rel('CASH', account, 'location:leeds', {
      direction: 'in',
      amount,
      at: at(day),
      ...(currency ? { currency } : {}),
    });
  }

  it('does not match one large deposit, a saver, or a currency without a threshold', () => {
    const b = build();
    person(b, 's');
    cash(b, 'account:s', 15000, 1);
    for (const d of [2, 9, 16, 23]) cash(b, 'account:s', 400, d);
    person(b, 'x');
    for (const d of [2, 9, 16]) cash(b, 'account:x', 9500, d, 'CHF');
    expect(matches('structuring', b)).toEqual([]);
  });

  it('matches a sum split into three deposits in three days, with the threshold per currency', () => {
    const b = build();
    person(b, 's');
    for (const d of [2, 3, 4]) cash(b, 'account:s', 3500, d, 'EUR');
    const [match] = matches('structuring', b);
    expect(match!.facts).toMatchObject({ pattern: 'split', flows: 3, total: 10500 });
    expect(match!.exposed).toEqual([]);
    expect(match!.beneficiaries).toEqual([]);
    expect(matches('structuring', b, { thresholds: { EUR: 15000 } })).toEqual([]);
  });
});

describe('cash-out', () => {
  it('does not match a landlord collecting rent or parents sending pocket money', () => {
    const b = build();
    person(b, 'landlord', 'Sam Hill');
    b.node('location:atm', 'Location', { name: 'Leeds' });
    for (let i = 1; i <= 5; i++) {
      person(b, `t${i}`);
      b.paid(`account:t${i}`, 'account:landlord', 700, at(i), 'rent');
    }
    b.rel('CASH', 'account:landlord', 'location:atm', { direction: 'out', amount: 3000, at: at(6) });
    person(b, 'kid', 'Jo Pop');
    for (let i = 1; i <= 6; i++) {
      person(b, `parent${i % 2}`, `Parent${i % 2} Pop`);
      b.paid(`account:parent${i % 2}`, 'account:kid', 50, at(i));
    }
    b.rel('CASH', 'account:kid', 'location:atm', { direction: 'out', amount: 300, at: at(7) });
    expect(matches('cash-out', b)).toEqual([]);
  });
});
