/**
 * `search` folds the records of one identity into one hit (issue #13 item 3): checked against an
 * independent computation — the unfolded ranking (`identities: false`, the search as it was) folded
 * in the test by the contract's rule — for the hits, their records, the total and every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/serve/viewer.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { expectedIdentities } from '../../support/identities.ts';
import { jwtClient } from '../client.ts';
import { ALL, ALL_VISIBLE, GB, GB_VISIBLE, IDS, MATCHES, seedIdentities } from './world.ts';

const { as } = jwtClient('identity-search-secret-identity-search-secret');

const SEARCH = `query($text: String!, $first: Int, $after: String, $identities: Boolean) {
  search(text: $text, first: $first, after: $after, identities: $identities) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { entityId } records { entityId } identity { id size } }
  } }`;

interface Hit {
  id: string;
  records: string[];
  identity: string | null;
}

async function allPages(viewer: Viewer, text: string, identities: boolean, first: number) {
  const hits: Hit[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const { data, errors } = await as(viewer, SEARCH, { text, first, after, identities });
    expect(errors).toBeUndefined();
    totals.add(data.search.totalCount);
    for (const edge of data.search.edges)
      hits.push({
        id: edge.node.entityId,
        records: edge.records.map((r: { entityId: string }) => r.entityId),
        identity: edge.identity?.id ?? null,
      });
    if (!data.search.pageInfo.hasNextPage) break;
    after = data.search.pageInfo.endCursor;
  }
  expect(totals.size, 'every page reports one total').toBe(1);
  return { hits, total: [...totals][0]! };
}

/** The test's own folding of a ranked list of record ids. */
function fold(ranked: string[], identities: Map<string, string[]>): Hit[] {
  const out = new Map<string, Hit>();
  for (const id of ranked) {
    const members = identities.get(id);
    const key = members ? `identity:${members[0]}` : id;
    if (out.has(key)) continue;
    out.set(key, {
      id,
      records: members ? ranked.filter((r) => members.includes(r)) : [id],
      identity: members ? key : null,
    });
  }
  return [...out.values()];
}

beforeAll(async () => {
  await cleanDatabase();
  await seedIdentities();
});
afterAll(closeDriver);

describe('search, one hit per identity', () => {
  for (const [name, viewer, visible, jurisdictions] of [
    ['GB', GB, GB_VISIBLE, ['GB']],
    ['every jurisdiction', ALL, ALL_VISIBLE, '*'],
  ] as const) {
    for (const text of ['Munteanu', 'Dumitru Munteanu', 'Munteanu Trading']) {
      it(`folds "${text}" for a viewer of ${name}, on every page size`, async () => {
        const unfolded = await allPages(viewer, text, false, 200);
        expect(unfolded.total).toBe(unfolded.hits.length);
        const identities = expectedIdentities(MATCHES, visible, jurisdictions as string[] | '*');
        const expected = fold(
          unfolded.hits.map((h) => h.id),
          identities,
        );
        // The world must give something to fold, or this test would prove nothing.
        expect(expected.length).toBeLessThan(unfolded.hits.length);
        for (const first of [200, 1, 2, 3]) {
          const folded = await allPages(viewer, text, true, first);
          expect(folded.total, `total, pages of ${first}`).toBe(expected.length);
          expect(folded.hits, `hits, pages of ${first}`).toEqual(expected);
        }
      });
    }
  }

  it('never folds through what a GB viewer may not read', async () => {
    const { hits } = await allPages(GB, 'Munteanu', true, 200);
    const other = hits.find((h) => h.records.includes(IDS.gbOther));
    expect(other?.records).toEqual([IDS.gbOther]);
    expect(JSON.stringify(hits)).not.toMatch(/ieonly/i);
  });

  it('an exact identifier match ranks its identity first', async () => {
    const { data } = await as(GB, SEARCH, { text: '+44 7700 900111', first: 5 });
    const [first] = data.search.edges;
    expect(first.node.entityId).toBe(IDS.phone);
    expect(first.identity).toBeNull();
  });
});
