/**
 * Money summarised at load (issue #16 item 3): after every way the payments change — a load, the
 * same load again, a second extract overlapping the first, an aborted load resumed, an extract's
 * payments deleted — the PAID_SUMMARY relationships equal an independent aggregation (here, in
 * TypeScript) of the PAID relationships as stored, per payer, payee, extract and currency. A full
 * rebuild gives the same summaries as the online loader kept, and moneyFlow for a viewer of one
 * jurisdiction equals the same flow computed here from that jurisdiction's payments only.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_MAPPING, writeBankCsv } from '../../../scripts/bench/bank-csv.ts';
import { transfersOf } from '../../../src/analyse/hgraph.ts';
import { LoadAbortedError, loadExtract } from '../../../src/ingest/load.ts';
import {
  DROP,
  dropFlowSummaries,
  PAIR_DEFAULTS,
  PAIR_TYPES,
  rebuildFlowSummaries,
  SUMMARIES,
} from '../../../src/store/flow-summary.ts';
import { moneyFlow } from '../../../src/store/read/money.ts';
import { type ProjectionQuery, streamSubgraph } from '../../../src/store/read/projection.ts';
import { type ReadScope, scopeForJurisdictions } from '../../../src/store/read/scope.ts';
import { executeRead, executeWrite, explainOperators } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'skein-flow-summary-'));
const full = join(dir, 'bank.csv');

function slice(name: string, from: number, to: number): string {
  const all = readFileSync(full, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const file = join(dir, name);
  writeFileSync(file, `${[all[0], ...all.slice(from, to)].join('\n')}\n`);
  return file;
}

interface Payment {
  from: string;
  to: string;
  extract: string;
  currency: string | null;
  amount: number | null;
  at: string | null;
  until: string | null;
  count: unknown;
}

/**
 * The payments of complete extracts: an extract's summaries are built when its load completes, so
 * a load stopped part-way has payments and (until it is resumed to the end) no summaries.
 */
async function payments(): Promise<Payment[]> {
  const rows = await executeRead(
    `MATCH (a:Account)-[r:PAID]->(b:Account)
     WHERE EXISTS { MATCH (e:Extract {id: r.extract}) WHERE e.status = 'complete' }
     RETURN a.id AS from, b.id AS to, r.extract AS extract, r.currency AS currency, r.amount AS amount,
            r.at AS at, r.until AS until, r.count AS count`,
  );
  return rows as unknown as Payment[];
}

/** The rule of read/period.ts TRANSFERS, written again here. */
const transfers = (p: Payment) =>
  typeof p.count === 'number' && p.count >= 1 && Number.isInteger(p.count) ? p.count : 1;
const end = (p: Payment) => p.until ?? p.at;
const round = (n: number) => Math.round(n * 1e6) / 1e6;
const minOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const maxOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

type Sums = { [k: string]: number | string | null | string[] };

/**
 * Payments grouped by `keyOf`: the sums summaries and pairs both hold, then each one's own fields
 * (`own` to start them, `add` to add a payment).
 */
function aggregateBy(
  all: Payment[],
  keyOf: (p: Payment) => string,
  own: (p: Payment) => Sums,
  add: (s: Sums, p: Payment) => void,
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Sums>();
  for (const p of all) {
    const key = keyOf(p);
    const s = out.get(key) ?? {
      records: 0,
      transfers: 0,
      total: 0,
      undated: 0,
      first: null,
      last: null,
      ...own(p),
    };
    s.records = Number(s.records) + 1;
    s.transfers = Number(s.transfers) + transfers(p);
    s.total = round(Number(s.total) + (p.amount ?? 0));
    if (p.at === null) s.undated = Number(s.undated) + transfers(p);
    s.first = minOf(s.first as string | null, p.at);
    s.last = maxOf(s.last as string | null, end(p));
    add(s, p);
    out.set(key, s);
  }
  return out;
}

/** The summaries as this test computes them from the payments. */
const aggregate = (all: Payment[]) =>
  aggregateBy(
    all,
    (p) => [p.from, p.to, p.extract, p.currency ?? ''].join('|'),
    () => ({ minEnd: null, maxAt: null }),
    (s, p) => {
      if (p.at !== null) s.minEnd = minOf(s.minEnd as string | null, end(p));
      s.maxAt = maxOf(s.maxAt as string | null, p.at);
    },
  );

/** The sums a stored summary or pair holds, as aggregateBy computes them. */
function storedSums(r: Record<string, unknown>): Record<string, unknown> {
  const { records, transfers, total, undated, first, last } = r;
  return { records, transfers, total: round(Number(total)), undated, first, last };
}

async function stored(): Promise<Map<string, Record<string, unknown>>> {
  const rows = await executeRead(
    `MATCH (a:Account)-[s:PAID_SUMMARY]->(b:Account)
     RETURN a.id AS from, b.id AS to, s.extract AS extract, s.currency AS currency, s.records AS records,
            s.transfers AS transfers, s.total AS total, s.undated AS undated, s.first AS first, s.last AS last,
            s.minEnd AS minEnd, s.maxAt AS maxAt`,
  );
  const out = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const key = [r.from, r.to, r.extract, r.currency].join('|');
    expect(out.has(key), `one summary per pair, extract and currency: ${key}`).toBe(false);
    out.set(key, { ...storedSums(r), minEnd: r.minEnd, maxAt: r.maxAt });
  }
  return out;
}

/**
 * The pairs' threshold in this file. The payments below give each holder 34–40 counterparties on
 * each side; a counterparty deals with 6–8 holders in the first extract and 10–12 once the second
 * is loaded. So holders are above it throughout, counterparties below it after the first load, and
 * those that reach 12 cross it with the second (and back with its deletion), while those at 10–11
 * stay below: accounts on both sides at once (each checked where it matters).
 */
const ABOVE = 11;

/** Distinct counterparties per account on one side, from the payments. */
function counterparties(all: Payment[], side: 'OUT' | 'IN'): Map<string, number> {
  const sets = new Map<string, Set<string>>();
  for (const p of all) {
    const [own, other] = side === 'OUT' ? [p.from, p.to] : [p.to, p.from];
    sets.set(own, (sets.get(own) ?? new Set()).add(other));
  }
  return new Map([...sets].map(([id, set]) => [id, set.size]));
}

/**
 * The pairs (PAID_PAIR_OUT and _IN) as this test computes them from the payments: every extract
 * and currency summed, for each account with more than ABOVE counterparties on that side only.
 */
function aggregatePairs(all: Payment[], side: 'OUT' | 'IN') {
  const degree = counterparties(all, side);
  const owned = all.filter((p) => (degree.get(side === 'OUT' ? p.from : p.to) ?? 0) > ABOVE);
  return aggregateBy(
    owned,
    (p) => [p.from, p.to].join('|'),
    (p) => ({ payer: p.from, payee: p.to, currencies: [], extracts: [] }),
    (s, p) => {
      s.currencies = [...new Set([...(s.currencies as string[]), p.currency ?? ''])].sort();
      s.extracts = [...new Set([...(s.extracts as string[]), p.extract])].sort();
    },
  );
}

async function storedPairs(side: 'OUT' | 'IN'): Promise<Map<string, Record<string, unknown>>> {
  const rows = await executeRead(
    `MATCH (a:Account)-[p:${PAIR_TYPES[side]}]->(b:Account)
     RETURN a.id AS from, b.id AS to, p.payer AS payer, p.payee AS payee, p.records AS records,
            p.transfers AS transfers, p.total AS total, p.rank AS rank, p.undated AS undated, p.first AS first,
            p.last AS last, p.currencies AS currencies, p.extracts AS extracts`,
  );
  const out = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const key = [r.from, r.to].join('|');
    expect(out.has(key), `one pair per payer and payee: ${key}`).toBe(false);
    expect(r.rank).toBe(-Number(r.total));
    out.set(key, {
      ...storedSums(r),
      payer: r.payer,
      payee: r.payee,
      currencies: r.currencies,
      extracts: r.extracts,
    });
  }
  return out;
}

/** Summaries and pairs (both sides) equal the aggregation of the payments of complete extracts. */
async function expectSummariesExact(): Promise<number> {
  const all = await payments();
  const actual = await stored();
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(aggregate(all)));
  for (const side of ['OUT', 'IN'] as const)
    expect(Object.fromEntries(await storedPairs(side)), side).toEqual(
      Object.fromEntries(aggregatePairs(all, side)),
    );
  return actual.size;
}

/**
 * moneyFlow OUT without a window, computed from payments: hop 1 the account's payments; hop k the
 * payments of hop k-1's counterparties ending no earlier than the money reached them (undated kept).
 */
function expectedFlow(all: Payment[], account: string, hops: number, minAmount: number | null) {
  const seen = new Set([account]);
  let frontier = new Map<string, string | null>([[account, null]]);
  const steps: { hop: number; to: string; total: number; count: number; records: number }[] = [];
  for (let hop = 1; hop <= hops && frontier.size > 0; hop++) {
    const by = new Map<string, { total: number; count: number; records: number; first: string | null }>();
    for (const p of all) {
      if (!frontier.has(p.from) || seen.has(p.to)) continue;
      if (minAmount !== null && (p.amount === null || p.amount < minAmount)) continue;
      const after = frontier.get(p.from) ?? null;
      if (p.at !== null && after !== null && (end(p) as string) < after) continue;
      const s = by.get(p.to) ?? { total: 0, count: 0, records: 0, first: null };
      s.total = round(s.total + (p.amount ?? 0));
      s.count += transfers(p);
      s.records += 1;
      s.first = minOf(s.first, p.at);
      by.set(p.to, s);
    }
    for (const [to, s] of by) steps.push({ hop, to, total: s.total, count: s.count, records: s.records });
    for (const to of by.keys()) seen.add(to);
    frontier = new Map([...by].map(([to, s]) => [to, s.first]));
  }
  return steps.sort((a, b) => a.hop - b.hop || a.to.localeCompare(b.to));
}

/** The account that made the most payments. */
function busiestPayer(all: Payment[]): string {
  const counts = new Map<string, number>();
  for (const p of all) counts.set(p.from, (counts.get(p.from) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

async function flowOf(account: string, scope: ReadScope, minAmount: number | null) {
  const result = await moneyFlow({
    accountId: account,
    direction: 'OUT',
    since: null,
    until: null,
    minAmount,
    maxHops: 3,
    perHop: 500,
    scope,
  });
  expect(result.truncated).toBe(0);
  return result.flows
    .map((f) => ({
      hop: f.hop,
      to: f.counterparty.id,
      total: round(f.total),
      count: f.count,
      records: f.records,
    }))
    .sort((a, b) => a.hop - b.hop || a.to.localeCompare(b.to));
}

describe('money summarised at load', () => {
  let gbFile: string;
  let ieFile: string;
  let gbExtract: string;
  let ieExtract: string;
  /** Accounts whose counterparties on a side went above ABOVE when the second extract was loaded. */
  const crossed: { side: 'OUT' | 'IN'; id: string }[] = [];
  const threshold = PAIR_DEFAULTS.above;

  beforeAll(async () => {
    await writeBankCsv(full, { rows: 3_000, seed: 21, holders: 12, counterparties: 40, rejectEvery: 0 });
    gbFile = slice('gb.csv', 1, 2_001);
    ieFile = slice('ie.csv', 1_501, 3_001);
    await cleanDatabase();
    PAIR_DEFAULTS.above = ABOVE;
  });
  afterAll(async () => {
    PAIR_DEFAULTS.above = threshold;
    await closeDriver();
  });

  it('equals the aggregation of the payments after a load, and after the same load again', async () => {
    const first = await loadExtract({
      file: gbFile,
      mapping: BENCH_MAPPING,
      jurisdiction: 'GB',
      batchSize: 250,
    });
    gbExtract = first.extractId;
    expect(await expectSummariesExact()).toBeGreaterThan(20);
    // Accounts on both sides of the threshold, on both sides of the payments.
    const all = await payments();
    for (const side of ['OUT', 'IN'] as const) {
      const degrees = [...counterparties(all, side).values()];
      expect(
        degrees.some((d) => d > ABOVE),
        side,
      ).toBe(true);
      expect(
        degrees.some((d) => d > 1 && d <= ABOVE),
        side,
      ).toBe(true);
      expect((await storedPairs(side)).size, side).toBeGreaterThan(0);
    }
    const again = await loadExtract({
      file: gbFile,
      mapping: BENCH_MAPPING,
      jurisdiction: 'GB',
      batchSize: 100,
    });
    expect(again.extractId).toBe(gbExtract);
    await expectSummariesExact();
  });

  it('stays exact when an aborted load of an overlapping extract is resumed', async () => {
    // Stops between batches once three have been written: the loader checks the signal before each.
    let checks = 0;
    const signal = {
      get aborted() {
        return ++checks > 3;
      },
    } as AbortSignal;
    await expect(
      loadExtract({ file: ieFile, mapping: BENCH_MAPPING, jurisdiction: 'IE', batchSize: 200 }, { signal }),
    ).rejects.toBeInstanceOf(LoadAbortedError);
    await expectSummariesExact();
    // Summaries and pairs of the stopped load's payments so far (as an interrupted last step would
    // leave them): a viewer of everything must still read none of them while it is incomplete.
    const [stopped] = await executeRead("MATCH (e:Extract) WHERE e.status <> 'complete' RETURN e.id AS id");
    await rebuildFlowSummaries({ extracts: [String(stopped?.id)] });
    const everything = await scopeForJurisdictions(null);
    expect(everything.incomplete).toEqual([stopped?.id]);
    const complete = await payments();
    const holder = busiestPayer(complete);
    expect(await flowOf(holder, everything, null)).toEqual(expectedFlow(complete, holder, 3, null));
    const resumed = await loadExtract({
      file: ieFile,
      mapping: BENCH_MAPPING,
      jurisdiction: 'IE',
      batchSize: 200,
    });
    ieExtract = resumed.extractId;
    expect(resumed.status).toBe('resumed');
    const byExtract = await executeRead(
      'MATCH ()-[s:PAID_SUMMARY]->() RETURN s.extract AS extract, sum(s.records) AS n ORDER BY extract',
    );
    expect(byExtract.map((r) => r.extract).sort()).toEqual([gbExtract, ieExtract].sort());
    await expectSummariesExact();
    // The second extract took accounts above the threshold: they have pairs now (their every
    // counterparty's, the first extract's included), which the exact check above compared.
    const all = await payments();
    const before = all.filter((p) => p.extract === gbExtract);
    for (const side of ['OUT', 'IN'] as const) {
      const was = counterparties(before, side);
      for (const [id, degree] of counterparties(all, side))
        if ((was.get(id) ?? 0) > 0 && (was.get(id) ?? 0) <= ABOVE && degree > ABOVE)
          crossed.push({ side, id });
    }
    expect(crossed.length).toBeGreaterThan(0);
  });

  it('a full rebuild gives exactly the summaries the loader kept', async () => {
    const kept = await stored();
    const rebuilt = await rebuildFlowSummaries();
    expect(rebuilt.summaries).toBe(kept.size);
    expect(Object.fromEntries(await stored())).toEqual(Object.fromEntries(kept));
  });

  it('the first hop ranks, keeps and counts exactly as the summaries and the payments do, on both sides of the threshold', async () => {
    const all = await payments();
    const everything = await scopeForJurisdictions(null);
    expect(everything.incomplete ?? []).toEqual([]);
    for (const direction of ['OUT', 'IN'] as const) {
      // The account with the most counterparties (above the threshold: it has pairs) and the one
      // with the most at or below it (none: the hop sums its summaries).
      const degrees = [...counterparties(all, direction)].sort(
        (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
      );
      const above = degrees[0]!;
      const below = degrees.find(([, d]) => d <= ABOVE)!;
      expect(above[1]).toBeGreaterThan(ABOVE);
      expect(below[1]).toBeGreaterThan(3);
      for (const [account, degree] of [above, below]) {
        const [held] = await executeRead(
          direction === 'OUT'
            ? `MATCH (:Account {id: $id})-[p:${PAIR_TYPES.OUT}]->() RETURN count(p) AS n`
            : `MATCH ()-[p:${PAIR_TYPES.IN}]->(:Account {id: $id}) RETURN count(p) AS n`,
          { id: account },
        );
        expect(held?.n, `${direction} ${account}`).toBe(degree > ABOVE ? degree : 0);
        const flow = (pairs: boolean, perHop: number) =>
          moneyFlow({
            accountId: account,
            direction,
            since: null,
            until: null,
            minAmount: null,
            maxHops: 2,
            perHop,
            scope: everything,
            pairs,
          });
        // From the payments: the account's counterparties by total (largest first, ties by id).
        const totals = new Map<string, number>();
        for (const p of all) {
          const [from, to] = direction === 'OUT' ? [p.from, p.to] : [p.to, p.from];
          if (from === account && to !== account)
            totals.set(to, round((totals.get(to) ?? 0) + (p.amount ?? 0)));
        }
        const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        const kept = 3;
        expect(ranked.length).toBeGreaterThan(kept);
        const fromPairs = await flow(true, kept);
        expect(
          fromPairs.flows.filter((f) => f.hop === 1).map((f) => [f.counterparty.id, round(f.total)]),
        ).toEqual(ranked.slice(0, kept));
        expect(fromPairs.truncated).toBeGreaterThanOrEqual(ranked.length - kept);
        // The whole answer, truncated included, equals the per-extract summaries' (the path of every other viewer).
        const rounded = (r: Awaited<ReturnType<typeof flow>>) => ({
          ...r,
          flows: r.flows.map((f) => ({ ...f, total: round(f.total) })),
          totalsByHop: r.totalsByHop.map((t) => ({ ...t, total: round(t.total) })),
        });
        expect(rounded(fromPairs)).toEqual(rounded(await flow(false, kept)));
        expect(rounded(await flow(true, 500))).toEqual(rounded(await flow(false, 500)));
      }
    }
  });

  it('moneyFlow for a viewer of one jurisdiction sums only that jurisdiction’s payments', async () => {
    const all = await payments();
    const byPayer = new Map<string, Payment[]>();
    for (const p of all) byPayer.set(p.from, [...(byPayer.get(p.from) ?? []), p]);
    const busiest = [...byPayer].sort((a, b) => b[1].length - a[1].length);
    // An account both extracts recorded payments of: the viewers must differ.
    const shared = busiest.find(([, ps]) => new Set(ps.map((p) => p.extract)).size === 2)?.[0];
    expect(shared).toBeDefined();
    for (const [jurisdiction, extract] of [
      ['GB', gbExtract],
      ['IE', ieExtract],
    ] as const) {
      const scope = await scopeForJurisdictions([jurisdiction]);
      const own = all.filter((p) => p.extract === extract);
      for (const minAmount of [null, 250]) {
        const actual = await flowOf(shared!, scope, minAmount);
        expect(actual.length).toBeGreaterThan(0);
        expect(actual).toEqual(expectedFlow(own, shared!, 3, minAmount));
      }
    }
    const everything = await scopeForJurisdictions(null);
    expect(await flowOf(shared!, everything, null)).toEqual(expectedFlow(all, shared!, 3, null));
  });

  it('the analysis projection streams summaries as aggregate payments with the same money per pair', async () => {
    const money = async (query: ProjectionQuery) => {
      const pairs = new Map<string, { transfers: number; amount: number }>();
      let paid = 0;
      const stats = await streamSubgraph(
        { ...query, labels: ['Account'], types: ['PAID'], identities: false },
        {
          node: () => undefined,
          relationship: (r) => {
            expect(r.type).toBe('PAID');
            paid++;
            const key = `${r.from}|${r.to}`;
            const pair = pairs.get(key) ?? { transfers: 0, amount: 0 };
            pair.transfers += transfersOf(r.props);
            pair.amount = round(pair.amount + Math.abs(Number(r.props.amount ?? 0)));
            pairs.set(key, pair);
          },
        },
      );
      expect(stats.relationships).toBe(paid);
      return { pairs: Object.fromEntries(pairs), paid };
    };
    for (const scope of [{}, { jurisdictions: ['GB'] }, { jurisdictions: ['IE'] }]) {
      const payments = await money(scope);
      const summaries = await money({ ...scope, money: 'summaries' });
      expect(summaries.pairs).toEqual(payments.pairs);
      expect(summaries.paid).toBeLessThan(payments.paid);
    }
  });

  it('stays exact when an extract’s payments are deleted', async () => {
    await executeWrite('MATCH ()-[r:PAID {extract: $extract}]->() DELETE r', { extract: ieExtract });
    await dropFlowSummaries([ieExtract]);
    await expectSummariesExact();
    // Those the second extract took above the threshold are below it again: no pairs left.
    for (const { side, id } of crossed) {
      const [row] = await executeRead(
        side === 'OUT'
          ? `MATCH (:Account {id: $id})-[p:${PAIR_TYPES.OUT}]->() RETURN count(p) AS n`
          : `MATCH ()-[p:${PAIR_TYPES.IN}]->(:Account {id: $id}) RETURN count(p) AS n`,
        { id },
      );
      expect(row?.n, `${side} ${id}`).toBe(0);
    }
    const left = await executeRead('MATCH ()-[s:PAID_SUMMARY]->() RETURN collect(DISTINCT s.extract) AS e');
    expect(left[0]?.e).toEqual([gbExtract]);
  });
});

describe("an extract's summaries", () => {
  afterAll(closeDriver);

  it('are found through the extract index, not by scanning every summary (each load drops and counts its own)', async () => {
    for (const statement of [`${SUMMARIES(['ex'])} RETURN count(s)`, DROP(['ex'])]) {
      const operators = await explainOperators(statement, { extracts: ['ex'] });
      expect(operators, `${statement}: ${operators.join(' > ')}`).toContain('DirectedRelationshipIndexSeek');
      expect(operators.join(' ')).not.toMatch(/RelationshipTypeScan/);
    }
  });
});
