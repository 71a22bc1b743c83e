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
import { type Plain, toPlain } from '../convert.ts';
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
  /**
   * Nodes or relationships per Bolt record in the column form (NODE_COLUMNS, OUTGOING_COLUMNS): a
   * record of a few Bolt chunks, which the driver decodes in linear time (see OUTGOING_COLUMNS).
   * Measured on the 2.95M-relationship world, in-process read and build: 59.3 s of CPU as rows,
   * 24.1 s as columns of 256, 16.9 s of 64 (docs/benchmarks/2026-12-07-detect-e2e-pages.md).
   */
  slice: 64,
  /** The analysis read's form (ProjectionQuery.form): columns, the cheaper to decode. */
  form: 'columns' as 'columns' | 'rows',
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
  /**
   * The form of the analysis read's pages (with `attributes`): `columns` (default) — each page as
   * records of parallel lists, `slice` nodes or relationships each (nodes in a full-scope run,
   * relationships for a sink with `relationships`) — or `rows`, one record per node or
   * relationship. Both build the same graph (tests, scripts/bench/projection-same.ts); columns
   * decode in well under half the CPU (docs/benchmarks/2026-12-07-detect-e2e-pages.md). One record
   * per whole page was slower than rows (docs/benchmarks/2026-12-07-detect-e2e-columns.md): the
   * driver reads a record spanning many Bolt chunks through a walk of the chunk list per byte.
   */
  form?: 'columns' | 'rows';
  /** Column form: nodes or relationships per Bolt record (PROJECTION_DEFAULTS.slice). */
  slice?: number;
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
   * A whole page of relationships at once, as parallel lists (RelationshipPage): a sink that has it
   * gets the analysis read (ProjectionQuery.attributes, payments) in this lighter form, one call
   * per page instead of one object per relationship; matches still come one by one.
   */
  relationships?(page: RelationshipPage): void;
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
 * NODE_PAGE of a full-scope run with `$nodeKeys` as records of parallel lists, one per `$slice`
 * nodes of the page (as OUTGOING_COLUMNS): the slice's ids, and one list per asked key present in
 * the slice (null where a node lacks it), in `$nodeKeys` order — the pairs' order, so each node's
 * properties are rebuilt in the order the row form gives them. A page without nodes is one record
 * of empty lists.
 */
const NODE_COLUMNS = `
MATCH (n:__LABEL__) WHERE n.id > $after AND VISIBLE(n)
WITH n ORDER BY n.id LIMIT toInteger($limit)
WITH n.id AS id, PROPS(n) AS p
WITH collect(id) AS ids, collect(p) AS props
UNWIND range(0, CASE WHEN size(ids) = 0 THEN 0 ELSE size(ids) - 1 END, toInteger($slice)) AS i
WITH ids[i..i + toInteger($slice)] AS ids, props[i..i + toInteger($slice)] AS props
WITH ids, props, [k IN $nodeKeys WHERE any(m IN props WHERE m[k] IS NOT NULL)] AS present
RETURN ids, present AS keys, [k IN present | [m IN props | m[k]]] AS columns`;

/** One page of start nodes and their chosen relationships (events within the time window): `a, r, b, p`. */
const OUTGOING_MATCH = `
MATCH (a:__LABEL__) WHERE a.id > $after
WITH a ORDER BY a.id LIMIT toInteger($limit)
OPTIONAL MATCH (a)-[r]->(b)
WHERE type(r) IN $types AND any(l IN labels(b) WHERE l IN $labels)
  AND (NOT type(r) IN $eventTypes OR (r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
    AND ($since IS NULL OR ${PERIOD_END} >= $since) AND ($until IS NULL OR r.at < $until)))
  AND REL_VISIBLE(r)
WITH a, r, b, REL_PROPS(r) AS p`;

/**
 * The chosen relationships leaving one page of start nodes (events within the time window). With
 * `$keys` (ProjectionQuery.attributes), the properties come as [key, value] pairs of those keys
 * alone (Cypher builds no map of dynamic keys without a plugin); without, as the whole map.
 */
const OUTGOING_PAGE = `${OUTGOING_MATCH}
RETURN a.id AS from, type(r) AS type, b.id AS to,
  CASE WHEN $keys IS NULL THEN p ELSE null END AS props,
  CASE WHEN $keys IS NULL OR r IS NULL THEN null
       ELSE [k IN $keys WHERE p[k] IS NOT NULL | [k, p[k]]] END AS pairs,
  CASE WHEN r IS NULL THEN null
       WHEN r.key IS NOT NULL THEN r.key
       WHEN type(r) IN $eventTypes THEN elementId(r)
       ELSE a.id + '|' + type(r) + '|' + b.id + ${FACT_SUFFIX} END AS id
ORDER BY from`;

/**
 * OUTGOING_PAGE as records of parallel lists (a sink with `relationships`, ProjectionSink), one
 * per `$slice` relationships of the page: the slice's relationships as lists of ends, types and
 * ids, and their properties as one list per key present in the slice (null where a relationship
 * lacks it). Why (issue 16): one Bolt record, a Record object, a plain-value walk and a
 * [key, value] pair per property per relationship were most of the main thread's CPU on a
 * 3M-relationship read; here a key's name crosses once per slice and a value is decoded straight
 * into its column. Why slices and not one record per page: neo4j-driver reads a record that spans
 * several Bolt chunks through a list of the chunks, walking it from the start for every byte, so
 * a page-sized record (MBs) decoded in time quadratic in its size (projection 68 → 107 s of CPU,
 * docs/benchmarks/2026-12-07-detect-e2e-columns.md); a slice of a few hundred relationships is a
 * few chunks. Rows are collected in OUTGOING_PAGE's order (ORDER BY from) and sliced in that
 * order, so the relationships arrive as there. `starts` and `last` (on every slice) page on the
 * start nodes as the row form does (a start without relationships counts); a page without
 * relationships is one record of empty lists.
 */
const OUTGOING_COLUMNS = `${OUTGOING_MATCH}
WITH a.id AS from, r, b, p, CASE WHEN r IS NULL THEN null
       WHEN r.key IS NOT NULL THEN r.key
       WHEN type(r) IN $eventTypes THEN elementId(r)
       ELSE a.id + '|' + type(r) + '|' + b.id + ${FACT_SUFFIX} END AS id
ORDER BY from
WITH count(DISTINCT from) AS starts, max(from) AS last,
  collect(CASE WHEN id IS NULL THEN null ELSE [from, type(r), b.id, id] END) AS heads,
  collect(CASE WHEN id IS NULL THEN null ELSE p END) AS props
UNWIND range(0, CASE WHEN size(heads) = 0 THEN 0 ELSE size(heads) - 1 END, toInteger($slice)) AS i
WITH starts, last, heads[i..i + toInteger($slice)] AS heads, props[i..i + toInteger($slice)] AS props
WITH starts, last, heads, props, [k IN $keys WHERE any(m IN props WHERE m[k] IS NOT NULL)] AS present
RETURN starts, last, present AS keys,
  [h IN heads | h[0]] AS from, [h IN heads | h[1]] AS type, [h IN heads | h[2]] AS to, [h IN heads | h[3]] AS id,
  [k IN present | [m IN props | m[k]]] AS columns`;

/**
 * One page of relationships as parallel lists (see OUTGOING_COLUMNS): relationship i is
 * `ids[i]`, `types[i]` from `from[i]` to `to[i]`, its property `keys[k]` is `columns[k][i]` (null:
 * absent). Numbers are plain numbers, strings strings: no other kind of value is converted.
 */
export interface RelationshipPage {
  ids: string[];
  types: RelationshipType[];
  from: string[];
  to: string[];
  keys: string[];
  columns: Plain[][];
}

/** A value the driver decoded into an object (an Integer, a temporal, a list of them) made plain, in place. */
function plainColumn(values: unknown[]): Plain[] {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== null && typeof value === 'object') values[i] = toPlain(value);
  }
  return values as Plain[];
}

/** A list column of ids or types: every entry a string (a null would shift the page's rows). */
function stringColumn(values: unknown, what: string): string[] {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string'))
    throw new Error(
      `store/read/projection: a relationship page's ${what} list holds a non-string; the page cannot be aligned (report this with the query's labels and types)`,
    );
  return values as string[];
}

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
  const slice = query.slice ?? PROJECTION_DEFAULTS.slice;
  if (!(Number.isInteger(slice) && slice > 0)) {
    throw new Error(`store/read/projection: slice must be a positive integer, got ${slice}`);
  }
  const form = query.form ?? PROJECTION_DEFAULTS.form;
  const { scope, extracts } = await resolveScope(query);
  const stats: ProjectionStats = { nodes: 0, relationships: 0, pages: 0, ms: 0, labels, types, extracts };
  const progress = (phase: ProjectionProgress['phase'], label: string) =>
    query.onProgress?.({ phase, label, nodes: stats.nodes, relationships: stats.relationships });

  // A person's minor facts (PROPS' MINOR_KEY) are read with the asked keys: plainProps needs them.
  const nodeKeys = query.attributes ? [...checkedKeys(query.attributes, []), MINOR_KEY] : null;
  // A node as the analysis gets it, from its (selected or whole) properties.
  const streamNode = (id: string, label: EntityLabel, stored: Record<string, Plain>) => {
    // A scoped run sees each node as its extracts recorded it, as an analyst of that scope does.
    const props = { ...plainProps(stored) };
    delete props.search;
    // A minor (read/facts.ts) reaches analysis as the certainty alone: a scalar attribute.
    const minor = props[MINOR_PROPERTY];
    if (minor !== null && typeof minor === 'object' && !Array.isArray(minor)) {
      props[MINOR_PROPERTY] = String((minor as Record<string, Plain>).certainty);
    }
    sink.node({ id, label, props });
  };
  for (const label of labels) {
    if (nodeKeys !== null && scope.all && form === 'columns') {
      await streamNodeColumns(label, { nodeKeys, scope, pageSize, slice }, streamNode, sink, stats, () =>
        progress('nodes', label),
      );
      continue;
    }
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
      for (const row of rows) streamNode(String(row.id), label, rowProps(row));
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
  // Columns need the selected keys (a whole map per row has no fixed keys) and no summaries (each
  // is turned into the payment it stands for, a row at a time).
  const columns = sink.relationships !== undefined && keys !== null && !summaries && form === 'columns';
  for (const label of startLabels) {
    const outgoing: string[] = types
      .filter((type) => (relationshipSpec(type).from as readonly string[]).includes(label))
      .map((type) => (summaries && type === 'PAID' ? SUMMARY_TYPE : type));
    if (columns) {
      await streamColumns(label, outgoing, { query, scope, pageSize, slice, labels }, sink, stats, () =>
        progress('relationships', label),
      );
      continue;
    }
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

/**
 * A page's slices (records of NODE_COLUMNS or OUTGOING_COLUMNS) as one set of columns: each list
 * field concatenated in record order, and one column per asked key present in any slice (in
 * `asked` order), null for the rows of a slice that lacks it.
 */
export function joinSlices(
  records: ReadonlyArray<Record<string, unknown>>,
  lists: readonly string[],
  asked: readonly string[],
): { lists: Record<string, unknown[]>; keys: string[]; columns: Plain[][] } {
  const joined: Record<string, unknown[]> = {};
  for (const field of lists) joined[field] = [];
  const byKey = new Map<string, Plain[]>();
  let rows = 0;
  for (const record of records) {
    const length = (record[lists[0]!] as unknown[]).length;
    for (const field of lists) {
      const values = record[field] as unknown[];
      if (values.length !== length)
        throw new Error(
          `store/read/projection: a column page's ${field} list has ${values.length} entries against ${length}; the page cannot be aligned (report this with the query's labels and types)`,
        );
      for (const value of values) joined[field]!.push(value);
    }
    const keys = stringColumn(record.keys, 'keys');
    const columns = record.columns as unknown[][];
    keys.forEach((key, k) => {
      let column = byKey.get(key);
      if (column === undefined) {
        column = new Array<Plain>(rows).fill(null);
        byKey.set(key, column);
      }
      for (const value of plainColumn(columns[k]!)) column.push(value);
    });
    rows += length;
    // A key absent from this slice: nulls for its rows.
    for (const column of byKey.values()) while (column.length < rows) column.push(null);
  }
  const keys = asked.filter((key) => byKey.has(key));
  return { lists: joined, keys, columns: keys.map((key) => byKey.get(key)!) };
}

/** One label's nodes as column pages (NODE_COLUMNS), each rebuilt as the row form's properties. */
async function streamNodeColumns(
  label: EntityLabel,
  read: { nodeKeys: string[]; scope: ReadScope; pageSize: number; slice: number },
  streamNode: (id: string, label: EntityLabel, props: Record<string, Plain>) => void,
  sink: ProjectionSink,
  stats: ProjectionStats,
  onPage: () => void,
): Promise<void> {
  const statement = cypher(NODE_COLUMNS, { label });
  let after = '';
  for (;;) {
    const records = await executeRead(
      statement,
      { after, limit: read.pageSize, slice: read.slice, scope: read.scope, nodeKeys: read.nodeKeys },
      { metadata: { purpose: 'projection' }, raw: true },
    );
    stats.pages++;
    const page = joinSlices(records, ['ids'], read.nodeKeys);
    const ids = stringColumn(page.lists.ids, 'node id');
    const { keys, columns } = page;
    for (let i = 0; i < ids.length; i++) {
      const props: Record<string, Plain> = {};
      for (let k = 0; k < keys.length; k++) {
        const value = columns[k]![i]!;
        if (value !== null) props[keys[k]!] = value;
      }
      streamNode(ids[i]!, label, props);
    }
    stats.nodes += ids.length;
    onPage();
    await sink.drain?.();
    if (ids.length < read.pageSize) break;
    after = ids[ids.length - 1]!;
  }
}

/** One start label's relationships as column pages (OUTGOING_COLUMNS) into `sink.relationships`. */
async function streamColumns(
  label: EntityLabel,
  types: string[],
  read: {
    query: ProjectionQuery;
    scope: ReadScope;
    pageSize: number;
    slice: number;
    labels: readonly EntityLabel[];
  },
  sink: ProjectionSink,
  stats: ProjectionStats,
  onPage: () => void,
): Promise<void> {
  const statement = cypher(OUTGOING_COLUMNS, { label });
  // The asked attributes alone, in their order: a summary's own fields are never read here
  // (columns are for payments), and a page of payments would otherwise carry their `extract`.
  const keys = checkedKeys(read.query.attributes ?? [], []);
  let after = '';
  for (;;) {
    const records = await executeRead(
      statement,
      {
        after,
        limit: read.pageSize,
        slice: read.slice,
        types,
        labels: read.labels,
        eventTypes: eventTypes(),
        since: read.query.since ?? null,
        until: read.query.until ?? null,
        keys,
        scope: read.scope,
      },
      { metadata: { purpose: 'projection' }, raw: true },
    );
    stats.pages++;
    const first = records[0];
    if (first === undefined) break;
    const joined = joinSlices(records, ['id', 'type', 'from', 'to'], keys);
    const ids = stringColumn(joined.lists.id, 'id');
    if (ids.length > 0) {
      const page: RelationshipPage = {
        ids,
        types: stringColumn(joined.lists.type, 'type') as RelationshipType[],
        from: stringColumn(joined.lists.from, 'from'),
        to: stringColumn(joined.lists.to, 'to'),
        keys: joined.keys,
        columns: joined.columns,
      };
      sink.relationships!(page);
      stats.relationships += ids.length;
      onPage();
      await sink.drain?.();
    }
    if (Number(first.starts) < read.pageSize) break;
    after = String(first.last);
  }
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
