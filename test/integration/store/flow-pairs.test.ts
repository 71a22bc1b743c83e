/**
 * The first hop of a full-scope moneyFlow reads the pairs (store/flow-summary.ts PAID_PAIR_OUT) in
 * index order when the account has them (more counterparties than the threshold, lowered here to 3): on a graph built by hand to sit on the edges — counterparties whose totals tie only
 * once two extracts and two currencies are added up, a minor's account the viewer without the
 * `minors` role may not see, the account paying itself — the answer equals, field by field, the
 * per-extract summaries' (every other viewer's path) and the ranking computed here from the
 * payments; and it stays so when one extract's payments are deleted, and when the account is
 * below the threshold (no pairs: the hop sums the summaries).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../../src/store/cypher.ts';
import { dropFlowSummaries, PAIR_DEFAULTS, rebuildFlowSummaries } from '../../../src/store/flow-summary.ts';
import { type MoneyFlowResult, moneyFlow, PAIR_HOPS } from '../../../src/store/read/money.ts';
import { FULL_SCOPE, type ReadScope } from '../../../src/store/read/scope.ts';
import { executeRead, executeWrite, explainOperators } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver, recordMentionFactsAsLoaded } from '../../support/db.ts';

const A = 'account:pairs-a';
const b = (k: number) => `account:pairs-b${k}`;
const MINOR = 'account:pairs-minor';

/** [payee, extract, currency, amount, date]: every payment of A. */
const PAYMENTS: [string, string, string | null, number, string | null][] = [
  [b(5), 'pairs-e1', 'GBP', 300, '2026-01-05'],
  [b(1), 'pairs-e1', 'GBP', 100, '2026-01-06'],
  // b2 and b3 tie with b1 at 100 only when extracts and currencies are summed.
  [b(2), 'pairs-e1', 'GBP', 60, '2026-02-01'],
  [b(2), 'pairs-e2', 'EUR', 40, '2026-02-02'],
  [b(3), 'pairs-e2', null, 70, null],
  [b(3), 'pairs-e2', 'EUR', 30, '2026-03-01'],
  [b(4), 'pairs-e1', 'GBP', 50, '2026-03-02'],
  [MINOR, 'pairs-e1', 'GBP', 500, '2026-03-03'],
  [A, 'pairs-e1', 'GBP', 999, '2026-03-04'],
  [b(6), 'pairs-e2', 'EUR', -20, '2026-03-05'],
];

async function flow(scope: ReadScope, perHop: number, pairs: boolean): Promise<MoneyFlowResult> {
  return moneyFlow({
    accountId: A,
    direction: 'OUT',
    since: null,
    until: null,
    minAmount: null,
    maxHops: 2,
    perHop,
    scope,
    pairs,
  });
}

/** The ranking from the payments of the extracts left: largest total first, ties by id. */
function ranked(extracts: string[], hidden: string[]): [string, number][] {
  const totals = new Map<string, number>();
  for (const [to, extract, , amount] of PAYMENTS)
    if (to !== A && extracts.includes(extract) && !hidden.includes(to))
      totals.set(to, (totals.get(to) ?? 0) + amount);
  return [...totals].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
}

/** Below A's counterparties (8, then 6): A has pairs. */
const ABOVE = 3;
const threshold = PAIR_DEFAULTS.above;

describe('the first hop from the pairs', () => {
  beforeAll(async () => {
    PAIR_DEFAULTS.above = ABOVE;
    await cleanDatabase();
    const accounts = [A, MINOR, ...[1, 2, 3, 4, 5, 6].map(b)];
    await executeWrite(
      `UNWIND ['pairs-e1', 'pairs-e2'] AS id
       CREATE (:Extract {id: id, status: 'complete', jurisdiction: CASE id WHEN 'pairs-e1' THEN 'GB' ELSE 'IE' END,
                         source: 'pairs', loadedAt: '2026-12-07T00:00:00Z'})`,
    );
    await executeWrite(
      `UNWIND $accounts AS id
       MATCH (e:Extract)
       MERGE (a:Account {id: id})
       CREATE (e)-[:MENTIONS {firstRow: 1, rows: 1}]->(a)`,
      { accounts },
    );
    // The minor: a child born in 2015 holds the account (store/minor-facts.ts hides it without `minors`).
    await executeWrite(
      `MATCH (e:Extract {id: 'pairs-e1'}), (acct:Account {id: $minor})
       CREATE (p:Person {id: 'person:pairs-child', name: 'Child', birthDate: '2015-06-01'})
       CREATE (e)-[:MENTIONS {firstRow: 1, rows: 1, p_birthDate: '2015-06-01'}]->(p)
       CREATE (p)-[:HOLDS {extract: 'pairs-e1', extracts: ['pairs-e1'], extractRows: [1]}]->(acct)`,
      { minor: MINOR },
    );
    await executeWrite(
      `UNWIND range(0, size($payments) - 1) AS i
       WITH i, $payments[i] AS p
       MATCH (a:Account {id: $from}), (x:Account {id: p[0]})
       CREATE (a)-[r:PAID {key: 'pairs:' + i, extract: p[1], amount: p[3], row: i + 1}]->(x)
       SET r.currency = p[2], r.at = p[4]`,
      { payments: PAYMENTS, from: A },
    );
    await recordMentionFactsAsLoaded();
  });
  afterAll(async () => {
    PAIR_DEFAULTS.above = threshold;
    await closeDriver();
  });

  it('hides the minor’s account from a viewer without the minors role, from the pairs as from the summaries', async () => {
    const [minor] = await executeRead('MATCH (a:Account {id: $id}) RETURN a.mnr_hCount AS held', {
      id: MINOR,
    });
    expect(minor?.held).toBe(1);
    for (const [scope, hidden] of [
      [FULL_SCOPE, [MINOR]],
      [{ ...FULL_SCOPE, minors: true }, []],
    ] as const) {
      const expected = ranked(['pairs-e1', 'pairs-e2'], [...hidden]);
      for (const perHop of [1, 2, 3, 50]) {
        const fromPairs = await flow(scope, perHop, true);
        expect(fromPairs.flows.map((f) => [f.counterparty.id, f.total])).toEqual(expected.slice(0, perHop));
        expect(fromPairs.truncated).toBe(Math.max(0, expected.length - perHop));
        expect(fromPairs).toEqual(await flow(scope, perHop, false));
      }
    }
  });

  it('ties by id once extracts and currencies are summed, and reports mixed currencies as none', async () => {
    const top = await flow({ ...FULL_SCOPE, minors: true }, 50, true);
    const step = (id: string) => top.flows.find((f) => f.counterparty.id === id)!;
    expect(top.flows.map((f) => f.counterparty.id).slice(0, 5)).toEqual([MINOR, b(5), b(1), b(2), b(3)]);
    expect([step(b(2)).currency, step(b(2)).records, step(b(2)).count]).toEqual([null, 2, 2]);
    expect([step(b(3)).undated, step(b(3)).first, step(b(3)).last]).toEqual([1, '2026-03-01', '2026-03-01']);
    expect(step(b(1)).currency).toBe('GBP');
  });

  it('stays exact when an extract’s payments are deleted', async () => {
    await executeWrite("MATCH ()-[r:PAID {extract: 'pairs-e2'}]->() DELETE r");
    await dropFlowSummaries(['pairs-e2']);
    const pairs = await executeRead(
      'MATCH (:Account {id: $a})-[p:PAID_PAIR_OUT]->(x) RETURN x.id AS to, p.total AS total, p.extracts AS extracts ORDER BY to',
      { a: A },
    );
    expect(pairs.map((p) => [p.to, p.total, p.extracts])).toEqual(
      [
        [A, 999],
        [b(1), 100],
        [b(2), 60],
        [b(4), 50],
        [b(5), 300],
        [MINOR, 500],
      ]
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])))
        .map(([to, total]) => [to, total, ['pairs-e1']]),
    );
    const expected = ranked(['pairs-e1'], [MINOR]);
    const fromPairs = await flow(FULL_SCOPE, 2, true);
    expect(fromPairs.flows.map((f) => [f.counterparty.id, f.total])).toEqual(expected.slice(0, 2));
    expect(fromPairs).toEqual(await flow(FULL_SCOPE, 2, false));
  });

  it('is what a full-scope viewer reads (a pair changed by hand changes its answer, no one else’s)', async () => {
    await executeWrite(
      'MATCH (:Account {id: $a})-[p:PAID_PAIR_OUT]->(:Account {id: $b}) SET p.total = 1000, p.rank = -1000',
      { a: A, b: b(4) },
    );
    expect((await flow(FULL_SCOPE, 1, true)).flows.map((f) => [f.counterparty.id, f.total])).toEqual([
      [b(4), 1000],
    ]);
    expect((await flow(FULL_SCOPE, 1, false)).flows.map((f) => f.counterparty.id)).toEqual([b(5)]);
    const incomplete = { ...FULL_SCOPE, extracts: ['pairs-e1'], incomplete: ['pairs-e3'] };
    expect((await flow(incomplete, 1, true)).flows.map((f) => f.counterparty.id)).toEqual([b(5)]);
  });

  it('below the threshold the account has no pairs and the same answer comes from its summaries', async () => {
    const pairsOfA = async () =>
      Number(
        (
          await executeRead(
            'MATCH (:Account {id: $a})-[p:PAID_PAIR_OUT|PAID_PAIR_IN]-() RETURN count(p) AS n',
            { a: A },
          )
        )[0]?.n,
      );
    expect(await pairsOfA()).toBeGreaterThan(0);
    PAIR_DEFAULTS.above = 6;
    try {
      await rebuildFlowSummaries();
      expect(await pairsOfA()).toBe(0);
      const expected = ranked(['pairs-e1'], [MINOR]);
      for (const perHop of [1, 2, 50]) {
        const below = await flow(FULL_SCOPE, perHop, true);
        expect(below.flows.map((f) => [f.counterparty.id, f.total])).toEqual(expected.slice(0, perHop));
        expect(below.truncated).toBe(Math.max(0, expected.length - perHop));
        expect(below).toEqual(await flow(FULL_SCOPE, perHop, false));
      }
    } finally {
      PAIR_DEFAULTS.above = ABOVE;
    }
  });

  it('reads a paired account’s pairs through the rank index in order: no sort of its pairs', async () => {
    for (const direction of ['OUT', 'IN'] as const) {
      const operators = await explainOperators(cypher(PAIR_HOPS[direction]), {
        id: A,
        seen: [A],
        perHop: 50,
        frontier: [{ id: A, after: null, before: null }],
        scope: FULL_SCOPE,
      });
      // The pairs' branch: the index seek, filtered, limited, before any aggregation or sort.
      expect(operators.join(' '), direction).toMatch(/Limit Filter DirectedRelationshipIndexSeek/);
      expect(
        operators.filter((o) => /Top/.test(o)),
        direction,
      ).toEqual([]);
    }
  });
});
