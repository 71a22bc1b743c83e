import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError } from '../../../../src/ingest/mapping/expression.ts';

const ENV = {
  lookups: new Map([
    [
      'cityCountry',
      new Map<string, string>([
        ['londra', 'GB'],
        ['paris', 'FR'],
      ]),
    ],
  ]),
};

function run(expr: string, fields: Record<string, unknown>): unknown {
  const result = compileExpression(expr, ENV).evaluate(fields);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('mapping expressions', () => {
  const claim = {
    ref: 'CL-1',
    iban: 'gb82 west 1234 5698 7654 32',
    'Full Name': 'Ana Pop',
    payments: [
      { date: '2024-01-05', amount: '100' },
      { date: '2024-02-05', amount: '120' },
      { date: '2024-03-05', amount: '90' },
    ],
    trip: { to: { city: 'Londra' } },
  };

  it('reads columns, dotted paths, quoted headers and list elements, first and last included', () => {
    expect(run('ref', claim)).toBe('CL-1');
    expect(run('trip.to.city', claim)).toBe('Londra');
    expect(run('`Full Name`', claim)).toBe('Ana Pop');
    expect(run('payments.1.amount', claim)).toBe('120');
    expect(run('payments[-1].date', claim)).toBe('2024-03-05');
    expect(run('last(payments).amount', claim)).toBe('90');
    expect(run('first(payments).date', claim)).toBe('2024-01-05');
    expect(run('count(payments)', claim)).toBe(3);
    expect(run('count(missing)', claim)).toBe(0);
    expect(run('at(payments, -2).amount', claim)).toBe('120');
  });

  it('derives values: IBAN country, concatenation, substrings, lookups and countries', () => {
    expect(run('ibanCountry(iban)', claim)).toBe('GB');
    expect(run('ibanCountry(missing)', claim)).toBeUndefined();
    expect(run("concat(ref, '/', first(payments).date)", claim)).toBe('CL-1/2024-01-05');
    expect(run("join(' ', ref, missing, 'x')", claim)).toBe('CL-1 x');
    expect(run('left(ref, 2)', claim)).toBe('CL');
    expect(run('right(ref, 1)', claim)).toBe('1');
    expect(run('substring(iban, 0, 4)', claim)).toBe('gb82');
    expect(run('substring(ref, -1)', claim)).toBe('1');
    expect(run('upper(substring(iban, 0, 2))', claim)).toBe('GB');
    expect(run('digits(iban)', claim)).toBe('8212345698765432');
    expect(run("lookup('cityCountry', trip.to.city)", claim)).toBe('GB');
    expect(run("lookup('cityCountry', 'Roma', 'unknown')", claim)).toBe('unknown');
    expect(run("country('Royaume-Uni')", claim)).toBe('GB');
    expect(run("coalesce(missing, '', ref)", claim)).toBe('CL-1');
    expect(run("split('a; b;;c', ';')", claim)).toEqual(['a', 'b', 'c']);
    expect(run("last(split('a; b;;c', ';'))", claim)).toBe('c');
    expect(run("replace(ref, '-', '')", claim)).toBe('CL1');
  });

  it('reports bad values as row errors, not exceptions', () => {
    const bad = compileExpression('ibanCountry(ref)', ENV).evaluate(claim);
    expect(bad).toEqual({ ok: false, reason: expect.stringMatching(/^ibanCountry\(\): /) });
    const list = compileExpression('upper(payments)', ENV).evaluate(claim);
    expect(list).toEqual({ ok: false, reason: 'upper(): got a list, needs a single value' });
  });

  it('refuses what it cannot parse, naming the position, and lists the columns it reads', () => {
    expect(() => compileExpression('evil(ref)', ENV)).toThrow(/unknown function evil\(\); known: concat/);
    expect(() => compileExpression('left(ref)', ENV)).toThrow(/left\(\) takes 2 arguments, got 1/);
    expect(() => compileExpression("concat(ref, 'x'", ENV)).toThrow(ExpressionError);
    expect(() => compileExpression("lookup('nope', ref)", ENV)).toThrow(/tables: cityCountry/);
    expect(() => compileExpression('ref ref', ENV)).toThrow(/unexpected text at character 5/);
    expect(() => compileExpression('constructor.constructor("x")', ENV)).toThrow(ExpressionError);
    expect(() => compileExpression(`${'first('.repeat(30)}ref${')'.repeat(30)}`, ENV)).toThrow(
      /nested deeper/,
    );
    expect(compileExpression("concat(a.b, `C d`, last(e).f, 'lit')", ENV).columns).toEqual([
      'a.b',
      'C d',
      'e',
    ]);
    // Prototype members are not reachable as columns or members.
    expect(run('__proto__', {})).toBeUndefined();
    expect(run('first(payments).constructor', claim)).toBeUndefined();
  });
});
