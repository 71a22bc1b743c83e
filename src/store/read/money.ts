/**
 * Where money from (or to) an account went, hop by hop, aggregated per counterparty: at hop 1 the
 * account's own payments; at hop k the payments of hop k-1's counterparties made after the money
 * reached them (time-respecting), so the flow follows the money rather than every payment those
 * accounts ever made. Each counterparty is counted at the first hop that reaches it.
 */
import { int } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { readTx } from '../run.ts';
import { type EntityRecord, toEntity } from './entities.ts';
import type { ReadScope } from './scope.ts';

export interface FlowRecord {
  hop: number;
  counterparty: EntityRecord;
  /** The account(s) of the previous hop it was paid from (OUT) or paid to (IN). */
  via: string[];
  total: number;
  count: number;
  currency: string | null;
  first: string;
  last: string;
}

export interface MoneyFlowResult {
  /** The account asked about; undefined when it does not exist or the viewer may not see it. */
  account: EntityRecord | undefined;
  flows: FlowRecord[];
  totalsByHop: { hop: number; total: number; count: number; counterparties: number }[];
  /** Counterparties dropped because a hop had more than `perHop`. */
  truncated: number;
}

/**
 * The end of both hop queries: the hop's `$perHop` largest counterparties, with how many there
 * were in all. Only those kept cross the wire with their properties: an employer's account pays
 * thousands of people, and sending every one back to be dropped cost more than ranking them.
 */
const KEEP_TOP = `ORDER BY total DESC, b.id
WITH count(*) AS found,
     collect({b: b, via: via, total: total, count: count, currencies: currencies, first: first, last: last})[..$perHop] AS kept
UNWIND kept AS k
WITH found, k, k.b AS b
RETURN found, b.id AS counterparty, k.via AS via, k.total AS total, k.count AS count, k.currencies AS currencies,
       k.first AS first, k.last AS last, labels(b) AS labels, PROPS(b) AS props
ORDER BY total DESC, counterparty`;

const OUT_HOP = `
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})-[r:PAID]->(b:Account)
WHERE NOT b.id IN $seen AND REL_VISIBLE(r) AND VISIBLE(b)
  AND r.at >= coalesce(f.after, $since, r.at) AND ($until IS NULL OR r.at <= $until)
  AND ($minAmount IS NULL OR r.amount >= $minAmount)
WITH b, collect(DISTINCT a.id) AS via, sum(r.amount) AS total, count(r) AS count,
     collect(DISTINCT r.currency) AS currencies, min(r.at) AS first, max(r.at) AS last
${KEEP_TOP}`;

const IN_HOP = `
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})<-[r:PAID]-(b:Account)
WHERE NOT b.id IN $seen AND REL_VISIBLE(r) AND VISIBLE(b)
  AND r.at <= coalesce(f.before, $until, r.at) AND ($since IS NULL OR r.at >= $since)
  AND ($minAmount IS NULL OR r.amount >= $minAmount)
WITH b, collect(DISTINCT a.id) AS via, sum(r.amount) AS total, count(r) AS count,
     collect(DISTINCT r.currency) AS currencies, min(r.at) AS first, max(r.at) AS last
${KEEP_TOP}`;

const ACCOUNT = `
MATCH (n:Account {id: $id}) WHERE VISIBLE(n)
RETURN labels(n) AS labels, PROPS(n) AS props`;

export async function moneyFlow(options: {
  accountId: string;
  direction: 'OUT' | 'IN';
  since: string | null;
  until: string | null;
  minAmount: number | null;
  maxHops: number;
  perHop: number;
  scope: ReadScope;
}): Promise<MoneyFlowResult> {
  const flows: FlowRecord[] = [];
  const seen = new Set([options.accountId]);
  let truncated = 0;
  let frontier: { id: string; after?: string; before?: string }[] = [{ id: options.accountId }];
  // The account and every hop in one transaction; each hop returns its counterparties' properties,
  // so no further round trip loads them.
  const account = await readTx(async (tx) => {
    const [accountRow] = await tx.run(cypher(ACCOUNT), { id: options.accountId, scope: options.scope });
    const found = accountRow ? toEntity(accountRow) : undefined;
    if (!found) return undefined;
    for (let hop = 1; hop <= options.maxHops && frontier.length > 0; hop++) {
      const rows = await tx.run(cypher(options.direction === 'OUT' ? OUT_HOP : IN_HOP), {
        frontier,
        seen: [...seen],
        since: options.since,
        until: options.until,
        minAmount: options.minAmount,
        perHop: int(options.perHop),
        scope: options.scope,
      });
      truncated += rows.length === 0 ? 0 : Number(rows[0]!.found) - rows.length;
      for (const row of rows) {
        const currencies = (row.currencies as string[]).filter(Boolean);
        seen.add(String(row.counterparty));
        const counterparty = toEntity(row);
        if (!counterparty) continue;
        flows.push({
          hop,
          counterparty,
          via: row.via as string[],
          total: Number(row.total),
          count: Number(row.count),
          currency: currencies.length === 1 ? (currencies[0] ?? null) : null,
          first: String(row.first),
          last: String(row.last),
        });
      }
      // Money reached a counterparty at its first payment (OUT); for IN, it left before the last.
      frontier = rows.map((row) =>
        options.direction === 'OUT'
          ? { id: String(row.counterparty), after: String(row.first) }
          : { id: String(row.counterparty), before: String(row.last) },
      );
    }
    return found;
  });
  const byHop = new Map<number, { hop: number; total: number; count: number; counterparties: number }>();
  for (const f of flows) {
    const t = byHop.get(f.hop) ?? { hop: f.hop, total: 0, count: 0, counterparties: 0 };
    t.total += f.total;
    t.count += f.count;
    t.counterparties++;
    byHop.set(f.hop, t);
  }
  return { account, flows, totalsByHop: [...byHop.values()], truncated };
}
