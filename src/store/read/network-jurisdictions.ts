/**
 * Which jurisdictions hold a network's evidence: per jurisdiction, the extracts that record its
 * members, the rows that mention them, how many members they record, and the money they show
 * (payments touching a member account, per currency). For a prosecutor this answers "whom do we ask":
 * the partner authorities whose files a case package or a request for mutual assistance must cover.
 *
 * Need-to-know: only extracts the viewer may see are counted (a GB viewer of a GB run never learns
 * that IE holds records of its members); a viewer of GB and IE sees both, including IE extracts
 * loaded after the run, which is the point of asking. A payment counts once per visible jurisdiction
 * that recorded it, so totals of two jurisdictions may overlap; `payments` says how many.
 */
import { cypher } from '../cypher.ts';
import { executeRead } from '../run.ts';
import { TRANSFERS } from './period.ts';
import type { ReadScope } from './scope.ts';

export interface JurisdictionMoney {
  currency: string | null;
  payments: number;
  transfers: number;
  total: number;
}

export interface NetworkJurisdictionRecord {
  /** ISO 3166-1 alpha-2 code of the extracts' jurisdiction ('' when an extract names none). */
  jurisdiction: string;
  extracts: string[];
  members: number;
  /** Rows of these extracts that mention a member (a row naming two members counts twice). */
  rows: number;
  money: JurisdictionMoney[];
}

// One MENTIONS per (extract, member): its `rows` summed over them is the rows naming members.
const MEMBER_EVIDENCE = `
MATCH (net:Network {id: $id})-[:HAS_MEMBER]->(m)
MATCH (x:Extract)-[me:MENTIONS]->(m)
WHERE $scope.all OR x.id IN $scope.extracts
RETURN coalesce(x.jurisdiction, '') AS jurisdiction, collect(DISTINCT x.id) AS extracts,
       count(DISTINCT m) AS members, sum(coalesce(me.rows, 1)) AS rows
ORDER BY jurisdiction`;

const MEMBER_MONEY = `
MATCH (net:Network {id: $id})-[:HAS_MEMBER]->(a:Account)
MATCH (a)-[r:PAID]-(:Account)
WITH DISTINCT r
UNWIND [e IN coalesce(r.extracts, [r.extract]) WHERE $scope.all OR e IN $scope.extracts] AS extract
MATCH (x:Extract {id: extract})
WITH coalesce(x.jurisdiction, '') AS jurisdiction, r
WITH DISTINCT jurisdiction, r
RETURN jurisdiction, r.currency AS currency, count(r) AS payments, sum(${TRANSFERS}) AS transfers,
       sum(coalesce(r.amount, 0.0)) AS total
ORDER BY jurisdiction, currency`;

/** The jurisdictions holding a network's evidence, as the viewer may see them, by code. */
export async function networkJurisdictions(
  id: string,
  scope: ReadScope,
): Promise<NetworkJurisdictionRecord[]> {
  const params = { id, scope };
  const [evidence, money] = await Promise.all([
    executeRead(cypher(MEMBER_EVIDENCE), params, { metadata: { purpose: 'network-jurisdictions' } }),
    executeRead(cypher(MEMBER_MONEY), params, { metadata: { purpose: 'network-jurisdictions-money' } }),
  ]);
  const byCode = new Map<string, NetworkJurisdictionRecord>();
  for (const row of evidence) {
    const jurisdiction = String(row.jurisdiction);
    byCode.set(jurisdiction, {
      jurisdiction,
      extracts: (row.extracts as unknown[]).map(String).sort(),
      members: Number(row.members),
      rows: Number(row.rows),
      money: [],
    });
  }
  for (const row of money) {
    const jurisdiction = String(row.jurisdiction);
    const entry = byCode.get(jurisdiction) ?? { jurisdiction, extracts: [], members: 0, rows: 0, money: [] };
    entry.money.push({
      currency: row.currency == null ? null : String(row.currency),
      payments: Number(row.payments),
      transfers: Number(row.transfers),
      total: Number(row.total),
    });
    byCode.set(jurisdiction, entry);
  }
  return [...byCode.values()].sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction));
}
