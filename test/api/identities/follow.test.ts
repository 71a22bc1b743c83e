/**
 * `identities: true` on neighbourhood, paths, moneyFlow and timeline (issue #13 item 3): the records
 * of one identity act as one. Each answer is checked against the test's own computation from the
 * world's lists (world.ts LINKS, MATCHES), for a GB viewer (who must never be joined through an IE
 * record or a GB+IE match) and a viewer of every jurisdiction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/serve/viewer.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { expectedIdentities } from '../../support/identities.ts';
import { jwtClient } from '../client.ts';
import { ALL, ALL_VISIBLE, GB, GB_VISIBLE, IDS, LINKS, MATCHES, NODES_OF, seedIdentities } from './world.ts';

const { as } = jwtClient('identity-follow-secret-identity-follow-secret');

interface Reader {
  name: string;
  viewer: Viewer;
  nodes: Set<string>;
  links: typeof LINKS;
  identities: Map<string, string[]>;
}

function reader(name: string, viewer: Viewer, jurisdictions: ('GB' | 'IE')[] | '*'): Reader {
  const all = jurisdictions === '*' ? (['GB', 'IE'] as const) : jurisdictions;
  const nodes = new Set(all.flatMap((j) => [...NODES_OF[j]]));
  const records = jurisdictions === '*' ? ALL_VISIBLE : new Set([...GB_VISIBLE].filter((r) => nodes.has(r)));
  return {
    name,
    viewer,
    nodes,
    links: LINKS.filter((l) => all.includes(l.jurisdiction) && nodes.has(l.from) && nodes.has(l.to)),
    identities: expectedIdentities(MATCHES, records, jurisdictions === '*' ? '*' : jurisdictions),
  };
}

const READERS = [reader('GB', GB, ['GB']), reader('every jurisdiction', ALL, '*')];

const sorted = <T>(items: Iterable<T>) => [...items].map((x) => JSON.stringify(x)).sort();

beforeAll(async () => {
  await cleanDatabase();
  await seedIdentities();
});
afterAll(closeDriver);

describe('neighbourhood(identities: true)', () => {
  const QUERY = `query($id: ID!, $depth: Int, $identities: Boolean) {
    neighbourhood(id: $id, depth: $depth, identities: $identities) {
      nodes { depth entity { entityId } } identities { id records { entityId } } } }`;

  /** The test's neighbourhood: hop by hop, each record reached brings its identity at that depth. */
  function expected(r: Reader, centre: string, depth: number, follow: boolean): Map<string, number> {
    const depthOf = new Map<string, number>();
    const close = (ids: string[], d: number) => {
      const out = [...ids];
      for (const id of ids) for (const other of (follow && r.identities.get(id)) || []) out.push(other);
      const added: string[] = [];
      for (const id of out)
        if (!depthOf.has(id)) {
          depthOf.set(id, d);
          added.push(id);
        }
      return added;
    };
    let frontier = close([centre], 0);
    for (let d = 1; d <= depth; d++) {
      const next = new Set<string>();
      for (const l of r.links) {
        if (frontier.includes(l.from) && !depthOf.has(l.to)) next.add(l.to);
        if (frontier.includes(l.to) && !depthOf.has(l.from)) next.add(l.from);
      }
      frontier = close([...next], d);
    }
    return depthOf;
  }

  for (const r of READERS) {
    for (const centre of [IDS.gbPolice, IDS.accShop, IDS.orgA]) {
      for (const depth of [1, 2]) {
        it(`around ${centre}, depth ${depth}, for a viewer of ${r.name}`, async () => {
          for (const follow of [false, true]) {
            const { data, errors } = await as(r.viewer, QUERY, { id: centre, depth, identities: follow });
            expect(errors).toBeUndefined();
            const got = new Map<string, number>(
              data.neighbourhood.nodes.map((n: { depth: number; entity: { entityId: string } }) => [
                n.entity.entityId,
                n.depth,
              ]),
            );
            const want = expected(r, centre, depth, follow);
            expect(sorted(got.entries()), `identities: ${follow}`).toEqual(sorted(want.entries()));
            const mergedIds = data.neighbourhood.identities.map((i: { id: string }) => i.id);
            const wantMerged = new Set<string>();
            if (follow)
              for (const id of want.keys()) {
                const members = r.identities.get(id);
                if (members && members.filter((m) => want.has(m)).length > 1)
                  wantMerged.add(`identity:${members[0]}`);
              }
            expect(sorted(mergedIds)).toEqual(sorted(wantMerged));
          }
        });
      }
    }
  }

  it('a GB viewer: the bank record and its account come with the police record, nothing of IE', async () => {
    const { data } = await as(GB, QUERY, { id: IDS.gbPolice, depth: 1, identities: true });
    const ids = data.neighbourhood.nodes.map((n: { entity: { entityId: string } }) => n.entity.entityId);
    expect(ids).toEqual(expect.arrayContaining([IDS.gbBank, IDS.accBank, IDS.gbRegister, IDS.orgA]));
    expect(ids).not.toContain(IDS.gbOther);
    expect(JSON.stringify(data)).not.toMatch(/ieonly|IE44/i);
  });
});

describe('paths(identities: true)', () => {
  const QUERY = `query($from: ID!, $to: ID!, $identities: Boolean, $maxHops: Int) {
    paths(from: $from, to: $to, identities: $identities, maxHops: $maxHops) {
      length nodes { entityId } edges { type fromId toId } } }`;

  /** Shortest path length over the reader's links, and its readable SAME_AS when following. */
  function shortest(r: Reader, from: string, to: string, follow: boolean, maxHops: number): number | null {
    const adjacency = new Map<string, Set<string>>();
    const link = (a: string, b: string) => {
      adjacency.set(a, (adjacency.get(a) ?? new Set()).add(b));
      adjacency.set(b, (adjacency.get(b) ?? new Set()).add(a));
    };
    for (const l of r.links) link(l.from, l.to);
    if (follow)
      for (const m of MATCHES)
        if (m.type === 'SAME_AS' && r.identities.get(m.a)?.includes(m.b)) link(m.a, m.b);
    const dist = new Map([[from, 0]]);
    const queue = [from];
    while (queue.length > 0) {
      const at = queue.shift()!;
      for (const next of adjacency.get(at) ?? [])
        if (!dist.has(next)) {
          dist.set(next, dist.get(at)! + 1);
          queue.push(next);
        }
    }
    const d = dist.get(to);
    return d === undefined || d > maxHops ? null : d;
  }

  for (const r of READERS) {
    for (const [from, to] of <[string, string][]>[
      [IDS.gbPolice, IDS.orgA],
      [IDS.phone, IDS.accBank],
      [IDS.gbOther, IDS.orgA],
      [IDS.accIe, IDS.orgA],
    ]) {
      it(`${from} → ${to} for a viewer of ${r.name}`, async () => {
        for (const follow of [false, true]) {
          const { data, errors } = await as(r.viewer, QUERY, { from, to, identities: follow, maxHops: 6 });
          if (!r.nodes.has(from) || !r.nodes.has(to)) {
            expect(errors?.[0]?.extensions.code).toBe('NOT_FOUND');
            continue;
          }
          expect(errors).toBeUndefined();
          const want = shortest(r, from, to, follow, 6);
          if (want === null) {
            expect(data.paths, `identities: ${follow}`).toEqual([]);
            continue;
          }
          expect(data.paths.length).toBeGreaterThan(0);
          for (const path of data.paths) {
            expect(path.length, `identities: ${follow}`).toBe(want);
            const sameAs = path.edges.filter(
              (e: { type: string; fromId: string; toId: string }) => e.type === 'SAME_AS',
            );
            if (!follow) expect(sameAs).toEqual([]);
            for (const e of sameAs) expect(r.identities.get(e.fromId)).toContain(e.toId);
          }
        }
      });
    }
  }
});

describe('moneyFlow(identities: true)', () => {
  const QUERY = `query($id: ID!, $identities: Boolean) {
    moneyFlow(accountId: $id, identities: $identities, maxHops: 1) {
      startAccounts { entityId } identities { id }
      steps { counterparty { entityId } total via } } }`;

  for (const r of READERS) {
    for (const account of [IDS.accPolice, IDS.accBank, IDS.accShop]) {
      it(`from ${account} for a viewer of ${r.name}`, async () => {
        for (const follow of [false, true]) {
          const { data, errors } = await as(r.viewer, QUERY, { id: account, identities: follow });
          expect(errors).toBeUndefined();
          // The test's own: the account's holders, their identities' records, the accounts they hold.
          const holders = r.links.filter((l) => l.type === 'HOLDS' && l.to === account).map((l) => l.from);
          const records = new Set(holders.flatMap((h) => (follow && r.identities.get(h)) || []));
          const starts = new Set([
            account,
            ...r.links.filter((l) => l.type === 'HOLDS' && records.has(l.from)).map((l) => l.to),
          ]);
          const totals = new Map<string, number>();
          for (const l of r.links)
            if (l.type === 'PAID' && starts.has(l.from) && !starts.has(l.to))
              totals.set(l.to, (totals.get(l.to) ?? 0) + l.amount!);
          expect(sorted(data.moneyFlow.startAccounts.map((a: { entityId: string }) => a.entityId))).toEqual(
            sorted(starts),
          );
          const got = data.moneyFlow.steps.map((s: { counterparty: { entityId: string }; total: number }) => [
            s.counterparty.entityId,
            s.total,
          ]);
          expect(sorted(got.map(String))).toEqual(sorted([...totals.entries()].map(String)));
          expect(data.moneyFlow.identities.length > 0).toBe(records.size > 0);
        }
      });
    }
  }
});

describe('timeline(identities: true)', () => {
  const QUERY = `query($id: ID!, $identities: Boolean) {
    timeline(id: $id, identities: $identities, first: 100) {
      totalCount identity { id size } edges { node { at subjectId direction } } } }`;

  for (const r of READERS) {
    for (const record of [IDS.gbPolice, IDS.gbOther]) {
      it(`of ${record} for a viewer of ${r.name}`, async () => {
        for (const follow of [false, true]) {
          const { data, errors } = await as(r.viewer, QUERY, { id: record, identities: follow });
          expect(errors).toBeUndefined();
          const records = new Set((follow && r.identities.get(record)) || [record]);
          const subjects = new Set([
            ...records,
            ...r.links.filter((l) => l.type === 'HOLDS' && records.has(l.from)).map((l) => l.to),
          ]);
          const want: string[] = [];
          for (const l of r.links) {
            if (!l.at) continue;
            if (subjects.has(l.from)) want.push(`${l.at}|${l.from}|OUT`);
            if (subjects.has(l.to)) want.push(`${l.at}|${l.to}|IN`);
          }
          const got = data.timeline.edges.map(
            (e: { node: { at: string; subjectId: string; direction: string } }) =>
              `${e.node.at.slice(0, 19)}|${e.node.subjectId}|${e.node.direction}`,
          );
          expect(sorted(got), `identities: ${follow}`).toEqual(sorted(want));
          expect(data.timeline.totalCount).toBe(want.length);
          expect(data.timeline.identity?.size ?? null).toBe(follow && records.size > 1 ? records.size : null);
        }
      });
    }
  }
});

describe('match relationships are not links (regression)', () => {
  it('a viewer of every jurisdiction does not walk SAME_AS or POSSIBLY_SAME_AS unless asked to', async () => {
    // Before, paths and neighbourhood walked every relationship type for a viewer of all (match
    // relationships included, candidates too), while a restricted viewer walked none of them.
    const paths = await as(
      ALL,
      `query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 6) { length } }`,
      {
        from: IDS.gbPolice,
        to: IDS.orgA,
      },
    );
    expect(paths.data.paths).toEqual([]);
    const around = await as(
      ALL,
      `query($id: ID!) { neighbourhood(id: $id) { nodes { entity { entityId } } edges { type } } }`,
      { id: IDS.gbNamesake },
    );
    expect(
      around.data.neighbourhood.nodes.map((n: { entity: { entityId: string } }) => n.entity.entityId),
    ).toEqual([IDS.gbNamesake]);
    expect(around.data.neighbourhood.edges).toEqual([]);
  });
});
