/**
 * Ground truth of a generated world (ground-truth.json) against a stored detection run. A truth
 * person is found in the graph through their strong identifiers: the accounts of their IBANs and
 * the phones of their numbers, and the persons holding or owning them (persons themselves are
 * extract-scoped, so one truth person can be several graph persons).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldText } from '../../src/model/fold.ts';
import { executeRead } from '../../src/store/run.ts';
import type { ScoredNetwork } from './detection-metrics.ts';

export interface TruthMember {
  personId: string;
  role: string;
  victim: boolean;
  identifiers: { phones: string[]; ibans: string[]; nino?: string };
  records: Array<{ mapping: string; localId: string }>;
}

export interface TruthGroup {
  id: string;
  typology?: string;
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

/** A saved contact of a seized handset: `person:<source>|EXH-0005|<name as saved>`. */
const CONTACT = /^person:[^|]*\|EXH-\d+\|[^|]+$/;

/** Graph node ids standing for each truth person: their accounts and phones and who holds them. */
export async function graphNodesOf(
  members: readonly TruthMember[],
  options: { contacts?: boolean } = {},
): Promise<Map<string, string[]>> {
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
      // An account or phone nobody holds stands for its holder in detection (analyse/project.ts).
      if (holders.length === 0) nodes.add(String(row.identifier));
      const phone = String(row.identifier).startsWith('phone:');
      for (const holder of holders) {
        if (records.some((record) => holder.toLowerCase().includes(record))) nodes.add(holder);
        // A contact saved in a seized handset under this person's number is this person.
        else if (options.contacts && phone && CONTACT.test(holder)) nodes.add(holder);
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

/**
 * A stored run's networks as the metrics read them (bench/detection-metrics.ts): every member with
 * its label, identity, role and offender rank, the key actors and offenders in order, and the
 * indicators whose matches were attributed to the network.
 */
/**
 * `by: 'unit'` (the default) ranks each network at its unit's rank: the pieces of one unit (one
 * parent split for size and tied together by a control indicator, analyse/pipeline.ts rankUnits) are
 * listed together as one entry of the ranking, so the top k are the first k units and one operation
 * cut in five pieces does not take five of the k places. `by: 'piece'` ranks every piece on its own
 * (each piece a place in the list), as before units.
 */
export async function scoredNetworks(runId: string, by: 'unit' | 'piece' = 'unit'): Promise<ScoredNetwork[]> {
  const rows = await executeRead(
    `MATCH (:AnalysisRun {id: $runId})-[:FOUND]->(n:Network)
     CALL {
       WITH n
       MATCH (n)-[h:HAS_MEMBER]->(e)
       RETURN collect({node: e.id, label: CASE WHEN e:Organisation THEN 'Organisation'
                         WHEN e:Person THEN 'Person' ELSE head(labels(e)) END,
                       identity: h.identity, role: h.role, recordedRoles: h.recordedRoles,
                       offenderRank: h.offenderRank}) AS members
     }
     CALL {
       WITH n
       OPTIONAL MATCH (n)-[:MATCHED]->(m:IndicatorMatch)
       RETURN collect(m.indicator) AS indicators
     }
     RETURN n.id AS id, CASE WHEN $byUnit THEN coalesce(n.unitRank, n.rank) ELSE n.rank END AS rank,
            n.risk AS risk, n.keyActors AS keyActors, n.offenders AS offenders, members, indicators
     ORDER BY rank`,
    { runId, byUnit: by === 'unit' },
  );
  return rows.map((row) => {
    const indicators: Record<string, number> = {};
    for (const id of row.indicators as string[]) indicators[id] = (indicators[id] ?? 0) + 1;
    return {
      id: String(row.id),
      rank: Number(row.rank),
      risk: Number(row.risk),
      keyActors: (row.keyActors as string[] | null) ?? [],
      offenders: (row.offenders as string[] | null) ?? [],
      indicators,
      members: (row.members as Array<Record<string, unknown>>).map((m) => ({
        node: String(m.node),
        label: String(m.label),
        identity: m.identity == null ? null : String(m.identity),
        role: String(m.role ?? ''),
        recordedRoles: (m.recordedRoles as string[] | null) ?? [],
        offenderRank: m.offenderRank == null ? null : Number(m.offenderRank),
      })),
    };
  });
}

const tokens = (text: string) =>
  foldText(text)
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 1)
    .sort();

/**
 * Truth person of each Person node the identity truth names. Node ids are `person:<source>|<key>…`
 * with the source's key: a customer number (bank), a deposit and the tenant's name (tenancy), the
 * name and birth month (register)... A record is found by its local id as an id segment (narrowed by
 * its name when a deposit has several tenants), else by its name's tokens as a segment and its birth
 * year; a record found nowhere, or ambiguously, is left out (never guessed).
 */
export async function truthRecords(out: string): Promise<Map<string, string>> {
  const rows = await executeRead('MATCH (p:Person) RETURN p.id AS id');
  const bySegment = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  // A record whose local id has parts (`CT-024ZGR/1`: booking and passenger) is the node keyed by them.
  const byKey = new Map<string, string[]>();
  for (const row of rows) {
    const id = String(row.id);
    const segments = id.slice(id.indexOf(':') + 1).split('|');
    const key = segments.slice(1).join('/').toLowerCase();
    byKey.set(key, [...(byKey.get(key) ?? []), id]);
    for (const segment of segments.slice(1)) {
      const key = segment.toLowerCase();
      bySegment.set(key, [...(bySegment.get(key) ?? []), id]);
      const name = tokens(segment).join(' ');
      if (/\p{L}/u.test(name)) byName.set(name, [...(byName.get(name) ?? []), id]);
    }
  }
  const personOf = new Map<string, string>();
  const file = join(out, 'ground-truth-identities.jsonl');
  if (!existsSync(file)) return personOf;
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const entry = JSON.parse(line) as {
      personId: string;
      records: { mapping: string; localId: string; name: string; birthDate: string }[];
    };
    for (const record of entry.records) {
      const name = tokens(record.name);
      const year = /\d{4}/.exec(record.birthDate)?.[0];
      let found =
        (record.localId.includes('/') ? byKey.get(record.localId.toLowerCase()) : undefined) ??
        bySegment.get(record.localId.toLowerCase()) ??
        bySegment.get(record.localId.split('/')[0]!.toLowerCase()) ??
        [];
      if (found.length > 1) found = found.filter((id) => name.every((t) => tokens(id).includes(t)));
      // Namesakes of one birth year in two sources: the record is the one its own source keyed.
      const source = sourceOf(record.mapping);
      const own = (ids: string[]) =>
        ids.length > 1 && source ? ids.filter((id) => id.startsWith(`person:${source}|`)) : ids;
      found = own(found);
      if (found.length === 0) {
        found = own(
          (byName.get(name.join(' ')) ?? []).filter((id) => year === undefined || id.includes(`|${year}`)),
        );
      }
      if (found.length !== 1) continue;
      if (!personOf.has(found[0]!)) personOf.set(found[0]!, entry.personId);
    }
  }
  return personOf;
}

/**
 * Node -> truth person for every node the truth names: the holders and unheld accounts/phones of
 * each member's identifiers (graphNodesOf) and the Person records of the identity truth.
 */
export async function truthPersonOf(out: string, truth: GroundTruth): Promise<Map<string, string>> {
  const personOf = await truthRecords(out);
  const members = [...truth.networks, ...truth.hardNegatives].flatMap((g) => g.members);
  const nodesOf = await graphNodesOf(members, { contacts: true });
  for (const [person, nodes] of nodesOf)
    for (const node of nodes) if (!personOf.has(node)) personOf.set(node, person);
  // Benefit claimants are keyed by their national insurance number when they gave one.
  for (const m of members) {
    const nino = m.identifiers.nino?.replace(/\s+/g, '').toUpperCase();
    if (nino && !personOf.has(`person:nino|${nino}`)) personOf.set(`person:nino|${nino}`, m.personId);
  }
  return personOf;
}

const sources = new Map<string, string | undefined>();
/** The `source` a mapping writes into its Person keys (src/ingest/mappings/<mapping>.yaml). */
function sourceOf(mapping: string): string | undefined {
  if (!sources.has(mapping)) {
    const file = join('src/ingest/mappings', `${mapping}.yaml`);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    sources.set(mapping, /^source: (.+)$/m.exec(text)?.[1]?.trim());
  }
  return sources.get(mapping);
}
