/**
 * Reads stored detection runs: runs newest first, a run's networks ranked by risk with filters and
 * keyset cursors, one network with its members, edges, indicator matches and score explanation, and
 * the comparison with the previous run. JSON-string properties are parsed back here.
 *
 * Need-to-know: a run's scope is the jurisdictions it read (`jurisdictions` on the run, sorted, or
 * ['*'] for a run over everything). Every read here takes the viewer's ReadScope and returns a run —
 * and its networks, members, matches and changes — only when that scope covers the run's
 * (record-scope.ts): a GB viewer sees GB runs, a GB+IE viewer GB, IE and GB+IE runs, '*' all.
 * Hidden runs are answered exactly as missing ones.
 */
import {
  assertReadableContract,
  contractVersionOf,
  matchFromStored,
  type NetworkChanges,
  type NetworkMatch,
} from '../../model/analysis-contract.ts';
import type { Plain } from '../convert.ts';
import { executeRead } from '../run.ts';
import type { MemberFields, NetworkFields } from '../write-analysis.ts';
import { loadEntities } from './entities.ts';
import { recordedVictimsOfNetworks } from './possible-victims.ts';
import { coveredBy, recordJurisdictions, scopeParameter } from './record-scope.ts';
import { jsonField, nullable, type Page, type RunLifecycle, runLifecycle, runPage } from './run-record.ts';
import type { ReadScope } from './scope.ts';

/** The run `r` may be seen with `$scope`. */
const RUN_VISIBLE = coveredBy('r');

export interface RunRecord extends RunLifecycle {
  modularity: number | null;
  finalModularity: number | null;
  previousRunId: string | null;
  timings: Record<string, number> | null;
  counts: Record<string, number> | null;
  networks: number;
  /** The shape its results were stored in (model/analysis-contract.ts); 1 for runs before the field. */
  contractVersion: number;
}

/** A network sharing nodes with another (analyse/linked.ts), ids as stored. */
export interface LinkedNetworkRecord {
  network: string;
  rank: number;
  shared: Array<{
    node: string;
    label: string;
    memberOf?: string;
    kinds: string[];
    weight: number;
    infrastructure: boolean;
  }>;
}

export interface NetworkRecord extends NetworkFields {
  runId: string;
  summary: unknown;
  explanation: unknown;
  /** Empty for runs stored before networks were linked. */
  linkedNetworks: LinkedNetworkRecord[];
}

export interface MemberRecord extends MemberFields {
  id: string;
  name: string | null;
  /** Distinct members controlled per kind (analyse/control-rank.ts); empty for older runs. */
  control: Record<string, number>;
}

/** A match of one network, as the stored-result contract (model/) reads it back. */
export type MatchRecord = NetworkMatch;

export interface NetworkDetail extends NetworkRecord {
  members: MemberRecord[];
  edges: unknown[];
  bridges: unknown[];
  matches: MatchRecord[];
}

export type { Page } from './run-record.ts';

export interface NetworkFilter {
  /** Networks with evidence in any of these categories. */
  categories?: readonly string[];
  /** Only networks linking >= 2 categories. */
  linksCategories?: boolean;
  minSize?: number;
  first?: number;
  after?: string | null;
}

const parse = jsonField('store/read/analysis', 'a stored analysis result', 'run the detection again');

function strings(value: Plain | undefined): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function toRun(props: Record<string, Plain>, networks: number): RunRecord {
  return {
    ...runLifecycle(props, parse),
    modularity: nullable<number>(props.modularity),
    finalModularity: nullable<number>(props.finalModularity),
    previousRunId: nullable<string>(props.previousRunId),
    timings: parse(props.timingsJson, 'timingsJson') as Record<string, number> | null,
    counts: parse(props.countsJson, 'countsJson') as Record<string, number> | null,
    networks,
    contractVersion: contractVersionOf(props.contractVersion),
  };
}

function toNetwork(props: Record<string, Plain>): NetworkRecord {
  return {
    id: String(props.id),
    stableId: String(props.stableId),
    runId: String(props.runId),
    key: String(props.key),
    parent: nullable<string>(props.parent),
    level: Number(props.level ?? 0),
    size: Number(props.size),
    risk: Number(props.risk),
    rank: Number(props.rank),
    // Runs stored before units: every network was its own unit.
    unit: nullable<string>(props.unit) ?? String(props.key),
    unitRank: nullable<number>(props.unitRank) ?? Number(props.rank),
    unitRisk: nullable<number>(props.unitRisk) ?? Number(props.risk),
    categories: strings(props.categories),
    linksCategories: Boolean(props.linksCategories),
    keyActors: strings(props.keyActors),
    offenders: strings(props.offenders),
    victims: strings(props.victims),
    possiblyExploited: strings(props.possiblyExploited),
    previousJaccard: nullable<number>(props.previousJaccard),
    summary: parse(props.summaryJson, 'summaryJson'),
    explanation: parse(props.explanationJson, 'explanationJson'),
    linkedNetworks: (parse(props.linkedJson, 'linkedJson') ?? []) as LinkedNetworkRecord[],
  };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decode<T>(cursor: string, what: string): T {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw new Error(
      `store/read/analysis: "${cursor}" is not a ${what} cursor; pass an endCursor this API returned`,
    );
  }
}

export async function listRuns(
  scope: ReadScope,
  options: { first?: number; after?: string | null } = {},
): Promise<Page<RunRecord>> {
  const first = options.first ?? 20;
  const after = options.after ? decode<[string, string]>(options.after, 'run') : null;
  const visible = scopeParameter(scope);
  const [rows, total] = await Promise.all([
    executeRead(
      `MATCH (r:AnalysisRun) WHERE ${RUN_VISIBLE}
         AND ($after IS NULL OR r.startedAt < $after[0] OR (r.startedAt = $after[0] AND r.id < $after[1]))
       WITH r ORDER BY r.startedAt DESC, r.id DESC LIMIT toInteger($limit)
       RETURN properties(r) AS run, count { (r)-[:FOUND]->() } AS networks`,
      { after, limit: first + 1, scope: visible },
    ),
    executeRead(`MATCH (r:AnalysisRun) WHERE ${RUN_VISIBLE} RETURN count(r) AS total`, { scope: visible }),
  ]);
  return runPage(rows, total, first, (row) => toRun(row.run as Record<string, Plain>, Number(row.networks)));
}

/** A run the scope may see (null when missing or hidden: the two are not told apart). */
export async function getRun(id: string, scope: ReadScope): Promise<RunRecord | null> {
  const rows = await executeRead(
    `MATCH (r:AnalysisRun {id: $id}) WHERE ${RUN_VISIBLE}
     RETURN properties(r) AS run, count { (r)-[:FOUND]->() } AS networks`,
    { id, scope: scopeParameter(scope) },
  );
  return rows[0] ? toRun(rows[0].run as Record<string, Plain>, Number(rows[0].networks)) : null;
}

/** The newest completed run the scope may see: the default run of the networks list. */
export async function latestCompletedRun(scope: ReadScope): Promise<RunRecord | null> {
  const rows = await executeRead(
    `MATCH (r:AnalysisRun {status: 'completed'}) WHERE ${RUN_VISIBLE}
     RETURN properties(r) AS run, count { (r)-[:FOUND]->() } AS networks
     ORDER BY r.finishedAt DESC, r.id DESC LIMIT 1`,
    { scope: scopeParameter(scope) },
  );
  return rows[0] ? toRun(rows[0].run as Record<string, Plain>, Number(rows[0].networks)) : null;
}

/**
 * The previous run of a new run: the newest completed run of exactly the same scope (other than
 * `except`, the new run itself). Stable ids, `previousRunId` and `changes` come from it, so a run
 * never carries anything of a run its own viewers may not see.
 */
export async function previousRunOfScope(
  jurisdictions: readonly string[],
  except: string,
): Promise<RunRecord | null> {
  const rows = await executeRead(
    `MATCH (r:AnalysisRun {status: 'completed'}) WHERE r.id <> $except AND r.jurisdictions = $jurisdictions
     RETURN properties(r) AS run, count { (r)-[:FOUND]->() } AS networks
     ORDER BY r.finishedAt DESC, r.id DESC LIMIT 1`,
    { except, jurisdictions: recordJurisdictions(jurisdictions) },
  );
  return rows[0] ? toRun(rows[0].run as Record<string, Plain>, Number(rows[0].networks)) : null;
}

/**
 * Stable ids and member ids of a run's networks (input to stability matching). Not a viewer's read:
 * the detection job calls it for the previous run of its own scope (`previousRunOfScope`).
 */
export async function networkMemberships(runId: string): Promise<Array<{ id: string; members: string[] }>> {
  const rows = await executeRead(
    `MATCH (:AnalysisRun {id: $runId})-[:FOUND]->(n:Network)
     OPTIONAL MATCH (n)-[:HAS_MEMBER]->(m)
     RETURN n.stableId AS id, collect(m.id) AS members ORDER BY id`,
    { runId },
  );
  return rows.map((row) => ({ id: String(row.id), members: strings(row.members) }));
}

/** A run's networks by risk; an empty page when the run is missing or hidden. */
export async function listNetworks(
  runId: string,
  scope: ReadScope,
  filter: NetworkFilter = {},
): Promise<Page<NetworkRecord>> {
  const first = filter.first ?? 20;
  if (!(Number.isInteger(first) && first >= 0 && first <= 500)) {
    throw new Error(`store/read/analysis: first must be an integer within 0..500, got ${first}`);
  }
  const after = filter.after ? decode<[number, number]>(filter.after, 'network') : null;
  const params = {
    runId,
    categories: filter.categories && filter.categories.length > 0 ? [...filter.categories] : null,
    links: filter.linksCategories ?? null,
    minSize: filter.minSize ?? 0,
    after,
    limit: first + 1,
    scope: scopeParameter(scope),
  };
  // The run is matched (and its scope checked) once, before its networks. Listed by rank: pieces of
  // one unit follow each other (analyse/pipeline rankUnits), so risk alone would split them. The
  // cursor keeps its [risk, rank] shape so cursors handed out before still decode.
  const match = `MATCH (r:AnalysisRun {id: $runId}) WHERE ${RUN_VISIBLE} MATCH (n:Network)`;
  const where = `n.runId = $runId AND n.size >= $minSize
      AND ($categories IS NULL OR any(c IN n.categories WHERE c IN $categories))
      AND ($links IS NULL OR n.linksCategories = $links)`;
  const [rows, total] = await Promise.all([
    executeRead(
      `${match} WHERE ${where}
         AND ($after IS NULL OR n.rank > $after[1])
       RETURN properties(n) AS network ORDER BY n.rank ASC LIMIT toInteger($limit)`,
      params,
    ),
    executeRead(`${match} WHERE ${where} RETURN count(n) AS total`, params),
  ]);
  const networks = rows.slice(0, first).map((row) => toNetwork(row.network as Record<string, Plain>));
  await dropRecordedVictims(networks, scope);
  const last = networks[networks.length - 1];
  return {
    nodes: networks,
    totalCount: Number(total[0]?.total ?? 0),
    endCursor: last ? encode([last.risk, last.rank]) : null,
    hasNextPage: rows.length > first,
  };
}

/** Members recorded as victims since the run are victims now (possible-victims.ts), never ranked. */
function markVictims(network: NetworkRecord, victims: ReadonlySet<string> | undefined): void {
  if (!victims || victims.size === 0) return;
  network.offenders = network.offenders.filter((id) => !victims.has(id));
  network.keyActors = network.keyActors.filter((id) => !victims.has(id));
  network.victims = [...new Set([...network.victims, ...victims])].sort();
}

async function dropRecordedVictims(networks: NetworkRecord[], scope: ReadScope): Promise<void> {
  const victims = await recordedVictimsOfNetworks(
    networks.map((n) => n.id),
    scope,
  );
  for (const network of networks) markVictims(network, victims.get(network.id));
}

/** The run `r` of the network `n` may be seen with `$scope`. */
const NETWORK_VISIBLE = `EXISTS { MATCH (r:AnalysisRun {id: n.runId}) WHERE ${RUN_VISIBLE} }`;

/** True when the network exists in a run the scope may see (what its exports check first). */
export async function networkVisible(id: string, scope: ReadScope): Promise<boolean> {
  const rows = await executeRead(`MATCH (n:Network {id: $id}) WHERE ${NETWORK_VISIBLE} RETURN n.id AS id`, {
    id,
    scope: scopeParameter(scope),
  });
  return rows.length > 0;
}

/**
 * One network with its members and matches, when its run may be seen. Members' names come through
 * the entity repository with the same scope, so a name only a hidden extract gave is never shown.
 */
export async function getNetwork(id: string, scope: ReadScope): Promise<NetworkDetail | null> {
  const rows = await executeRead(
    `MATCH (n:Network {id: $id}) WHERE ${NETWORK_VISIBLE}
     CALL (n) {
       OPTIONAL MATCH (n)-[h:HAS_MEMBER]->(m)
       RETURN collect(CASE WHEN m IS NULL THEN null ELSE {id: m.id, label: head(labels(m)),
         props: properties(h)} END) AS members
     }
     CALL (n) {
       OPTIONAL MATCH (n)-[x:MATCHED]->(i:IndicatorMatch)
       RETURN collect(CASE WHEN i IS NULL THEN null ELSE {match: properties(i), points: x.points, share: x.share} END) AS matches
     }
     OPTIONAL MATCH (run:AnalysisRun {id: n.runId})
     RETURN properties(n) AS network, members, matches, run.contractVersion AS contractVersion`,
    { id, scope: scopeParameter(scope) },
  );
  const row = rows[0];
  if (!row) return null;
  const props = row.network as Record<string, Plain>;
  const listed = row.members as Array<Record<string, Plain>>;
  const entities = await loadEntities(
    listed.map((m) => String(m.id)),
    scope,
  );
  const members = listed.map((m) => {
    const h = m.props as Record<string, Plain>;
    const name = entities.get(String(m.id))?.props.name;
    return {
      id: String(m.id),
      label: String(m.label),
      name: typeof name === 'string' ? name : null,
      role: String(h.role),
      recordedRoles: strings(h.recordedRoles),
      centrality: Number(h.centrality ?? 0),
      pagerank: Number(h.pagerank ?? 0),
      betweenness: Number(h.betweenness ?? 0),
      offenderScore: Number(h.offenderScore ?? 0),
      controlScore: Number(h.controlScore ?? 0),
      control: (parse(h.controlJson, 'controlJson') ?? {}) as Record<string, number>,
      offenderRank: nullable<number>(h.offenderRank),
      identity: nullable<string>(h.identity),
    };
  });
  // A person recorded as a victim since the run is a victim now: never shown as an offender or key
  // actor, whatever the run computed (the next run scores without them as well).
  const victims = (await recordedVictimsOfNetworks([id], scope)).get(id) ?? new Set<string>();
  for (const m of members) {
    if (!victims.has(m.id)) continue;
    m.recordedRoles = [...new Set([...m.recordedRoles, 'victim'])].sort();
    m.role = 'victim';
    m.offenderScore = 0;
    m.offenderRank = null;
  }
  members.sort((a, b) => b.centrality - a.centrality || (a.id < b.id ? -1 : 1));
  // The run's contract version says how its matches were stored; an unreadable one is refused by name.
  const version = contractVersionOf(row.contractVersion);
  assertReadableContract(String(props.runId), version);
  const matches = (row.matches as Array<Record<string, Plain>>).map((x) =>
    matchFromStored(x.match as Record<string, Plain>, { points: x.points, share: x.share }, version),
  );
  matches.sort((a, b) => b.points - a.points || (a.id < b.id ? -1 : 1));
  const network = toNetwork(props);
  markVictims(network, victims);
  return {
    ...network,
    members,
    edges: (parse(props.edgesJson, 'edgesJson') ?? []) as unknown[],
    bridges: (parse(props.bridgesJson, 'bridgesJson') ?? []) as unknown[],
    matches,
  };
}

export interface RunComparison {
  runId: string;
  previousRunId: string | null;
  changes: NetworkChanges | null;
}

/**
 * What changed since the previous completed run of the same scope (computed and stored when the run
 * completed), when the run may be seen.
 */
export async function compareWithPrevious(runId: string, scope: ReadScope): Promise<RunComparison | null> {
  const rows = await executeRead(
    `MATCH (r:AnalysisRun {id: $id}) WHERE ${RUN_VISIBLE}
     RETURN r.previousRunId AS previous, r.changesJson AS changes`,
    { id: runId, scope: scopeParameter(scope) },
  );
  const row = rows[0];
  if (!row) return null;
  return {
    runId,
    previousRunId: nullable<string>(row.previous),
    changes: parse(row.changes) as RunComparison['changes'],
  };
}
