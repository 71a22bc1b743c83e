/**
 * Connections through the Relay plugin's offset helpers: `first`/`after` page forwards,
 * `last`/`before` backwards (without `before`, `last` counts back from the end), and every page
 * reports `totalCount`. Cursors are the plugin's offset cursors. Bad arguments are BAD_USER_INPUT
 * naming the argument, before the store is asked.
 */
import { resolveArrayConnection, resolveOffsetConnection } from '@pothos/plugin-relay';
import { expectedError } from '../errors.ts';

export const DEFAULT_PAGE = 25;
export const MAX_PAGE = 200;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One slice of a list, and how long the whole list is. */
export interface Slice<T> {
  items: readonly T[];
  total: number;
}

const CURSOR = /^OffsetConnection:(\d+)$/;

function checkArgs(args: PageArgs, max: number): void {
  for (const argument of ['first', 'last'] as const) {
    const value = args[argument];
    if (value != null && (value < 0 || value > max)) {
      throw expectedError('BAD_USER_INPUT', `"${argument}" must be between 0 and ${max}.`, { argument });
    }
  }
  for (const argument of ['after', 'before'] as const) {
    const value = args[argument];
    if (value != null && !CURSOR.test(Buffer.from(value, 'base64').toString('utf8'))) {
      throw expectedError('BAD_USER_INPUT', `"${argument}" is not a cursor from this connection.`, {
        argument,
      });
    }
  }
}

/** An empty page has no cursors (the plugin would name offsets that hold nothing). */
function tidy<C extends { edges: readonly unknown[]; pageInfo: object }>(connection: C): C {
  if (connection.edges.length > 0) return connection;
  return { ...connection, pageInfo: { ...connection.pageInfo, startCursor: null, endCursor: null } };
}

/** A connection whose items the store reads by skip/limit, reporting the total with each slice. */
export async function offsetConnection<T>(
  args: PageArgs,
  fetch: (skip: number, limit: number) => Promise<Slice<T>>,
  max = MAX_PAGE,
) {
  checkArgs(args, max);
  // `last` without `before` counts back from the end, so the end must be known first.
  let total = args.last != null && !args.before ? (await fetch(0, 0)).total : undefined;
  const connection = await resolveOffsetConnection(
    { args, defaultSize: DEFAULT_PAGE, maxSize: max, ...(total !== undefined ? { totalCount: total } : {}) },
    async ({ offset, limit }) => {
      const slice = await fetch(offset, limit);
      total = slice.total;
      return slice.items as T[];
    },
  );
  return tidy({ ...connection, totalCount: total ?? 0 });
}

/** A connection over a list already in memory. */
export function arrayConnection<T>(all: readonly T[], args: PageArgs, max = MAX_PAGE) {
  checkArgs(args, max);
  return tidy(resolveArrayConnection({ args, defaultSize: DEFAULT_PAGE, maxSize: max }, all as T[]));
}

/** A store page read by keyset (first/after): what offset paging asks of it. */
export interface KeysetPage<T> {
  nodes: T[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * Skip/limit over a store list that pages by keyset: walks forward to `skip` in steps of at most
 * 500 (the store's page limit), then reads `limit` items.
 */
export async function keysetSlice<T>(
  list: (first: number, after: string | null) => Promise<KeysetPage<T>>,
  skip: number,
  limit: number,
): Promise<Slice<T>> {
  let after: string | null = null;
  let skipped = 0;
  while (skipped < skip) {
    const page = await list(Math.min(500, skip - skipped), after);
    skipped += page.nodes.length;
    after = page.endCursor;
    if (!page.hasNextPage) return { items: [], total: page.totalCount };
  }
  const page = await list(Math.min(500, limit), after);
  return { items: page.nodes, total: page.totalCount };
}
