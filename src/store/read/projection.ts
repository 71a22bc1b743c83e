/**
 * Streams a subgraph out of Neo4j for analysis, page by page, never as one giant result:
 * nodes per label and relationships per start label, both by keyset pagination on the indexed `id`
 * (`WHERE n.id > $after ORDER BY n.id LIMIT $page`: no SKIP, so every page costs the same).
 * Relationships are read from their start node, all chosen types in one pass per start label.
 *
 * Filters: labels and types (from the model's allow-lists only), a time window on event
 * relationships (PAID, CASH, CALLED: an event whose period [at, until] overlaps the window; ISO
 * strings compare in time order; an undated event only when there is no window, as every read
 * does — read/period.ts), and extracts or jurisdictions (a relationship's `extract`; a node
 * mentioned by one of the extracts). Aggregated payments keep their `count` of transfers in their
 * properties, which the analysis counts (analyse/hgraph.ts transfersOf).
 * Relationship ids: the event `key` when there is one, else `from|TYPE|to` for structural
 * relationships (one per endpoint pair), else the element id.
 *
 * Match relationships (SAME_AS, POSSIBLY_SAME_AS, NOT_SAME_AS) are not facts recorded by an extract:
 * they are read in a pass of their own by the rule of model/resolution-contract.ts (read/match-links.ts:
 * both records visible, the match made for jurisdictions the run reads), keyed by their `key`.
 * SAME_AS always (one identity, analyse/identities.ts); proposals and rejections only when the run
 * lets proposals count (`identities.proposedMinScore`).
 */
import { assertNodeLabel, type EntityLabel, entityLabels, isEntityLabel } from '../../model/labels.ts';
import {
  assertRelationshipType,
  type RelationshipType,
  relationshipSpec,
  relationshipTypes,
} from '../../model/relationships.ts';
import { MATCH_TYPES, type MatchType } from '../../model/resolution-contract.ts';
import type { Plain } from '../convert.ts';
import { cypher, MINOR_KEY } from '../cypher.ts';
import { SUMMARY_TYPE } from '../flow-summary.ts';
import { executeRead } from '../run.ts';
import { readableExtracts } from './extracts.ts';
import { MINOR_PROPERTY, plainProps } from './facts.ts';
import { forEachReadableMatch } from './match-links.ts';
import { PERIOD_END } from './period.ts';
import { fullScopeNow, type ReadScope } from './scope.ts';

export const PROJECTION_DEFAULTS = {
  pageSize: 5_000,
  /** Matches are read by their own rule (read/match-links.ts), never as recorded facts. */
  excludedTypes: [...MATCH_TYPES] as RelationshipType[],
};

export interface ProjectionQuery {
  labels?: readonly string[];
  types?: readonly string[];
  /** Inclusive lower bound on `at` of events (ISO date or datetime). */
  since?: string;
  /** Exclusive upper bound on `at` of events. */
  until?: string;
  extracts?: readonly string[];
  /** ISO-2 jurisdictions of the extracts to include. */
  jurisdictions?: readonly string[];
  pageSize?: number;
  /**
   * Money as payments (default: every PAID, which indicators that time single payments need) or as
   * the summaries kept at load (store/flow-summary.ts): one aggregate PAID per payer, payee,
   * extract and currency — `amount` the sum of absolute amounts, `count` the transfers, `at`/`until`
   * the first and last dates — which is all the entity graph's money links read, for a fraction of
   * the relationships. Without a window only: a window reads the payments.
   */
  money?: 'payments' | 'summaries';
  /**
   * Identities: `jurisdictions` the run reads (its stored scope; default the query's), which every
   * match it reads must be made for; `proposedMinScore` also streams POSSIBLY_SAME_AS at or above it
   * and NOT_SAME_AS (a rejection blocks a proposal). `false`: the records as loaded, no matches.
   */
  identities?: { jurisdictions?: readonly string[]; proposedMinScore?: number | null } | false;
  /**
   * The properties to read (the analysis: analyse/attributes.ts), selected in Cypher: of every
   * relationship, and of every node in a full-scope run (a restricted run's node properties are
   * its extracts' facts, merged in read/facts.ts). The rest — provenance lists (`extracts`,
   * `extractRows`), row numbers, keys, search text — never crosses Bolt, where decoding it was most
   * of the projection's CPU on a big graph (issue 16). A summary's own fields are always read
   * (summaryAsPayment). Default: every property, as each viewer reads it.
   */
  attributes?: readonly string[];
  onProgress?: (progress: ProjectionProgress) => void;
}

export interface ProjectionProgress {
  phase: 'nodes' | 'relationships' | 'matches';
  label: string;
  nodes: number;
  relationships: number;
}

export interface StreamedNode {
  id: string;
  label: EntityLabel;
  props: Record<string, Plain>;
}

export interface StreamedRelationship {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  props: Record<string, Plain>;
}

export interface ProjectionSink {
  node(node: StreamedNode): void;
  relationship(relationship: StreamedRelationship): void;
  /**
   * Resolves when the sink can take another page: a consumer that falls behind (the analysis
   * worker on a busy machine) holds the reader back instead of pages piling up in memory.
   */
  drain?(): Promise<void>;
}

export interface ProjectionStats {
  nodes: number;
  relationships: number;
  pages: number;
  ms: number;
  labels: EntityLabel[];
  types: RelationshipType[];
  extracts: string[] | null;
}

/**
 * Structural links of a type with a `distinct` property are one per kind (model/core.ts): the
 * kind (`factKey`) is part of their id, so family and knows between one pair are two edges.
 */
export const FACT_SUFFIX = "CASE WHEN coalesce(r.factKey, '') = '' THEN '' ELSE '|' + r.factKey END";

/**
 * One page of a label's nodes in the run's scope, each as the scope's extracts recorded it. With
 * `$nodeKeys` and a full scope, only those properties, as pairs (see OUTGOING_PAGE); a restricted
 * scope's PROPS is the extracts' facts, merged in read/facts.ts, so it comes whole.
 */
const NODE_PAGE = `
MATCH (n:__LABEL__) WHERE n.id > $after AND VISIBLE(n)
WITH n ORDER BY n.id LIMIT toInteger($limit)
WITH n, PROPS(n) AS p
RETURN n.id AS id,
  CASE WHEN $nodeKeys IS NULL OR NOT $scope.all THEN p ELSE null END AS props,
  CASE WHEN $nodeKeys IS NULL OR NOT $scope.all THEN null
       ELSE [k IN $nodeKeys WHERE p[k] IS NOT NULL | [k, p[k]]] END AS pairs`;

/**
 * The chosen relationships leaving one page of start nodes (events within the time window). With
 * `$keys` (ProjectionQuery.attributes), the properties come as [key, value] pairs of those keys
 * alone (Cypher builds no map of dynamic keys without a plugin); without, as the whole map.
 */
const OUTGOING_PAGE = `
MATCH (a:__LABEL__) WHERE a.id > $after
WITH a ORDER BY a.id LIMIT toInteger($limit)
OPTIONAL MATCH (a)-[r]->(b)
WHERE type(r) IN $types AND any(l IN labels(b) WHERE l IN $labels)
  AND (NOT type(r) IN $eventTypes OR (r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
    AND ($since IS NULL OR ${PERIOD_END} >= $since) AND ($until IS NULL OR r.at < $until)))
  AND REL_VISIBLE(r)
WITH a, r, b, REL_PROPS(r) AS p
RETURN a.id AS from, type(r) AS type, b.id AS to,
  CASE WHEN $keys IS NULL THEN p ELSE null END AS props,
  CASE WHEN $keys IS NULL OR r IS NULL THEN null
       ELSE [k IN $keys WHERE p[k] IS NOT NULL | [k, p[k]]] END AS pairs,
  CASE WHEN r IS NULL THEN null
       WHEN r.key IS NOT NULL THEN r.key
       WHEN type(r) IN $eventTypes THEN elementId(r)
       ELSE a.id + '|' + type(r) + '|' + b.id + ${FACT_SUFFIX} END AS id
ORDER BY from`;

/** What summaryAsPayment reads of a summary, read whatever the attributes asked. */
const SUMMARY_KEYS = ['absTotal', 'transfers', 'first', 'last', 'currency', 'extract', 'records'];

/** A relationship's properties from the page's row: the map, or the selected pairs. */
function rowProps(row: Record<string, unknown>): Record<string, Plain> {
  if (row.pairs === null || row.pairs === undefined) return row.props as Record<string, Plain>;
  const props: Record<string, Plain> = {};
  for (const [key, value] of row.pairs as Array<[string, Plain]>) props[key] = value;
  return props;
}

/** Property names are parameters, never Cypher text; still, only plain names make sense. */
function checkedKeys(attributes: readonly string[], own: readonly string[] = SUMMARY_KEYS): string[] {
  for (const key of attributes) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new Error(
        `store/read/projection: "${key}" is not a property name; attributes lists property names`,
      );
    }
  }
  return [...new Set([...attributes, ...own])];
}

/** A summary streamed as the aggregate payment it stands for (see ProjectionQuery.money). */
function summaryAsPayment(props: Record<string, Plain>): Record<string, Plain> {
  return {
    amount: props.absTotal ?? 0,
    count: props.transfers ?? 1,
    at: props.first ?? null,
    until: props.last ?? null,
    currency: props.currency === '' ? null : (props.currency ?? null),
    extract: props.extract ?? null,
    records: props.records ?? null,
  };
}

/** Event types of the model in force (the extension may declare more). */
function eventTypes(): RelationshipType[] {
  return relationshipTypes().filter((type) => relationshipSpec(type).event);
}

function chosenLabels(query: ProjectionQuery): EntityLabel[] {
  const labels = query.labels ?? entityLabels();
  return labels.map((label) => {
    const checked = assertNodeLabel(label);
    if (!isEntityLabel(checked)) {
      throw new Error(
        `store/read/projection: ${label} is not an entity label; analysis reads ${entityLabels().join(', ')}`,
      );
    }
    return checked;
  });
}

function chosenTypes(query: ProjectionQuery): RelationshipType[] {
  const types = (query.types ?? relationshipTypes()).map((type) => assertRelationshipType(type));
  return types.filter((t) => !PROJECTION_DEFAULTS.excludedTypes.includes(t));
}

/**
 * The run's scope: the asked extracts and jurisdictions, never an extract whose load is not
 * complete (read/scope.ts) — its data is partial, so analysis leaves it out until it is resumed.
 */
export async function resolveScope(
  query: ProjectionQuery,
): Promise<{ scope: ReadScope; extracts: string[] | null }> {
  const byJurisdiction =
    query.jurisdictions && query.jurisdictions.length > 0
      ? await readableExtracts(query.jurisdictions.map((j) => j.toUpperCase()))
      : undefined;
  if (query.extracts === undefined && byJurisdiction === undefined) {
    // Analysis reads minors' details for itself (its results are read back through each viewer's
    // scope, where the minors rule applies).
    const scope = { ...(await fullScopeNow()), minors: true };
    return { scope, extracts: scope.incomplete === undefined ? null : [...scope.extracts] };
  }
  const { incomplete } = byJurisdiction ?? (await readableExtracts(null));
  let extracts = query.extracts ? query.extracts.filter((id) => !incomplete.includes(id)) : null;
  if (byJurisdiction !== undefined) {
    extracts = extracts
      ? extracts.filter((id) => byJurisdiction.complete.includes(id))
      : byJurisdiction.complete;
  }
  const chosen = extracts ?? [];
  return {
    scope: { all: false, extracts: chosen, jurisdictions: [...(query.jurisdictions ?? [])], minors: true },
    extracts: chosen,
  };
}

/** Streams the chosen subgraph into `sink`; relationships only between nodes of the chosen labels. */
export async function streamSubgraph(query: ProjectionQuery, sink: ProjectionSink): Promise<ProjectionStats> {
  const started = performance.now();
  const labels = chosenLabels(query);
  const types = chosenTypes(query);
  const pageSize = query.pageSize ?? PROJECTION_DEFAULTS.pageSize;
  if (!(Number.isInteger(pageSize) && pageSize > 0)) {
    throw new Error(`store/read/projection: pageSize must be a positive integer, got ${pageSize}`);
  }
  const { scope, extracts } = await resolveScope(query);
  const stats: ProjectionStats = { nodes: 0, relationships: 0, pages: 0, ms: 0, labels, types, extracts };
  const progress = (phase: ProjectionProgress['phase'], label: string) =>
    query.onProgress?.({ phase, label, nodes: stats.nodes, relationships: stats.relationships });

  // A person's minor facts (PROPS' MINOR_KEY) are read with the asked keys: plainProps needs them.
  const nodeKeys = query.attributes ? [...checkedKeys(query.attributes, []), MINOR_KEY] : null;
  for (const label of labels) {
    // The label comes from the allow-list above; everything else is a parameter.
    const statement = cypher(NODE_PAGE, { label });
    let after = '';
    for (;;) {
      const rows = await executeRead(
        statement,
        { after, limit: pageSize, scope, nodeKeys },
        { metadata: { purpose: 'projection' } },
      );
      stats.pages++;
      for (const row of rows) {
        // A scoped run sees each node as its extracts recorded it, as an analyst of that scope does.
        const props = { ...plainProps(rowProps(row)) };
        delete props.search;
        // A minor (read/facts.ts) reaches analysis as the certainty alone: a scalar attribute.
        const minor = props[MINOR_PROPERTY];
        if (minor !== null && typeof minor === 'object' && !Array.isArray(minor)) {
          props[MINOR_PROPERTY] = String((minor as Record<string, Plain>).certainty);
        }
        sink.node({ id: String(row.id), label, props });
      }
      stats.nodes += rows.length;
      progress('nodes', label);
      await sink.drain?.();
      if (rows.length < pageSize) break;
      after = String(rows[rows.length - 1]!.id);
    }
  }

  const startLabels = labels.filter((label) =>
    types.some((type) => (relationshipSpec(type).from as readonly string[]).includes(label)),
  );
  const summaries = query.money === 'summaries' && !query.since && !query.until;
  const keys = query.attributes ? checkedKeys(query.attributes) : null;
  for (const label of startLabels) {
    const outgoing: string[] = types
      .filter((type) => (relationshipSpec(type).from as readonly string[]).includes(label))
      .map((type) => (summaries && type === 'PAID' ? SUMMARY_TYPE : type));
    const statement = cypher(OUTGOING_PAGE, { label });
    let after = '';
    for (;;) {
      const rows = await executeRead(
        statement,
        {
          after,
          limit: pageSize,
          types: outgoing,
          labels,
          // A summary is keyed by its element id, as an event without a key: one pair has several.
          eventTypes: [...eventTypes(), SUMMARY_TYPE],
          since: query.since ?? null,
          until: query.until ?? null,
          keys,
          scope,
        },
        { metadata: { purpose: 'projection' } },
      );
      stats.pages++;
      const starts = new Set<string>();
      for (const row of rows) {
        starts.add(String(row.from));
        if (row.id === null) continue;
        const summary = row.type === SUMMARY_TYPE;
        sink.relationship({
          id: String(row.id),
          type: summary ? 'PAID' : (row.type as RelationshipType),
          from: String(row.from),
          to: String(row.to),
          props: summary ? summaryAsPayment(rowProps(row)) : rowProps(row),
        });
        stats.relationships++;
      }
      progress('relationships', label);
      await sink.drain?.();
      if (starts.size < pageSize) break;
      after = String(rows[rows.length - 1]!.from);
    }
  }
  await streamMatches(query, scope, labels, sink, (count) => {
    stats.relationships += count;
    progress('matches', 'matches');
  });
  stats.ms = Math.round(performance.now() - started);
  return stats;
}

/** The run's readable matches between the chosen labels' records, as relationships keyed by `key`. */
async function streamMatches(
  query: ProjectionQuery,
  scope: ReadScope,
  labels: readonly EntityLabel[],
  sink: ProjectionSink,
  done: (count: number) => void,
): Promise<void> {
  if (query.identities === false) return;
  if (!labels.some((label) => label === 'Person' || label === 'Organisation')) return;
  const minScore = query.identities?.proposedMinScore ?? null;
  const types: MatchType[] = minScore === null ? ['SAME_AS'] : ['SAME_AS', 'POSSIBLY_SAME_AS', 'NOT_SAME_AS'];
  const options: Parameters<typeof forEachReadableMatch>[0] = { scope, types };
  const jurisdictions = query.identities?.jurisdictions ?? query.jurisdictions;
  if (jurisdictions && jurisdictions.length > 0)
    options.jurisdictions = jurisdictions.map((j) => j.toUpperCase());
  if (minScore !== null) options.minScore = minScore;
  if (query.pageSize) options.pageSize = query.pageSize;
  const count = await forEachReadableMatch(options, (link) =>
    sink.relationship({
      id: link.key,
      type: link.type,
      from: link.from,
      to: link.to,
      props: { by: link.by, score: link.score, jurisdictions: link.jurisdictions },
    }),
  );
  done(count);
}
