/**
 * Offset pages of a list built in Cypher: the query collects its rows as `items` and ends with
 * PAGE_RETURN, so the total and one page come back in one round trip.
 */
import { int } from '../convert.ts';
import { type Params, readTx } from '../run.ts';

export const PAGE_RETURN = 'RETURN size(items) AS total, items[$skip..$skip + $limit] AS page';

/** Runs `text` (ending in PAGE_RETURN) with $skip and $limit; the page's items as the query built them. */
export async function readPage<T>(
  text: string,
  params: Params,
  window: { skip: number; limit: number },
): Promise<{ total: number; page: T[] }> {
  const [row] = await readTx((tx) =>
    tx.run(text, { ...params, skip: int(window.skip), limit: int(window.limit) }),
  );
  return { total: Number(row?.total ?? 0), page: (row?.page ?? []) as T[] };
}
