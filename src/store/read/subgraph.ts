/**
 * Subgraphs for the viewer and the exports (src/export): a detected network, or the neighbourhood of
 * an entity, as one GraphExport with the provenance of every entity (the extracts that mention it,
 * with hash and first row) and of every relationship (extract and row). The viewer draws exactly
 * this, and every file format is rendered from it, so an export is what was on screen.
 *
 * A network is its members (persons, organisations, and accounts or phones nobody is known to hold),
 * what they hold or are registered at one hop away (accounts, phones, addresses, documents, claims,
 * journeys…, at most `assetsPerMember` each) and the evidence of its indicator matches; the edges
 * are every model relationship among those nodes. Relationship ids are the analysis keys (the event
 * key of a payment or call, `from|TYPE|to` for structural links), so indicator evidence names them.
 * Need-to-know: only what the scope may see, like every other repository.
 */
import type {
  EdgeProvenance,
  ExportEdge,
  ExportNode,
  GraphExport,
  NodeProvenance,
} from '../../export/types.ts';
import { labelOfId } from '../../model/ids.ts';
import { type RelationshipType, relationshipSpec, relationshipTypes } from '../../model/relationships.ts';
import { int, type Plain } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { executeRead, type Row, readTx } from '../run.ts';
import { networkVisible } from './analysis.ts';
import { type EntityRecord, groupByLabel, loadEntities, loadSources, type Props } from './entities.ts';
import { loadExtracts } from './extracts.ts';
import { type IdentityComponent, identitiesOf } from './identities.ts';
import { neighbourhood } from './neighbourhood.ts';
import { networkJurisdictions } from './network-jurisdictions.ts';
import { FACT_SUFFIX } from './projection.ts';
import { coveredBy, scopeParameter } from './record-scope.ts';
import type { ReadScope } from './scope.ts';

export const SUBGRAPH_DEFAULTS = {
  /** Links followed from each member to what it holds (accounts, phones, addresses…). */
  assetsPerMember: 50,
  /** Most nodes in one subgraph: past this the view stops being readable and slows down. */
  maxNodes: 5_000,
  /** Most relationships in one subgraph. */
  maxEdges: 30_000,
};

/** Candidate and rejected identity links are decisions to take, not facts: not drawn, not exported. */
const EXCLUDED: readonly RelationshipType[] = ['POSSIBLY_SAME_AS', 'NOT_SAME_AS'];
/** The model's types in force (an extension may declare more), for each call. */
const modelTypes = () => relationshipTypes().filter((t) => !EXCLUDED.includes(t));
const eventTypes = () => relationshipTypes().filter((t) => relationshipSpec(t).event);

const MEMBERS = `
MATCH (n:Network {id: $id})
OPTIONAL MATCH (n)-[h:HAS_MEMBER]->(m)
WITH n, collect({id: m.id, role: h.role, centrality: h.centrality, recordedRoles: h.recordedRoles,
  controlScore: h.controlScore}) AS members
OPTIONAL MATCH (n)-[:MATCHED]->(i:IndicatorMatch)
RETURN n.id AS id, n.rank AS rank, n.risk AS risk, n.linkedJson AS linked, members,
  collect(i.nodes) AS evidence`;

const ASSETS = `
UNWIND $ids AS id
MATCH (m:__LABEL__ {id: id})
CALL (m) {
  MATCH (m)-[r]-(o)
  WHERE type(r) IN $types AND NOT o.id IN $ids AND REL_VISIBLE(r) AND VISIBLE(o)
  RETURN o ORDER BY o.id LIMIT $limit
}
RETURN DISTINCT o.id AS id`;

// A SAME_AS is read by the match rule (resolution-contract.ts): its jurisdictions covered, both
// records visible (they are in $all); it has no recording extract.
const EDGES = `
MATCH (a:__LABEL__) WHERE a.id IN $from
MATCH (a)-[r]->(b)
WHERE type(r) IN $types AND b.id IN $all
  AND CASE WHEN type(r) = 'SAME_AS' THEN ${coveredBy('r', 'matchScope')} ELSE REL_VISIBLE(r) END
RETURN a.id AS from, b.id AS to, type(r) AS type,
  CASE WHEN type(r) = 'SAME_AS' THEN properties(r) ELSE REL_PROPS(r) END AS props,
  coalesce(r.key, CASE WHEN type(r) IN $eventTypes THEN elementId(r) ELSE a.id + '|' + type(r) + '|' + b.id + ${FACT_SUFFIX} END) AS id
ORDER BY id LIMIT $limit`;

/** What to show as an entity's name: its name, else its identifier. */
export function displayName(entity: EntityRecord): string {
  const p = entity.props;
  for (const key of [
    'name',
    'number',
    'iban',
    'address',
    'line',
    'title',
    'bookingRef',
    'scheme',
    'plate',
    'vin',
    'imei',
    'reference',
    'type',
    'description',
  ]) {
    const value = p[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return entity.id;
}

/** Properties worth showing and exporting: not the id (it is the node's), not the search text. */
function visibleProps(props: Props): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key === 'id' || key === 'search' || key === 'nameKey' || value === null) continue;
    out[key] = value;
  }
  return out;
}

const PROVENANCE_KEYS = new Set(['extract', 'row', 'key', 'extracts', 'extractRows']);

/** The relationship's own properties, without the provenance and key moved to their own fields. */
function edgeProps(props: Props): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const [key, value] of Object.entries(props)) {
    if (PROVENANCE_KEYS.has(key) || value === null) continue;
    out[key] = value;
  }
  return out;
}

/**
 * A person's or organisation's identity as the viewer may know it (read/identities.ts): its id and
 * every record of it, so each format carries them (CSV columns, GraphML/GEXF and i2 attributes,
 * FtM `referents`). Nothing for a record alone.
 */
function identityProps(identity: IdentityComponent | undefined): Record<string, Plain> {
  if (!identity) return {};
  return {
    identity: identity.id,
    identityRecords: identity.recordIds,
    ...(identity.truncated ? { identityTruncated: true } : {}),
  };
}

async function nodesWithSources(
  ids: readonly string[],
  scope: ReadScope,
  extra: Map<string, Record<string, Plain>> = new Map(),
): Promise<ExportNode[]> {
  const [entities, sources, identities] = await Promise.all([
    loadEntities(ids, scope),
    loadSources(ids, scope),
    identitiesOf(
      ids.filter((id) => {
        const label = labelOfId(id);
        return label === 'Person' || label === 'Organisation';
      }),
      scope,
    ),
  ]);
  const nodes: ExportNode[] = [];
  for (const id of ids) {
    const entity = entities.get(id);
    if (!entity) continue;
    const provenance: NodeProvenance[] = (sources.get(id) ?? []).map((s) => ({
      extractId: s.extractId,
      extractName: s.name,
      source: s.source,
      jurisdiction: s.jurisdiction,
      sha256: s.sha256,
      firstRow: s.firstRow,
      rows: s.rows,
    }));
    nodes.push({
      id,
      label: entity.label,
      name: displayName(entity),
      props: {
        ...visibleProps(entity.props),
        ...identityProps(identities.get(id)),
        ...(extra.get(id) ?? {}),
      },
      provenance,
    });
  }
  return nodes;
}

/** Every model relationship among `ids` (both ends in the set), with its provenance. */
export async function edgesAmong(
  ids: readonly string[],
  scope: ReadScope,
  limit = SUBGRAPH_DEFAULTS.maxEdges,
): Promise<ExportEdge[]> {
  const all = [...new Set(ids)];
  const rows = await readTx(async (tx) => {
    const out: Row[] = [];
    for (const [label, from] of groupByLabel(all)) {
      const types = modelTypes().filter((t) =>
        (relationshipSpec(t).from as readonly string[]).includes(label),
      );
      if (types.length === 0) continue;
      out.push(
        ...(await tx.run(cypher(EDGES, { label }), {
          from,
          all,
          types,
          eventTypes: eventTypes(),
          scope,
          matchScope: scopeParameter(scope),
          limit: int(limit),
        })),
      );
    }
    return out;
  });
  const extractIds = [
    ...new Set(rows.map((r) => (r.props as Props).extract).filter((e) => typeof e === 'string')),
  ];
  const extracts = await loadExtracts(extractIds as string[]);
  const edges = new Map<string, ExportEdge>();
  for (const row of rows.slice(0, limit)) {
    const props = row.props as Props;
    const extractId = typeof props.extract === 'string' ? props.extract : null;
    let provenance: EdgeProvenance | null = null;
    if (extractId !== null) {
      const extract = extracts.get(extractId)?.props;
      provenance = { extractId, row: typeof props.row === 'number' ? props.row : null };
      if (extract) {
        provenance.extractName = String(extract.name ?? extractId);
        provenance.source = String(extract.source ?? '');
        provenance.sha256 = String(extract.sha256 ?? '');
      }
    }
    const id = String(row.id);
    edges.set(id, {
      id,
      type: String(row.type),
      from: String(row.from),
      to: String(row.to),
      props: edgeProps(props),
      provenance,
    });
  }
  return [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface NetworkSubgraphOptions {
  scope: ReadScope;
  assetsPerMember?: number;
  maxNodes?: number;
}

/** A detected network as a GraphExport, or null when there is no such network. */
export async function networkSubgraph(
  id: string,
  options: NetworkSubgraphOptions,
): Promise<GraphExport | null> {
  const assetsPerMember = options.assetsPerMember ?? SUBGRAPH_DEFAULTS.assetsPerMember;
  const maxNodes = options.maxNodes ?? SUBGRAPH_DEFAULTS.maxNodes;
  // A network of a run the viewer may not see is answered as a missing one, whoever the caller.
  if (!(await networkVisible(id, options.scope))) return null;
  const [row] = await executeRead(MEMBERS, { id });
  if (!row) return null;
  const membership = new Map<string, Record<string, Plain>>();
  for (const m of row.members as Array<Record<string, Plain>>) {
    if (typeof m.id !== 'string') continue;
    membership.set(m.id, {
      networkRole: m.role ?? 'member',
      centrality: typeof m.centrality === 'number' ? m.centrality : 0,
      ...(Array.isArray(m.recordedRoles) && m.recordedRoles.length > 0
        ? { recordedRoles: m.recordedRoles }
        : {}),
      ...(typeof m.controlScore === 'number' && m.controlScore > 0 ? { controlScore: m.controlScore } : {}),
    });
  }
  const members = [...membership.keys()];
  // Nodes shared with linked networks (a recruiter, a payer): marked, and exported even when they are
  // members of the other network only; `sharedWith` names the networks as "#rank id".
  const linked = JSON.parse(typeof row.linked === 'string' ? row.linked : '[]') as Array<{
    network: string;
    rank: number;
    shared: Array<{ node: string }>;
  }>;
  for (const link of linked) {
    for (const { node } of link.shared) {
      const props = membership.get(node) ?? { networkRole: 'shared' };
      const list = Array.isArray(props.sharedWith) ? (props.sharedWith as string[]) : [];
      list.push(`#${link.rank} ${link.network}`);
      membership.set(node, { ...props, sharedWith: list });
    }
  }
  const sharedOnly = [...membership.keys()].filter((node) => !members.includes(node));
  const evidence = (row.evidence as Plain[]).flatMap((list) => (Array.isArray(list) ? list.map(String) : []));
  const ids = new Set([...members, ...sharedOnly, ...evidence]);
  const assets = await readTx(async (tx) => {
    const found: string[] = [];
    for (const [label, labelIds] of groupByLabel(members)) {
      const rows = await tx.run(cypher(ASSETS, { label }), {
        ids: labelIds,
        // An identity's other records are not its assets (they are exported as its identity).
        types: modelTypes().filter((t) => t !== 'SAME_AS'),
        limit: int(assetsPerMember),
        scope: options.scope,
      });
      for (const r of rows) found.push(String(r.id));
    }
    return found;
  });
  for (const asset of assets) {
    if (ids.size >= maxNodes) break;
    ids.add(asset);
  }
  const nodes = await nodesWithSources([...ids].slice(0, maxNodes), options.scope, membership);
  const edges = await edgesAmong(
    nodes.map((n) => n.id),
    options.scope,
  );
  return {
    title: `network ${id}`,
    generatedAt: new Date().toISOString(),
    subject: { kind: 'network', id },
    jurisdictions: await networkJurisdictions(id, options.scope),
    nodes,
    edges,
  };
}

export interface NeighbourhoodSubgraphOptions {
  scope: ReadScope;
  depth?: number;
  limitPerNode?: number;
  since?: string | null;
  until?: string | null;
  /** Follow identities (read/neighbourhood.ts): the records of one identity act as one. */
  identities?: boolean;
}

/**
 * The neighbourhood of an entity (store/read/neighbourhood.ts: a page of links per node and hop, the
 * rest counted in `truncated`), with every relationship among the nodes found and their provenance.
 * Null when the entity does not exist or is not visible.
 */
export async function neighbourhoodSubgraph(
  id: string,
  options: NeighbourhoodSubgraphOptions,
): Promise<GraphExport | null> {
  const depth = options.depth ?? 1;
  const result = await neighbourhood({
    id,
    depth,
    types: modelTypes(),
    since: options.since ?? null,
    until: options.until ?? null,
    limitPerNode: options.limitPerNode ?? 50,
    scope: options.scope,
    identities: options.identities === true,
  });
  if (!result.centre) return null;
  const ids = result.nodes.map((n) => n.entity.id);
  const depthOf = new Map<string, Record<string, Plain>>(
    result.nodes.map((n) => [n.entity.id, { depth: n.depth }]),
  );
  const nodes = await nodesWithSources(ids, options.scope, depthOf);
  return {
    title: `neighbourhood of ${id}`,
    generatedAt: new Date().toISOString(),
    subject: { kind: 'neighbourhood', id, depth },
    nodes,
    edges: await edgesAmong(ids, options.scope),
    truncated: result.truncated,
  };
}

/**
 * Hand-picked entities (a case package of chosen entities) with every relationship among them and
 * the provenance of each, as the scope may see them: ids it may not see (or that name nothing) are
 * simply absent, exactly as missing ones.
 */
export async function entitiesSubgraph(
  ids: readonly string[],
  options: { scope: ReadScope },
): Promise<GraphExport> {
  const chosen = [...new Set(ids)].slice(0, SUBGRAPH_DEFAULTS.maxNodes);
  const nodes = await nodesWithSources(chosen, options.scope);
  return {
    title: `${nodes.length} entities`,
    generatedAt: new Date().toISOString(),
    nodes,
    edges: await edgesAmong(
      nodes.map((n) => n.id),
      options.scope,
    ),
  };
}
