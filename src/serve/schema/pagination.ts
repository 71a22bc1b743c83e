/** Offset-based connection arguments → skip/limit, with a default and a hard maximum page size. */
import { expectedError } from '../errors.ts';

export const DEFAULT_PAGE = 25;
export const MAX_PAGE = 200;

export function pageOf(args: { first?: number | null; after?: string | null }, max = MAX_PAGE) {
  const first = args.first ?? DEFAULT_PAGE;
  if (first < 0 || first > max) {
    throw expectedError('BAD_USER_INPUT', `"first" must be between 0 and ${max}.`, { argument: 'first' });
  }
  let skip = 0;
  if (args.after) {
    const decoded = Buffer.from(args.after, 'base64').toString('utf8');
    const match = /^OffsetConnection:(\d+)$/.exec(decoded);
    if (!match)
      throw expectedError('BAD_USER_INPUT', '"after" is not a cursor from this connection.', {
        argument: 'after',
      });
    skip = Number(match[1]) + 1;
  }
  return { skip, limit: first };
}

export function offsetCursor(offset: number): string {
  return Buffer.from(`OffsetConnection:${offset}`).toString('base64');
}

/** A connection from one page of items fetched with skip/limit and the total count. */
export function pageConnection<T>(items: T[], skip: number, limit: number, totalCount: number) {
  return {
    totalCount,
    edges: items.slice(0, limit).map((node, i) => ({ node, cursor: offsetCursor(skip + i) })),
    pageInfo: {
      hasNextPage: skip + limit < totalCount,
      hasPreviousPage: skip > 0,
      startCursor: items.length > 0 ? offsetCursor(skip) : null,
      endCursor: items.length > 0 ? offsetCursor(skip + Math.min(items.length, limit) - 1) : null,
    },
  };
}

/** A connection over a list already in memory. */
export function arrayConnection<T>(all: T[], args: { first?: number | null; after?: string | null }) {
  const { skip, limit } = pageOf(args);
  return pageConnection(all.slice(skip, skip + limit), skip, limit, all.length);
}

/** ISO date/date-time arguments; anything else is a BAD_USER_INPUT error naming the argument. */
export function isoArg(value: string | null | undefined, argument: string): string | null {
  if (value === null || value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value)) {
    throw expectedError(
      'BAD_USER_INPUT',
      `"${argument}" must be an ISO-8601 date or date-time, e.g. 2024-03-01.`,
      {
        argument,
      },
    );
  }
  return value;
}
