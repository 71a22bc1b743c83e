/**
 * Ground truth of a generated world (ground-truth.json) against a stored detection run. A truth
 * person is found in the graph through their strong identifiers: the accounts of their IBANs and
 * the phones of their numbers, and the persons holding or owning them (persons themselves are
 * extract-scoped, so one truth person can be several graph persons).
 */
import { executeRead } from '../../src/store/run.ts';

export interface TruthMember {
  personId: string;
  role: string;
  victim: boolean;
  identifiers: { phones: string[]; ibans: string[] };
  records: Array<{ mapping: string; localId: string }>;
}

export interface TruthGroup {
  id: string;
  categories?: string[];
  /** For a money-mule chain: the trafficking network it launders for. */
  linkedTo?: string[];
  members: TruthMember[];
}

export interface GroundTruth {
  networks: TruthGroup[];
  hardNegatives: TruthGroup[];
}

export interface StoredNetwork {
  id: string;
  rank: number;
  risk: number;
  linksCategories: boolean;
  categories: string[];
  offenders: string[];
  members: string[];
}

export async function storedNetworks(runId: string): Promise<StoredNetwork[]> {
  const rows = await executeRead(
    `MATCH (:AnalysisRun {id: $runId})-[:FOUND]->(n:Network)-[:HAS_MEMBER]->(e)
     RETURN n.id AS id, n.rank AS rank, n.risk AS risk, n.linksCategories AS linksCategories,
            n.categories AS categories, n.offenders AS offenders, collect(e.id) AS members
     ORDER BY rank`,
    { runId },
  );
  return rows.map((row) => ({
    id: String(row.id),
    rank: Number(row.rank),
    risk: Number(row.risk),
    linksCategories: Boolean(row.linksCategories),
    categories: row.categories as string[],
    offenders: row.offenders as string[],
    members: row.members as string[],
  }));
}

/** Graph node ids standing for each truth person: their accounts and phones and who holds them. */
export async function graphNodesOf(members: readonly TruthMember[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const member of members) {
    const ids = [
      ...member.identifiers.ibans.map((iban) => `account:${iban}`),
      ...member.identifiers.phones.map((phone) => `phone:${phone}`),
    ];
    const rows = await executeRead(
      `MATCH (x) WHERE x.id IN $ids
       OPTIONAL MATCH (p)-[:HOLDS|HAS_PHONE]->(x) WHERE p:Person OR p:Organisation
       RETURN x.id AS identifier, collect(DISTINCT p.id) AS holders`,
      { ids },
    );
    const records = member.records.map((record) => record.localId.split('/')[0]!.toLowerCase());
    const nodes = new Set<string>();
    for (const row of rows) {
      const holders = row.holders as string[];
      if (holders.length === 0 && String(row.identifier).startsWith('account:'))
        nodes.add(String(row.identifier));
      for (const holder of holders) {
        if (records.some((record) => holder.toLowerCase().includes(record))) nodes.add(holder);
      }
    }
    result.set(member.personId, [...nodes].sort());
  }
  return result;
}

export interface GroupPlacement {
  id: string;
  /** Truth members with at least one graph node in a detected network. */
  found: number;
  /** The detected network holding most of them, and how many it holds. */
  network?: StoredNetwork;
  inNetwork: number;
}

/** Where a truth group landed: the detected network holding most of its members. */
export function place(
  group: TruthGroup,
  nodesOf: ReadonlyMap<string, string[]>,
  networks: readonly StoredNetwork[],
): GroupPlacement {
  const networkOfNode = new Map<string, StoredNetwork>();
  for (const network of networks) for (const node of network.members) networkOfNode.set(node, network);
  const votes = new Map<StoredNetwork, number>();
  let found = 0;
  for (const member of group.members) {
    const inNetworks = new Set(
      (nodesOf.get(member.personId) ?? [])
        .map((node) => networkOfNode.get(node))
        .filter((n) => n !== undefined),
    );
    if (inNetworks.size === 0) continue;
    found++;
    for (const network of inNetworks) votes.set(network, (votes.get(network) ?? 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1] || a[0].rank - b[0].rank)[0];
  return best
    ? { id: group.id, found, network: best[0], inNetwork: best[1] }
    : { id: group.id, found, inNetwork: 0 };
}
