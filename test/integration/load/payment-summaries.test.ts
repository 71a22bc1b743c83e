/**
 * The bulk load builds money summaries while merging (ingest/bulk/payment-summaries.ts) where the
 * online loader has Neo4j build them from the stored payments (store/flow-summary.ts). Both must
 * agree to the bit: here random payments — missing currencies, amounts and dates, periods with
 * `until`, whole and broken `count`s, two extracts — are summarised both ways and compared, and the
 * rounding alone against Cypher's round() on values chosen to sit on a tie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng as rng } from '../../../src/analyse/rng.ts';
import {
  cypherRound6,
  type PaymentFacts,
  PaymentSummaries,
  paymentFacts,
} from '../../../src/ingest/bulk/payment-summaries.ts';
import { rebuildFlowSummaries } from '../../../src/store/flow-summary.ts';
import { executeRead, executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

describe('money summaries of a bulk load against the ones Neo4j builds', () => {
  const random = rng(16);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const accounts = Array.from({ length: 12 }, (_, i) => `sum-test:acct-${i}`);
  const payments: { from: string; to: string; props: Record<string, unknown> }[] = [];
  for (let i = 0; i < 600; i++) {
    const props: Record<string, unknown> = { key: `sum-test:${i}`, extract: pick(['ext-a', 'ext-b']) };
    const currency = pick(['EUR', 'GBP', undefined]);
    if (currency !== undefined) props.currency = currency;
    // Amounts as statements write them (cents; mills for the currencies that have them). Neo4j adds
    // a summary's payments in the order it meets them, the bulk load in file order: doubles added
    // in another order differ in their last bits, which round(x, 6) hides for amounts of a few
    // decimals but not for arbitrary doubles near a tie (this test failed 2 runs in 5 with
    // `random() * 1000` and 5e-7 steps among the amounts). Rounding on ties is the next test's.
    const amount = pick([
      Math.round(random() * 1e6) / 100,
      -Math.round(random() * 1e4) / 100,
      Math.round(random() * 1e6) / 1000,
      undefined,
    ]);
    if (amount !== undefined) props.amount = amount;
    const day = `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    if (random() < 0.85) props.at = day;
    if (random() < 0.2) props.until = `${day.slice(0, 7)}-28`;
    const count = pick([undefined, undefined, 3, 1, 2.5, 0, 12]);
    if (count !== undefined) props.count = count;
    const from = pick(accounts);
    payments.push({ from, to: pick(accounts.filter((a) => a !== from)), props });
  }

  beforeAll(async () => {
    await cleanDatabase();
    await executeWrite('UNWIND $ids AS id CREATE (:Account {id: id})', { ids: accounts });
    await executeWrite(
      `UNWIND $payments AS p
       MATCH (a:Account {id: p.from}), (b:Account {id: p.to})
       CREATE (a)-[r:PAID]->(b) SET r = p.props`,
      { payments },
    );
    await rebuildFlowSummaries();
  });
  afterAll(closeDriver);

  it('gives every summary Neo4j gives, property by property', async () => {
    const summaries = new PaymentSummaries();
    for (const p of payments) summaries.add(paymentFacts(p.from, p.to, p.props) as PaymentFacts);
    const mine = [...summaries.relationships()].map((s) => ({ from: s.from, to: s.to, props: s.props }));
    const theirs = (
      await executeRead(
        `MATCH (a)-[s:PAID_SUMMARY]->(b) RETURN a.id AS from, b.id AS to, properties(s) AS props`,
      )
    ).map((row) => ({ from: row.from, to: row.to, props: row.props }));
    const order = (x: { from: unknown; to: unknown; props: unknown }) =>
      `${x.from}|${x.to}|${(x.props as Record<string, unknown>).extract}|${(x.props as Record<string, unknown>).currency}`;
    const sort = <T extends { from: unknown; to: unknown; props: unknown }>(xs: T[]) =>
      [...xs].sort((a, b) => (order(a) < order(b) ? -1 : 1));
    expect(mine.length).toBeGreaterThan(100);
    expect(sort(mine)).toEqual(sort(theirs));
  });

  it("rounds as Cypher's round(x, 6) does, ties and negative zero included", async () => {
    const values = [1.0000005, -1.0000005, 0.0000005, 4.9e-7, -2.5e-7, 12.3456785, 1234.5600000000002, 1e21];
    const r = rng(6);
    for (let i = 0; i < 500; i++) {
      const tie = Math.round(r() * 1e9) / 1e7 + 5e-7;
      values.push(tie, -tie, r() * 1e4);
    }
    const rows = await executeRead('UNWIND $values AS x RETURN x, round(x, 6) AS rounded', { values });
    for (const row of rows) expect(cypherRound6(row.x as number)).toBe(row.rounded);
  });
});
