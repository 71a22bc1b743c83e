/** Payments of one account, filtered and paged in the database (busy accounts have thousands). */
import { cypher } from '../cypher.ts';
import { type EntityRecord, type Props, toEntity } from './entities.ts';
import { PAGE_RETURN, readPage } from './page.ts';
import type { ReadScope } from './scope.ts';

export interface TransactionRecord {
  relId: string;
  direction: 'OUT' | 'IN';
  props: Props;
  counterparty: EntityRecord | undefined;
}

const FILTER = `REL_VISIBLE(r) AND VISIBLE(o)
    AND ($since IS NULL OR r.at >= $since) AND ($until IS NULL OR r.at <= $until)
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
WITH r, o, direction ORDER BY r.at, elementId(r)
WITH collect({relId: elementId(r), rel: REL_PROPS(r), direction: direction, labels: labels(o), props: PROPS(o)}) AS items
${PAGE_RETURN}`;

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
  const { total, page } = await readPage<Props>(
    cypher(TRANSACTIONS),
    {
      id: options.accountId,
      out: options.direction !== 'IN',
      in: options.direction !== 'OUT',
      since: options.since,
      until: options.until,
      minAmount: options.minAmount,
      maxAmount: options.maxAmount,
      kinds: options.kinds,
      scope: options.scope,
    },
    options,
  );
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
