import { describe, expect, it } from 'vitest';
import { type KeysetPage, keysetSlice, offsetConnection } from '../../../src/serve/schema/pagination.ts';

/** A store list of `n` runs paged by keyset (at most 500 a page), like store/read/analysis.ts. */
function keysetList(n: number) {
  const all = Array.from({ length: n }, (_, i) => `run-${i}`);
  let reads = 0;
  const list = async (first: number, after: string | null): Promise<KeysetPage<string>> => {
    reads++;
    if (first > 500) throw new Error('store page limit');
    const start = after === null ? 0 : all.indexOf(after) + 1;
    const nodes = all.slice(start, start + first);
    return { nodes, totalCount: n, endCursor: nodes.at(-1) ?? after, hasNextPage: start + first < n };
  };
  return { all, list, reads: () => reads };
}

describe('serve/schema/pagination', () => {
  it('reads past the store page limit: the 1,101st to 1,150th of 1,200 runs (not only the first 500)', async () => {
    const { all, list } = keysetList(1200);
    const slice = await keysetSlice(list, 1100, 50);
    expect(slice.total).toBe(1200);
    expect(slice.items).toEqual(all.slice(1100, 1150));
  });

  it('answers `last` without `before` from the end of the list', async () => {
    const { all, list } = keysetList(1200);
    const connection = await offsetConnection({ last: 3 }, (skip, limit) => keysetSlice(list, skip, limit));
    expect(connection.edges.map((e) => e.node)).toEqual(all.slice(-3));
    expect(connection.totalCount).toBe(1200);
    expect(connection.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('gives an empty page no cursors', async () => {
    const connection = await offsetConnection({ first: 5 }, async () => ({ items: [], total: 0 }));
    expect(connection.pageInfo).toMatchObject({ startCursor: null, endCursor: null, hasNextPage: false });
  });
});
