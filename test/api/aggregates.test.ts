/**
 * Aggregated transfers and undated payments (issue #14 items 4 and 7), loaded from a small
 * financial-intelligence layout (test/fixtures/aggregates): one row stands for `count` transfers
 * over [at, until]; some rows have no date. moneyFlow, Account.transactions and timeline are
 * checked against an independent computation over the fixture's rows.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExtract } from '../../src/ingest/load.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { client } from './client.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/aggregates');
const gql = client();

interface Row {
  from: string;
  to: string;
  amount: number;
  at: string | null;
  until: string | null;
  count: number;
}

/** The fixture's rows, read with a plain split (no commas inside its values). */
const ROWS: Row[] = readFileSync(resolve(DIR, 'transfers.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [from, , to, , amount, , at, until, count] = line.split(',');
    return {
      from: `account:${from}`,
      to: `account:${to}`,
      amount: Number(amount),
      at: at || null,
      until: until || null,
      count: count ? Number(count) : 1,
    };
  });

const A = 'account:GB82WEST12345698765432';

interface Step {
  hop: number;
  id: string;
  total: number;
  count: number;
  records: number;
  undated: number;
  first: string | null;
  last: string | null;
}

/**
 * What the documented rules give, computed in plain code: overlap with the window, undated kept
 * only without one, and at hop k only payments whose period ends no earlier than the first
 * payment that reached the payer (no bound for a payer reached only by undated payments).
 */
function expectedFlow(window: { since?: string; until?: string }, maxHops: number) {
  const windowed = window.since !== undefined || window.until !== undefined;
  const seen = new Set([A]);
  let frontier = new Map<string, string | null>([[A, null]]);
  const steps: Step[] = [];
  let undatedExcluded = 0;
  for (let hop = 1; hop <= maxHops && frontier.size > 0; hop++) {
    const byTo = new Map<string, Row[]>();
    for (const row of ROWS) {
      if (!frontier.has(row.from) || seen.has(row.to)) continue;
      const end = row.until ?? row.at;
      const after = frontier.get(row.from) ?? null;
      const keep =
        row.at === null
          ? !windowed
          : (window.since === undefined || end! >= window.since) &&
            (window.until === undefined || row.at <= window.until) &&
            (after === null || end! >= after);
      if (row.at === null && windowed) undatedExcluded += row.count;
      if (keep) byTo.set(row.to, [...(byTo.get(row.to) ?? []), row]);
    }
    const next = new Map<string, string | null>();
    for (const [id, rows] of byTo) {
      const dated = rows.filter((r) => r.at !== null);
      const first = dated.length ? dated.map((r) => r.at!).sort()[0]! : null;
      const last = dated.length
        ? dated
            .map((r) => r.until ?? r.at!)
            .sort()
            .at(-1)!
        : null;
      steps.push({
        hop,
        id,
        total: rows.reduce((s, r) => s + r.amount, 0),
        count: rows.reduce((s, r) => s + r.count, 0),
        records: rows.length,
        undated: rows.filter((r) => r.at === null).reduce((s, r) => s + r.count, 0),
        first,
        last,
      });
      seen.add(id);
      next.set(id, first);
    }
    frontier = next;
  }
  return { steps, undatedExcluded };
}

const FLOW = `query($id: ID!, $since: DateTime, $until: DateTime) {
  moneyFlow(accountId: $id, maxHops: 2, since: $since, until: $until) {
    steps { hop counterparty { entityId } total count records undated first last }
    totalsByHop { hop total count counterparties undated }
    undatedIncluded undatedExcluded
  }
}`;

function steps(data: any): Step[] {
  return data.moneyFlow.steps.map((s: any) => ({
    hop: s.hop,
    id: s.counterparty.entityId,
    total: s.total,
    count: s.count,
    records: s.records,
    undated: s.undated,
    first: s.first?.slice(0, 10) ?? null,
    last: s.last?.slice(0, 10) ?? null,
  }));
}

const byHopAndId = (a: Step, b: Step) => a.hop - b.hop || a.id.localeCompare(b.id);

beforeAll(async () => {
  await cleanDatabase();
  const summary = await loadExtract({
    file: resolve(DIR, 'transfers.csv'),
    mapping: resolve(DIR, 'transfers.yaml'),
  });
  expect(summary.rowsRead).toBe(ROWS.length);
  expect(summary.rowsLoaded + summary.rowsRejected).toBe(summary.rowsRead);
  expect(summary.rowsRejected).toBe(0);
});
afterAll(closeDriver);

describe('moneyFlow counts transfers and keeps undated payments', () => {
  it('without a window: the undated largest counterparty is there, counts are transfers', async () => {
    // The hop-1 counterparties and their transfer counts alone (fields the API always had): before
    // the fix C (50,000 in three undated transfers) was missing and B counted 2, not 14.
    const { data, errors } = await gql(FLOW, { id: A });
    expect(errors).toBeUndefined();
    const expected = expectedFlow({}, 2);
    const hop1 = (list: Step[]) =>
      list
        .filter((s) => s.hop === 1)
        .map((s) => [s.id, s.total, s.count])
        .sort();
    expect(hop1(steps(data))).toEqual(hop1(expected.steps));
    expect(steps(data).sort(byHopAndId)).toEqual(expected.steps.sort(byHopAndId));
    expect(data!.moneyFlow.undatedIncluded).toBe(4);
    expect(data!.moneyFlow.undatedExcluded).toBe(0);
    // The largest counterparty is the undated one, and it says so.
    expect(steps(data)[0]).toMatchObject({ id: 'account:DE89370400440532013000', undated: 3, first: null });
    const hop1Total = data!.moneyFlow.totalsByHop.find((t: any) => t.hop === 1);
    expect(hop1Total).toEqual({ hop: 1, total: 51_500, count: 18, counterparties: 3, undated: 3 });
  });

  it('with a window: periods that overlap it count, undated payments are left out and counted', async () => {
    const window = { since: '2023-06-15T00:00:00Z', until: '2023-07-31T00:00:00Z' };
    const { data, errors } = await gql(FLOW, { id: A, ...window });
    expect(errors).toBeUndefined();
    const expected = expectedFlow(window, 2);
    expect(steps(data).sort(byHopAndId)).toEqual(expected.steps.sort(byHopAndId));
    // The 2023 aggregate (from January to December) overlaps a window inside it.
    expect(steps(data).map((s) => s.id)).toContain('account:NL91ABNA0417164300');
    expect(data!.moneyFlow.undatedIncluded).toBe(0);
    expect(data!.moneyFlow.undatedExcluded).toBe(expected.undatedExcluded);
    expect(expected.undatedExcluded).toBe(3);
  });
});

describe('Account.transactions and timeline say what is undated', () => {
  const TRANSACTIONS = `query($id: ID!, $since: DateTime, $until: DateTime) {
    entity(id: $id) { ... on Account {
      transactions(direction: OUT, since: $since, until: $until, first: 50) {
        totalCount undatedLeftOut
        edges { node { amount at until count undated } }
      }
    } }
  }`;

  it('lists undated payments last without a window, and counts them when a window leaves them out', async () => {
    const all = await gql(TRANSACTIONS, { id: A });
    expect(all.errors).toBeUndefined();
    const own = ROWS.filter((r) => r.from === A);
    const nodes = all.data!.entity.transactions.edges.map((e: any) => e.node);
    expect(all.data!.entity.transactions.totalCount).toBe(own.length);
    expect(nodes.map((n: any) => n.undated)).toEqual([false, false, false, true]);
    expect(nodes.map((n: any) => n.count).reduce((s: number, c: number) => s + c, 0)).toBe(
      own.reduce((s, r) => s + r.count, 0),
    );
    expect(all.data!.entity.transactions.undatedLeftOut).toBe(0);

    const window = await gql(TRANSACTIONS, {
      id: A,
      since: '2023-06-15T00:00:00Z',
      until: '2023-07-31T00:00:00Z',
    });
    expect(window.errors).toBeUndefined();
    const inWindow = window.data!.entity.transactions.edges.map((e: any) => e.node);
    expect(inWindow).toHaveLength(1);
    expect(inWindow[0]).toMatchObject({ amount: 1000, count: 12, undated: false });
    expect(inWindow[0].until.slice(0, 10)).toBe('2023-12-31');
    expect(window.data!.entity.transactions.undatedLeftOut).toBe(1);
  });

  it('puts undated payments on the timeline (at null) unless a window is asked for', async () => {
    const TIMELINE = `query($id: ID!, $since: DateTime, $until: DateTime) {
      timeline(id: $id, since: $since, until: $until, types: [PAID], first: 50) {
        totalCount undatedLeftOut edges { node { at until undated } }
      }
    }`;
    const all = await gql(TIMELINE, { id: A });
    expect(all.errors).toBeUndefined();
    const events = all.data!.timeline.edges.map((e: any) => e.node);
    expect(all.data!.timeline.totalCount).toBe(ROWS.filter((r) => r.from === A).length);
    expect(events.at(-1)).toEqual({ at: null, until: null, undated: true });
    const window = await gql(TIMELINE, {
      id: A,
      since: '2023-06-15T00:00:00Z',
      until: '2023-07-31T00:00:00Z',
    });
    expect(window.errors).toBeUndefined();
    expect(window.data!.timeline.totalCount).toBe(1);
    expect(window.data!.timeline.undatedLeftOut).toBe(1);
  });
});

describe('neighbourhood windows', () => {
  it('keep an aggregate whose period overlaps the window though it started before it', async () => {
    const { data, errors } = await gql(
      `query($id: ID!) { neighbourhood(id: $id, since: "2023-06-15T00:00:00Z", until: "2023-07-31T00:00:00Z") {
        nodes { entity { entityId } } } }`,
      { id: A },
    );
    expect(errors).toBeUndefined();
    expect(data!.neighbourhood.nodes.map((n: any) => n.entity.entityId)).toContain(
      'account:NL91ABNA0417164300',
    );
  });
});

describe('moneyFlow steps list the payments behind them', () => {
  const EVIDENCE = `query($id: ID!, $since: DateTime, $until: DateTime, $minAmount: Float) {
    moneyFlow(accountId: $id, maxHops: 3, since: $since, until: $until, minAmount: $minAmount) {
      steps { hop via counterparty { entityId } total count records
        payments(first: 200) { totalCount edges { node { amount count fromId toId undated } } } }
    }
  }`;

  it('each step’s payments are exactly what it summed (records, total, transfers), with and without a window', async () => {
    for (const variables of [
      { id: A },
      { id: A, since: '2023-06-15T00:00:00Z', until: '2023-07-31T00:00:00Z' },
      { id: A, minAmount: 1_000 },
    ]) {
      const { data, errors } = await gql(EVIDENCE, variables);
      expect(errors).toBeUndefined();
      const list = data!.moneyFlow.steps as any[];
      expect(list.length).toBeGreaterThan(0);
      for (const step of list) {
        const payments = step.payments.edges.map((e: any) => e.node);
        expect(step.payments.totalCount).toBe(step.records);
        expect(payments).toHaveLength(step.records);
        expect(payments.reduce((sum: number, p: any) => sum + p.amount, 0)).toBeCloseTo(step.total, 6);
        expect(payments.reduce((sum: number, p: any) => sum + p.count, 0)).toBe(step.count);
        for (const p of payments) {
          expect(step.via).toContain(p.fromId);
          expect(p.toId).toBe(step.counterparty.entityId);
          if (variables.minAmount !== undefined) expect(p.amount).toBeGreaterThanOrEqual(variables.minAmount);
        }
      }
    }
  });
});
