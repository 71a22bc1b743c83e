/**
 * Reads stored detection runs: runs newest first, a run's networks ranked by risk with filters and
 * keyset cursors, one network with its members, edges, indicator matches and score explanation, and
 * the comparison with the previous run. JSON-string properties are parsed back here.
 */
import type { Plain } from '../convert.ts';
import { executeRead } from '../run.ts';
import type { MemberFields, NetworkFields } from '../write-analysis.ts';

export interface RunRecord {
  id: string;
  status: string;
  phase: string | null;
  progress: number | null;
  seed: number;
  params: unknown;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string | null;
  error: string | null;
  modularity: number | null;
  finalModularity: number | null;
  previousRunId: string | null;
  timings: Record<string, number> | null;
  counts: Record<string, number> | null;
  networks: number;
}

export interface NetworkRecord extends NetworkFields {
  runId: string;
  summary: unknown;
  explanation: unknown;
}

export interface MemberRecord extends MemberFields {
  id: string;
  name: string | null;
}

export interface MatchRecord {
  id: string;
  matchId: string;
  indicator: string;
  version: number;
  category: string;
  subject: string;
  nodes: string[];
  relationships: string[];
  actors: string[];
  beneficiaries: string[];
  exposed: string[];
  strength: number;
  facts: Record<string, unknown>;
  points: number;
  share: number;
}

export interface NetworkDetail extends NetworkRecord {
  members: MemberRecord[];
  edges: unknown[];
  bridges: unknown[];
  matches: MatchRecord[];
}

export interface Page<T> {
  nodes: T[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface NetworkFilter {
  /** Networks with evidence in any of these categories. */
  categories?: readonly string[];
  /** Only networks linking >= 2 categories. */
  linksCategories?: boolean;
  minSize?: number;
  first?: number;
  after?: string | null;
}

function parse(value: Plain | undefined): unknown {
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function strings(value: Plain | undefined): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function nullable<T extends Plain>(value: Plain | undefined): T | null {
  return value === undefined ? null : (value as T | null);
}

function toRun(props: Record<string, Plain>, networks: number): RunRecord {
  return {
    id: String(props.id),
    status: String(props.status),
    phase: nullable<string>(props.phase),
    progress: nullable<number>(props.progress),
    seed: Number(props.seed),
    params: parse(props.paramsJson),
    startedAt: String(props.startedAt),
    finishedAt: nullable<string>(props.finishedAt),
    heartbeatAt: nullable<string>(props.heartbeatAt),
    error: nullable<string>(props.error),
    modularity: nullable<number>(props.modularity),
    finalModularity: nullable<number>(props.finalModularity),
    previousRunId: nullable<string>(props.previousRunId),
    timings: parse(props.timingsJson) as Record<string, number> | null,
    counts: parse(props.countsJson) as Record<string, number> | null,
    networks,
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
    categories: strings(props.categories),
    linksCategories: Boolean(props.linksCategories),
    keyActors: strings(props.keyActors),
    offenders: strings(props.offenders),
    victims: strings(props.victims),
    possiblyExploited: strings(props.possiblyExploited),
    previousJaccard: nullable<number>(props.previousJaccard),
    summary: parse(props.summaryJson),
    explanation: parse(props.explanationJson),
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
  options: { first?: number; after?: string | null } = {},
): Promise<Page<RunRecord>> {
  const first = options.first ?? 20;
  const after = options.after ? decode<[string, string]>(options.after, 'run') : null;
  const [rows, total] = await Promise.all([
    executeRead(
      `MATCH (r:AnalysisRun)
       WHERE $after IS NULL OR r.startedAt < $after[0] OR (r.startedAt = $after[0] AND r.id < $after[1])
       WITH r ORDER BY r.startedAt DESC, r.id DESC LIMIT toInteger($limit)
       RETURN properties(r) AS run, count { (r)-[:FOUND]->() } AS networks`,
      { after, limit: first + 1 },
    ),
    executeRead('MATCH (r:AnalysisRun) RETURN count(r) AS total'),
  ]);
  const runs = rows
    .slice(0, first)
    .map((row) => toRun(row.run as Record<string, Plain>, Number(row.networks)));
  const last = runs[runs.length - 1];
  return {
    nodes: runs,
    totalCount: Number(total[0]?.total ?? 0),
    endCursor: last ? encode([last.startedAt, last.id]) : null,
    hasNextPage: rows.length > first,
  };
}

export async function getRun(id: string): Promise<RunRecord | null> {
  const rows = await executeRead(
    'MATCH (r:AnalysisRun {id: $id}) RETURN properties(r) AS run, count { (r)-[:FOUND]->() } AS networks',
    { id },
  );
  return rows[0] ? toRun(rows[0].run as Record<string, Plain>, Number(rows[0].networks)) : null;
}

/** The newest completed run (optionally other than `except`). */
export async function latestCompletedRun(except?: string): Promise<RunRecord | null> {
  const rows = await executeRead(
    `MATCH (r:AnalysisRun {status: 'completed'}) WHERE $except IS NULL OR r.id <> $except
     RETURN properties(r) AS run, count { (r)-[:FOUND]->() } AS networks
     ORDER BY r.finishedAt DESC, r.id DESC LIMIT 1`,
    { except: except ?? null },
  );
  return rows[0] ? toRun(rows[0].run as Record<string, Plain>, Number(rows[0].networks)) : null;
}

/** Stable ids and member ids of a run's networks (input to stability matching). */
export async function networkMemberships(runId: string): Promise<Array<{ id: string; members: string[] }>> {
  const rows = await executeRead(
    `MATCH (:AnalysisRun {id: $runId})-[:FOUND]->(n:Network)
     OPTIONAL MATCH (n)-[:HAS_MEMBER]->(m)
     RETURN n.stableId AS id, collect(m.id) AS members ORDER BY id`,
    { runId },
  );
  return rows.map((row) => ({ id: String(row.id), members: strings(row.members) }));
}

export async function listNetworks(runId: string, filter: NetworkFilter = {}): Promise<Page<NetworkRecord>> {
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
  };
  const where = `n.runId = $runId AND n.size >= $minSize
      AND ($categories IS NULL OR any(c IN n.categories WHERE c IN $categories))
      AND ($links IS NULL OR n.linksCategories = $links)`;
  const [rows, total] = await Promise.all([
    executeRead(
      `MATCH (n:Network) WHERE ${where}
         AND ($after IS NULL OR n.risk < $after[0] OR (n.risk = $after[0] AND n.rank > $after[1]))
       RETURN properties(n) AS network ORDER BY n.risk DESC, n.rank ASC LIMIT toInteger($limit)`,
      params,
    ),
    executeRead(`MATCH (n:Network) WHERE ${where} RETURN count(n) AS total`, params),
  ]);
  const networks = rows.slice(0, first).map((row) => toNetwork(row.network as Record<string, Plain>));
  const last = networks[networks.length - 1];
  return {
    nodes: networks,
    totalCount: Number(total[0]?.total ?? 0),
    endCursor: last ? encode([last.risk, last.rank]) : null,
    hasNextPage: rows.length > first,
  };
}

export async function getNetwork(id: string): Promise<NetworkDetail | null> {
  const rows = await executeRead(
    `MATCH (n:Network {id: $id})
     CALL (n) {
       OPTIONAL MATCH (n)-[h:HAS_MEMBER]->(m)
       RETURN collect(CASE WHEN m IS NULL THEN null ELSE {id: m.id, label: head(labels(m)), name: m.name,
         props: properties(h)} END) AS members
     }
     CALL (n) {
       OPTIONAL MATCH (n)-[x:MATCHED]->(i:IndicatorMatch)
       RETURN collect(CASE WHEN i IS NULL THEN null ELSE {match: properties(i), points: x.points, share: x.share} END) AS matches
     }
     RETURN properties(n) AS network, members, matches`,
    { id },
  );
  const row = rows[0];
  if (!row) return null;
  const props = row.network as Record<string, Plain>;
  const members = (row.members as Array<Record<string, Plain>>).map((m) => {
    const h = m.props as Record<string, Plain>;
    return {
      id: String(m.id),
      label: String(m.label),
      name: nullable<string>(m.name),
      role: String(h.role),
      recordedRoles: strings(h.recordedRoles),
      centrality: Number(h.centrality ?? 0),
      pagerank: Number(h.pagerank ?? 0),
      betweenness: Number(h.betweenness ?? 0),
      offenderScore: Number(h.offenderScore ?? 0),
      offenderRank: nullable<number>(h.offenderRank),
    };
  });
  members.sort((a, b) => b.centrality - a.centrality || (a.id < b.id ? -1 : 1));
  const matches = (row.matches as Array<Record<string, Plain>>).map((x) => {
    const m = x.match as Record<string, Plain>;
    return {
      id: String(m.id),
      matchId: String(m.matchId),
      indicator: String(m.indicator),
      version: Number(m.version),
      category: String(m.category),
      subject: String(m.subject),
      nodes: strings(m.nodes),
      relationships: strings(m.relationships),
      actors: strings(m.actors),
      beneficiaries: strings(m.beneficiaries),
      exposed: strings(m.exposed),
      strength: Number(m.strength ?? 1),
      facts: (parse(m.factsJson) ?? {}) as Record<string, unknown>,
      points: Number(x.points),
      share: Number(x.share),
    };
  });
  matches.sort((a, b) => b.points - a.points || (a.id < b.id ? -1 : 1));
  return {
    ...toNetwork(props),
    members,
    edges: (parse(props.edgesJson) ?? []) as unknown[],
    bridges: (parse(props.bridgesJson) ?? []) as unknown[],
    matches,
  };
}

export interface RunComparison {
  runId: string;
  previousRunId: string | null;
  changes: {
    new: string[];
    stable: string[];
    grown: string[];
    shrunk: string[];
    merged: Array<{ id: string; from: string[] }>;
    split: Array<{ from: string; into: string[] }>;
    dissolved: string[];
  } | null;
}

/** What changed since the previous completed run (computed and stored when the run completed). */
export async function compareWithPrevious(runId: string): Promise<RunComparison | null> {
  const rows = await executeRead(
    'MATCH (r:AnalysisRun {id: $id}) RETURN r.previousRunId AS previous, r.changesJson AS changes',
    { id: runId },
  );
  const row = rows[0];
  if (!row) return null;
  return {
    runId,
    previousRunId: nullable<string>(row.previous),
    changes: parse(row.changes) as RunComparison['changes'],
  };
}
