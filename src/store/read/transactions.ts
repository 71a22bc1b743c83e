/**
 * Payments of one account, filtered and paged in the database (busy accounts have thousands).
 * Windows select by period overlap and keep undated payments only when no window is asked for
 * (read/period.ts); undated payments come last. With a window, the undated ones it left out are
 * counted so the answer can say so.
 */
import { cypher } from '../cypher.ts';
import { executeRead } from '../run.ts';
import { type EntityRecord, type Props, toEntity } from './entities.ts';
import { PAGE_RETURN, readPage } from './page.ts';
import { IN_WINDOW } from './period.ts';
import type { ReadScope } from './scope.ts';

export interface TransactionRecord {
  relId: string;
  direction: 'OUT' | 'IN';
  props: Props;
  counterparty: EntityRecord | undefined;
}

const FILTER = `REL_VISIBLE(r) AND VISIBLE(o)
    AND ${IN_WINDOW}
    AND ($minAmount IS NULL OR r.amount >= $minAmount) AND ($maxAmount IS NULL OR r.amount <= $maxAmount)
    AND ($kinds IS NULL OR r.kind IN $kinds)`;

const TRANSACTIONS = `
MATCH (a:Account {id: $id})
CALL (a) {
  MATCH (a)-[r:PAID]->(o:Account) WHERE $out AND ${FILTER}
  RETURN r, o, 'OUT' AS direction
  UNION ALL
  MATCH (a)<-[r:PAID]-(o:Account) WHERE $in AND ${FILTER}
  RETURN r, o, 'IN' AS direction
}
WITH r, o, direction ORDER BY r.at IS NULL, r.at, elementId(r)
WITH collect({relId: elementId(r), rel: REL_PROPS(r), direction: direction, labels: labels(o), props: PROPS(o)}) AS items
${PAGE_RETURN}`;

/** Undated payments the window left out, by the same filters otherwise. */
const UNDATED_LEFT_OUT = `
MATCH (a:Account {id: $id})
CALL (a) {
  MATCH (a)-[r:PAID]->(o:Account) WHERE $out AND r.at IS NULL AND ${FILTER.replace(IN_WINDOW, 'true')}
  RETURN r
  UNION ALL
  MATCH (a)<-[r:PAID]-(o:Account) WHERE $in AND r.at IS NULL AND ${FILTER.replace(IN_WINDOW, 'true')}
  RETURN r
}
RETURN count(r) AS undated`;

export async function accountTransactions(options: {
  accountId: string;
  direction: 'OUT' | 'IN' | 'BOTH';
  since: string | null;
  until: string | null;
  minAmount: number | null;
  maxAmount: number | null;
  kinds: string[] | null;
  skip: number;
  limit: number;
  scope: ReadScope;
}): Promise<{ total: number; items: TransactionRecord[] }> {
  const { total, page } = await readPage<Props>(cypher(TRANSACTIONS), filterParams(options), options);
  return {
    total,
    items: page.map((p) => ({
      relId: String(p.relId),
      direction: p.direction === 'IN' ? 'IN' : 'OUT',
      props: p.rel as Props,
      counterparty: toEntity(p),
    })),
  };
}

type Filter = Omit<Parameters<typeof accountTransactions>[0], 'skip' | 'limit'>;

function filterParams(options: Filter) {
  return {
    id: options.accountId,
    out: options.direction !== 'IN',
    in: options.direction !== 'OUT',
    since: options.since,
    until: options.until,
    minAmount: options.minAmount,
    maxAmount: options.maxAmount,
    kinds: options.kinds,
    scope: options.scope,
  };
}

/**
 * Payments without a date that the window (since/until) left out; 0 without a window, when every
 * undated payment is in the list.
 */
export async function undatedLeftOut(options: Filter): Promise<number> {
  if (options.since === null && options.until === null) return 0;
  const [row] = await executeRead(cypher(UNDATED_LEFT_OUT), filterParams(options));
  return Number(row?.undated ?? 0);
}
