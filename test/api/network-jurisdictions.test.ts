/**
 * Network.jurisdictions (issue 18 item 1) against the real Neo4j: the tiny fixture split over GB and
 * IE (they share accounts and phones), runs of GB and of everything started through the API, and
 * every network's jurisdictions compared with an independent aggregation of the raw MENTIONS and
 * PAID records, for viewers of GB, of GB and IE, and of everything. A GB viewer never learns that
 * IE holds anything; a GB+IE viewer of a GB run sees the IE extracts recording its members.
 */
import { describe, expect, it } from 'vitest';
import { executeRead } from '../../src/store/run.ts';
import { analyst, jwtClient, twoJurisdictionRuns } from '../support/two-jurisdictions.ts';

const GB = analyst('gb-analyst', ['GB']);
const GB_IE = analyst('gb-ie-analyst', ['GB', 'IE']);
const ALL = analyst('all-analyst', ['*']);

const client = jwtClient('network-jurisdictions-secret-network-jurisdictions');
const { as, get } = client;
const runs = twoJurisdictionRuns('network-jurisdictions', client);

const NETWORKS = `query($runId: String) { networks(runId: $runId, first: 200) { edges { node {
  id members { entityId }
  jurisdictions { jurisdiction extractIds members rows money { currency payments transfers total } }
} } } }`;

interface Jurisdiction {
  jurisdiction: string;
  extractIds: string[];
  members: number;
  rows: number;
  money: { currency: string | null; payments: number; transfers: number; total: number }[];
}

/** The same answer from the raw records, aggregated here (not by the store's query). */
async function independently(members: string[], jurisdictions: string[] | null): Promise<Jurisdiction[]> {
  const seen = (j: string) => jurisdictions === null || jurisdictions.includes(j);
  const byCode = new Map<string, Jurisdiction & { memberSet: Set<string> }>();
  const entry = (j: string) => {
    let found = byCode.get(j);
    if (!found) {
      found = { jurisdiction: j, extractIds: [], members: 0, rows: 0, money: [], memberSet: new Set() };
      byCode.set(j, found);
    }
    return found;
  };
  const mentions = await executeRead(
    `MATCH (x:Extract)-[me:MENTIONS]->(m) WHERE m.id IN $members
     RETURN x.id AS extract, x.jurisdiction AS j, m.id AS member, me.rows AS rows`,
    { members },
  );
  for (const row of mentions) {
    const j = String(row.j ?? '');
    if (!seen(j)) continue;
    const e = entry(j);
    if (!e.extractIds.includes(String(row.extract))) e.extractIds.push(String(row.extract));
    e.memberSet.add(String(row.member));
    e.rows += Number(row.rows ?? 1);
  }
  const extractJurisdiction = new Map(
    (await executeRead('MATCH (x:Extract) RETURN x.id AS id, x.jurisdiction AS j')).map((r) => [
      String(r.id),
      String(r.j ?? ''),
    ]),
  );
  const payments = await executeRead(
    `MATCH (a:Account)-[r:PAID]-(:Account) WHERE a.id IN $members
     RETURN DISTINCT elementId(r) AS id, coalesce(r.extracts, [r.extract]) AS extracts, r.amount AS amount,
       r.currency AS currency, r.count AS count`,
    { members },
  );
  const money = new Map<
    string,
    { currency: string | null; payments: number; transfers: number; total: number }
  >();
  for (const p of payments) {
    const codes = new Set((p.extracts as string[]).map((x) => extractJurisdiction.get(x) ?? '').filter(seen));
    for (const j of codes) {
      const currency = p.currency == null ? null : String(p.currency);
      const key = `${j}\u0000${currency}`;
      const m = money.get(key) ?? { currency, payments: 0, transfers: 0, total: 0 };
      const count = Number(p.count);
      m.payments += 1;
      m.transfers += Number.isInteger(count) && count >= 1 ? count : 1;
      m.total += Number(p.amount ?? 0);
      money.set(key, m);
      entry(j);
    }
  }
  for (const [key, m] of money) byCode.get(key.split('\u0000')[0] as string)?.money.push(m);
  return [...byCode.values()]
    .map(({ memberSet, ...rest }) => ({
      ...rest,
      members: memberSet.size,
      extractIds: rest.extractIds.sort(),
      money: rest.money.sort((a, b) => String(a.currency).localeCompare(String(b.currency))),
    }))
    .sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction));
}

const rounded = (list: Jurisdiction[]) =>
  list.map((j) => ({
    ...j,
    money: j.money
      .map((m) => ({ ...m, total: Math.round(m.total * 100) / 100 }))
      .sort((a, b) => String(a.currency).localeCompare(String(b.currency))),
  }));

/** An export's jurisdiction (`extracts`) in the API's shape (`extractIds`). */
const asApi = (j: any): Jurisdiction => {
  const { extracts, ...rest } = j;
  return { ...rest, extractIds: extracts, money: j.money };
};

describe('Network.jurisdictions', () => {
  it('lists, for a run over everything, both jurisdictions with what their extracts record', async () => {
    const networks = (await as(ALL, NETWORKS, { runId: runs.all })).networks.edges.map((e: any) => e.node);
    expect(networks.length).toBeGreaterThan(0);
    let crossBorder = 0;
    for (const network of networks) {
      const members = network.members.map((m: any) => m.entityId as string);
      expect(rounded(network.jurisdictions), network.id).toEqual(rounded(await independently(members, null)));
      if (network.jurisdictions.length > 1) crossBorder += 1;
    }
    // The fixture's shared accounts put some networks' evidence in both jurisdictions.
    expect(crossBorder).toBeGreaterThan(0);
  });

  it('shows a GB viewer of a GB run only GB, and a GB+IE viewer of it the IE extracts too', async () => {
    const gbView = (await as(GB, NETWORKS, { runId: runs.gb })).networks.edges.map((e: any) => e.node);
    const bothView = (await as(GB_IE, NETWORKS, { runId: runs.gb })).networks.edges.map((e: any) => e.node);
    expect(gbView.length).toBeGreaterThan(0);
    let ieSeen = 0;
    for (const [i, network] of gbView.entries()) {
      const members = network.members.map((m: any) => m.entityId as string);
      expect(network.jurisdictions.map((j: Jurisdiction) => j.jurisdiction)).toEqual(['GB']);
      expect(rounded(network.jurisdictions)).toEqual(rounded(await independently(members, ['GB'])));
      const both = bothView[i];
      expect(both.id).toBe(network.id);
      expect(rounded(both.jurisdictions)).toEqual(rounded(await independently(members, ['GB', 'IE'])));
      if (both.jurisdictions.some((j: Jurisdiction) => j.jurisdiction === 'IE')) ieSeen += 1;
    }
    expect(ieSeen).toBeGreaterThan(0);
    // Nothing in the GB viewer's answer names an IE extract.
    const ieExtracts = (await executeRead("MATCH (x:Extract {jurisdiction: 'IE'}) RETURN x.id AS id")).map(
      (r) => String(r.id),
    );
    const text = JSON.stringify(gbView);
    for (const id of ieExtracts) expect(text).not.toContain(id);
    // Nor does the network's export: its jurisdictions are the API's, per viewer.
    for (const [i, network] of gbView.entries()) {
      const path = `/export/network/${encodeURIComponent(`${network.id}.json`)}`;
      const gbExport = (await (await get(GB, path)).json()) as { jurisdictions: Jurisdiction[] };
      expect(rounded(gbExport.jurisdictions.map(asApi))).toEqual(rounded(network.jurisdictions));
      for (const id of ieExtracts) expect(JSON.stringify(gbExport)).not.toContain(id);
      const bothExport = (await (await get(GB_IE, path)).json()) as { jurisdictions: Jurisdiction[] };
      expect(rounded(bothExport.jurisdictions.map(asApi))).toEqual(rounded(bothView[i].jurisdictions));
    }
  });
});
