/**
 * The bulk load's columnar money summaries against a plain one-object-per-pair aggregation written
 * here: many more pairs than the columns' first allocation (so they grow), strings interned across
 * pairs, cleared and reused for a second extract. (Against Neo4j's own summaries:
 * test/integration/load/payment-summaries.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  cypherRound6,
  type PaymentFacts,
  PaymentSummaries,
  roundDecimal6,
} from '../../../../src/ingest/bulk/payment-summaries.ts';

function reference(payments: PaymentFacts[]): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const min = (a: unknown, b: string | null) =>
    b === null ? a : a === undefined || b < (a as string) ? b : a;
  const max = (a: unknown, b: string | null) =>
    b === null ? a : a === undefined || b > (a as string) ? b : a;
  for (const p of payments) {
    const key = `${p.from}|${p.to}|${p.extract}|${p.currency}`;
    const s = out.get(key) ?? { records: 0, transfers: 0, sum: 0, abs: 0, undated: 0, amounts: 0 };
    out.set(key, s);
    s.records = (s.records as number) + 1;
    s.transfers = (s.transfers as number) + p.transfers;
    if (p.amount !== null) {
      s.sum = (s.sum as number) + p.amount;
      s.abs = (s.abs as number) + Math.abs(p.amount);
      s.amounts = (s.amounts as number) + 1;
      s.minAmount = s.minAmount === undefined ? p.amount : Math.min(s.minAmount as number, p.amount);
      s.maxAmount = s.maxAmount === undefined ? p.amount : Math.max(s.maxAmount as number, p.amount);
    }
    if (p.at === null) s.undated = (s.undated as number) + p.transfers;
    else {
      s.first = min(s.first, p.at);
      s.maxAt = max(s.maxAt, p.at);
      s.minEnd = min(s.minEnd, p.end);
    }
    s.last = max(s.last, p.end);
  }
  return out;
}

function payments(extract: string, n: number): PaymentFacts[] {
  const out: PaymentFacts[] = [];
  for (let i = 0; i < n; i++) {
    const at = i % 7 === 0 ? null : `2026-0${1 + (i % 9)}-1${i % 10}`;
    out.push({
      from: `acct-${i % 1500}`,
      to: `acct-${(i * 7) % 1300}`,
      extract,
      currency: i % 5 === 0 ? '' : 'EUR',
      amount: i % 11 === 0 ? null : ((i * 37) % 1000) / 100 - 3,
      at,
      end: i % 13 === 0 ? '2026-12-31' : at,
      transfers: i % 17 === 0 ? 4 : 1,
    });
  }
  return out;
}

describe('bulk money summaries (columns)', () => {
  it('equal a plain aggregation over thousands of pairs, and start empty after clear()', () => {
    const summaries = new PaymentSummaries();
    for (const extract of ['ex-1', 'ex-2']) {
      const list = payments(extract, 9000);
      for (const p of list) summaries.add(p);
      const expected = reference(list);
      expect(summaries.size).toBe(expected.size);
      expect(summaries.size).toBeGreaterThan(2048);
      for (const s of summaries.relationships()) {
        const e = expected.get(`${s.from}|${s.to}|${s.props.extract}|${s.props.currency}`) as Record<
          string,
          unknown
        >;
        expect(s.props).toEqual(
          Object.fromEntries(
            Object.entries({
              extract,
              currency: s.props.currency,
              records: e.records,
              transfers: e.transfers,
              total: cypherRound6(e.sum as number),
              absTotal: cypherRound6(e.abs as number),
              undated: e.undated,
              amounts: e.amounts,
              minAmount: e.minAmount,
              maxAmount: e.maxAmount,
              first: e.first,
              last: e.last,
              minEnd: e.minEnd,
              maxAt: e.maxAt,
            }).filter(([, v]) => v !== undefined),
          ),
        );
      }
      summaries.clear();
      expect(summaries.size).toBe(0);
    }
  });
});

describe('bulk money summaries (hash table)', () => {
  it('finds each pair again through many doublings of its table, also when ids collide in few bits', () => {
    const summaries = new PaymentSummaries();
    const list: PaymentFacts[] = [];
    for (let i = 0; i < 60_000; i++) {
      // Pairs met again far apart (after the table grew), and ids that differ only in high bits.
      const a = (i * 7919) % 20_000;
      list.push({
        from: `acct-${a}`,
        to: `acct-${(a * 4096) % 30_011}`,
        extract: 'ex',
        currency: i % 3 === 0 ? 'GBP' : 'EUR',
        amount: (i % 100) / 4,
        at: `2024-0${1 + (i % 9)}-01`,
        end: `2024-0${1 + (i % 9)}-01`,
        transfers: 1,
      });
    }
    for (const p of list) summaries.add(p);
    const expected = reference(list);
    expect(summaries.size).toBe(expected.size);
    expect(summaries.size).toBeGreaterThan(30_000);
    for (const s of summaries.relationships()) {
      const e = expected.get(`${s.from}|${s.to}|${s.props.extract}|${s.props.currency}`);
      expect(e, `${s.from} ${s.to}`).toBeDefined();
      expect(s.props.records).toBe(e?.records);
      expect(s.props.total).toBe(cypherRound6(e?.sum as number));
      expect(s.props.first).toBe(e?.first);
      expect(s.props.last).toBe(e?.last);
    }
  });
});

describe("cypherRound6's shortcut", () => {
  it('gives what rounding digit by digit gives, on sums of cents and on numbers with more decimals', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const cases: number[] = [0.1 + 0.2, 1e-7, -1e-7, 5e-7, 1.0000005, 123456.1234565, 2 ** 60, -0.0000004];
    for (let i = 0; i < 20_000; i++) {
      let sum = 0;
      const terms = 1 + Math.floor(random() * 6);
      for (let t = 0; t < terms; t++) sum += Math.round((random() - 0.3) * 400_000) / 100;
      cases.push(sum, sum / 7, sum * 1e-9, sum * 1e15);
    }
    let shortcut = 0;
    for (const x of cases) {
      expect(Object.is(cypherRound6(x), roundDecimal6(x)), `${x}`).toBe(true);
      if ((String(x).split('.')[1]?.length ?? 0) <= 6 && !String(x).includes('e')) shortcut += 1;
    }
    // Both paths were taken: the comparison is not all one of them.
    expect(shortcut).toBeGreaterThan(1000);
    expect(shortcut).toBeLessThan(cases.length - 1000);
  });
});
