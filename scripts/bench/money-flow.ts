/**
 * `moneyFlow` of a busy account, from summaries (store/flow-summary.ts) and, in the same run, from
 * every payment as it was read before summaries existed (issue #16 item 3: target <= 15 ms for the
 * account with ~49,500 payments).
 *
 *   npx tsx scripts/bench/money-flow.ts [--payments 49515] [--people 4231] [--runs 30] [--with-tiny]
 *
 * Builds the account in the configured Neo4j (NEO4J_URI, else the embedded one on SKEIN_NEO4J_PORT)
 * as one more complete extract (bench-money-…, GB): an account paying `--people` accounts
 * `--payments` times over six months, each of whom pays three others later (so hop 2 has money to
 * follow), written in bulk and summarised by rebuildFlowSummaries(); deterministic, and built once
 * (a second run reuses it). Nothing is deleted. Reports the rebuild of this extract's summaries and
 * moneyFlow timings (mean, p50, p95, and CPU per call of Node and Neo4j) for: the API mix's call
 * (2 hops, 50 per hop) from the pairs and, in the same run, from the per-extract summaries grouped
 * at read (`pairs: false`, the path before pairs), 1 hop both ways, a window (summaries that
 * straddle it read their payments), a GB-only viewer, and the pre-summary query on the same
 * account; plus the load average (the machine is shared).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadExtract } from '../../src/ingest/load.ts';
import { int } from '../../src/store/convert.ts';
import { cypher } from '../../src/store/cypher.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { rebuildFlowSummaries } from '../../src/store/flow-summary.ts';
import { ensureSchema } from '../../src/store/migrate.ts';
import { moneyFlow } from '../../src/store/read/money.ts';
import { PERIOD_END, TRANSFERS } from '../../src/store/read/period.ts';
import { FULL_SCOPE, type ReadScope, scopeForJurisdictions } from '../../src/store/read/scope.ts';
import { executeRead, executeWrite, readTx } from '../../src/store/run.ts';
import { gbIban } from './bank-csv.ts';
import { embeddedNeo4jPid, fmt, startCpuMeter } from './cpu.ts';

const { values } = parseArgs({
  options: {
    payments: { type: 'string', default: '49515' },
    people: { type: 'string', default: '4231' },
    runs: { type: 'string', default: '30' },
    /** Also load the tiny fixture's extracts through the loader: people and names for bench:api's mix. */
    'with-tiny': { type: 'boolean', default: false },
  },
});
const PAYMENTS = Number(values.payments);
const PEOPLE = Number(values.people);
const RUNS = Number(values.runs);
const BUSY = gbIban(90_000_000);
const person = (k: number) => gbIban(91_000_000 + k);
const onward = (k: number) => gbIban(92_000_000 + k);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTRACT = `bench-money-${PAYMENTS}-${PEOPLE}`;
const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);

interface Payment {
  from: string;
  to: string;
  key: string;
  row: number;
  amount: number;
  at: string;
}

/** The busy account's payments (every person paid at least once), then each person's three onward. */
function payments(): Payment[] {
  const random = mulberry32(16);
  const out: Payment[] = [];
  const add = (from: string, to: string, d: number, amount: number) =>
    out.push({
      from,
      to,
      key: `${EXTRACT}:${out.length}`,
      row: out.length + 1,
      amount: Math.round(amount * 100) / 100,
      at: day(d),
    });
  for (let i = 0; i < PAYMENTS; i++) {
    const k = i < PEOPLE ? i : Math.floor(random() * PEOPLE);
    add(BUSY, person(k), Math.floor(random() * 182), 800 + random() * 1500);
  }
  for (let k = 0; k < PEOPLE; k++)
    for (let j = 0; j < 3; j++)
      add(
        person(k),
        onward(Math.floor(random() * PEOPLE * 2)),
        60 + Math.floor(random() * 150),
        50 + random() * 500,
      );
  return out;
}

const ACCOUNTS = `
MATCH (e:Extract {id: $extract})
UNWIND $ibans AS iban
MERGE (a:Account {id: 'account:' + iban})
ON CREATE SET a.iban = iban, a.kind = 'bank'
MERGE (e)-[m:MENTIONS]->(a)
ON CREATE SET m.p_iban = iban, m.p_kind = 'bank', m.firstRow = 1, m.rows = 1`;

const PAID = `
UNWIND $rows AS row
MATCH (a:Account {id: 'account:' + row.from})
MATCH (b:Account {id: 'account:' + row.to})
CREATE (a)-[r:PAID]->(b)
SET r.key = row.key, r.extract = $extract, r.row = row.row, r.amount = row.amount, r.currency = 'GBP',
    r.at = row.at, r.kind = 'wage'`;

/**
 * Writes the world straight in Cypher, as a bulk import would (the online loader took minutes for
 * it on the shared machine), then builds its summaries with rebuildFlowSummaries() — the contract a
 * bulk loader follows. Skipped when the extract is already there.
 */
async function buildWorld(): Promise<{ built: boolean; rows: number; seconds: number }> {
  const [present] = await executeRead('MATCH (e:Extract {id: $id}) RETURN e.status AS status', {
    id: EXTRACT,
  });
  if (present?.status === 'complete') return { built: false, rows: 0, seconds: 0 };
  const started = performance.now();
  const all = payments();
  await executeWrite(
    `MERGE (e:Extract {id: $id}) SET e.status = 'loading', e.source = 'bench-money', e.jurisdiction = 'GB',
       e.file = 'bench-money', e.startedAt = $now, e.rows = $rows, e.loaded = $rows, e.rejected = 0`,
    { id: EXTRACT, now: new Date().toISOString(), rows: all.length },
  );
  const ibans = [...new Set(all.flatMap((p) => [p.from, p.to]))];
  for (let i = 0; i < ibans.length; i += 5_000)
    await executeWrite(
      ACCOUNTS,
      { extract: EXTRACT, ibans: ibans.slice(i, i + 5_000) },
      { timeoutMs: 600_000 },
    );
  for (let i = 0; i < all.length; i += 10_000)
    await executeWrite(PAID, { extract: EXTRACT, rows: all.slice(i, i + 10_000) }, { timeoutMs: 600_000 });
  await executeWrite("MATCH (e:Extract {id: $id}) SET e.status = 'complete', e.loadedAt = $now", {
    id: EXTRACT,
    now: new Date().toISOString(),
  });
  return { built: true, rows: all.length, seconds: (performance.now() - started) / 1000 };
}

/** The hop query before summaries (git history of read/money.ts): every payment, no window. */
const PAYMENTS_HOP = `
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})-[r:PAID]->(b:Account)
WHERE NOT b.id IN $seen AND REL_VISIBLE(r) AND VISIBLE(b)
  AND ((r.at IS NULL) OR (r.at IS NOT NULL AND (f.after IS NULL OR ${PERIOD_END} >= f.after)))
WITH b, collect(DISTINCT a.id) AS via, sum(r.amount) AS total, sum(${TRANSFERS}) AS count, count(r) AS records,
     sum(CASE WHEN r.at IS NULL THEN ${TRANSFERS} ELSE 0 END) AS undated,
     collect(DISTINCT r.currency) AS currencies, min(r.at) AS first, max(${PERIOD_END}) AS last
ORDER BY total DESC, b.id
WITH count(*) AS found,
     collect({b: b, total: total, count: count, records: records, first: first})[..$perHop] AS kept
UNWIND kept AS k
WITH found, k, k.b AS b
RETURN found, b.id AS counterparty, k.total AS total, k.first AS first, labels(b) AS labels, PROPS(b) AS props
ORDER BY total DESC, counterparty`;

async function paymentsFlow(accountId: string, maxHops: number): Promise<number> {
  return readTx(async (tx) => {
    let frontier: { id: string; after: string | null }[] = [{ id: accountId, after: null }];
    const seen = new Set([accountId]);
    let steps = 0;
    for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
      const rows = await tx.run(cypher(PAYMENTS_HOP), {
        frontier,
        seen: [...seen],
        perHop: int(50),
        scope: FULL_SCOPE,
      });
      for (const row of rows) seen.add(String(row.counterparty));
      steps += rows.length;
      frontier = rows.map((row) => ({
        id: String(row.counterparty),
        after: row.first === null ? null : String(row.first),
      }));
    }
    return steps;
  });
}

function flow(
  maxHops: number,
  scope: ReadScope,
  window: { since: string | null; until: string | null },
  pairs = true,
) {
  return () =>
    moneyFlow({
      pairs,
      accountId: accountId!,
      direction: 'OUT',
      since: window.since,
      until: window.until,
      minAmount: null,
      maxHops,
      perHop: 50,
      scope,
    }).then((r) => r.flows.length);
}

/**
 * Wall time per call (mean, p50, p95) and, over the same timed runs, CPU per call of this process
 * (the driver, decoding) and of Neo4j (/proc/<pid>/stat): the machine is shared, and CPU time is
 * only mildly inflated by other sessions' load where wall time is not.
 */
async function time(label: string, run: () => Promise<number>): Promise<void> {
  for (let i = 0; i < 5; i++) await run();
  const ms: number[] = [];
  let steps = 0;
  const cpu = startCpuMeter(neo4jPid);
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    steps = await run();
    ms.push(performance.now() - started);
  }
  const perCall = cpu.msPer(RUNS);
  ms.sort((a, b) => a - b);
  const mean = ms.reduce((s, x) => s + x, 0) / ms.length;
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  console.log(
    `  ${label.padEnd(44)} mean ${mean.toFixed(1).padStart(6)} ms  p50 ${at(0.5).toFixed(1).padStart(6)} ms  p95 ${at(0.95).toFixed(1).padStart(6)} ms  CPU Node ${fmt(perCall.node)} + Neo4j ${fmt(perCall.neo4j)} ms  (${steps} steps)`,
  );
}

const neo4jPid = embeddedNeo4jPid();
if (values['with-tiny']) {
  const dir = resolve(import.meta.dirname, '../../test/fixtures/tiny');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    extracts: { file: string; mapping: string; jurisdiction: string }[];
  };
  for (const extract of manifest.extracts)
    await loadExtract({
      file: join(dir, extract.file),
      mapping: extract.mapping,
      jurisdiction: extract.jurisdiction,
    });
}
// A scratch server gets the schema first: bench:api, run next on the same data, searches through
// the full-text indexes the migrations create.
await ensureSchema(resolve(import.meta.dirname, '../../cypher/schema'), console.log);
const world = await buildWorld();
const [found] = await executeRead(
  'MATCH (a:Account {id: $id})-[r:PAID]->() RETURN a.id AS id, count(r) AS payments, count(DISTINCT endNode(r)) AS people',
  { id: `account:${BUSY}` },
);
const accountId = found?.id as string | undefined;
if (!accountId) throw new Error('bench/money-flow: the busy account was not built');
const rebuild = await rebuildFlowSummaries({ extracts: [EXTRACT] });
const gb = await scopeForJurisdictions(['GB']);

console.log(`bench/money-flow — load average ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}
  world: the busy account ${accountId} made ${Number(found!.payments).toLocaleString('en')} payments to ${Number(found!.people).toLocaleString('en')} people${world.built ? `; built (${world.rows.toLocaleString('en')} payments) in ${world.seconds.toFixed(1)} s` : ' (already built)'}
  rebuild of this extract's summaries (and its payers' pairs) from its payments: ${rebuild.summaries.toLocaleString('en')} summaries of ${rebuild.payments.toLocaleString('en')} payments in ${(rebuild.ms / 1000).toFixed(1)} s
  moneyFlow(OUT, perHop 50), ${RUNS} runs each after 5 warm-up:`);
await time('round trip floor (RETURN 1, one transaction)', () =>
  readTx((tx) => tx.run('RETURN 1 AS one')).then(() => 0),
);
const always = { since: null, until: null };
// Pairs and the per-extract summaries alternately, so the machine's load hits both alike.
for (let round = 1; round <= 2; round++) {
  await time(`2 hops (the API mix), pairs [${round}]`, flow(2, FULL_SCOPE, always));
  await time(`2 hops, summaries grouped (before pairs) [${round}]`, flow(2, FULL_SCOPE, always, false));
}
await time('1 hop, pairs', flow(1, FULL_SCOPE, always));
await time('1 hop, summaries grouped (before pairs)', flow(1, FULL_SCOPE, always, false));
await time('2 hops, every payment (before summaries)', () => paymentsFlow(accountId, 2));
await time('1 hop, every payment (before summaries)', () => paymentsFlow(accountId, 1));
await time('2 hops, GB-only viewer, summaries', flow(2, gb, always));
await time(
  '2 hops, window Feb–May (straddling pairs read)',
  flow(2, FULL_SCOPE, { since: '2024-02-01', until: '2024-05-31' }),
);
await closeDriver();
