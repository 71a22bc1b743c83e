/**
 * Batched writers for loads: nodes by label, relationships by type, the Extract node and its
 * MENTIONS, all with UNWIND $rows/$ids. Labels and types reach Cypher text only through the model's
 * allow-lists (asserted here again); every value is a parameter. Each query's text is built once
 * from a constant template.
 *
 * A batch is written in ONE transaction together with the extract's checkpoint, and the
 * transaction first checks the checkpoint: a batch is applied exactly once even when a commit
 * succeeded but its acknowledgement was lost and the transaction is retried, or when a killed
 * load is run again.
 */
import { onExtensionChange } from '../model/extension.ts';
import { assertNodeLabel, type EntityLabel, entityLabels, isEntityLabel } from '../model/labels.ts';
import {
  assertRelationshipType,
  factKeyOf,
  type RelationshipType,
  relationshipSpec,
  relationshipTypes,
} from '../model/relationships.ts';
import { cypher } from './cypher.ts';
import { mentionFacts } from './read/facts.ts';
import { executeRead, executeSchema, type Tx, writeTx } from './run.ts';
import { batches } from './run-node.ts';

export type PropertyValue = string | number | boolean;

export interface NodeRow {
  id: string;
  props: Record<string, PropertyValue>;
  names: string[];
  /** First row of this extract mentioning the node, and how many rows of this batch did. */
  firstRow: number;
  count: number;
}

export interface RelationshipRow {
  from: string;
  to: string;
  /** Events: identity of the event; structural relationships merge on their endpoints. */
  key?: string;
  /** Including provenance (extract, row) and, for events, key. */
  props: Record<string, PropertyValue>;
}

export interface NodeGroup {
  label: EntityLabel;
  rows: NodeRow[];
}

export interface RelationshipGroup {
  type: RelationshipType;
  fromLabel: EntityLabel;
  toLabel: EntityLabel;
  rows: RelationshipRow[];
}

export interface Checkpoint {
  /** Last input line whose facts this batch holds; every earlier line is written too. */
  line: number;
  /** First input line of this batch. */
  firstLine: number;
  rows: number;
  loaded: number;
  rejected: number;
}

export interface Batch {
  extractId: string;
  nodes: NodeGroup[];
  relationships: RelationshipGroup[];
  checkpoint: Checkpoint;
}

export interface ExtractMeta {
  id: string;
  name: string;
  file: string;
  source: string;
  jurisdiction: string | null;
  sha256: string;
  mapping: string;
  mappingSha256: string;
  rejectsFile: string | null;
}

export interface ExtractState {
  id: string;
  status: 'loading' | 'complete' | 'failed';
  checkpointLine: number;
  /**
   * Lines up to here have their mentions counted (`MENTIONS.rows`): counts are written once per
   * load (writeMentionCounts), not per batch, so a stopped load recounts the lines after this one.
   */
  countedLine: number;
  rows: number;
  loaded: number;
  rejected: number;
  /** Invalid optional values left out while their rows loaded: total and per column. */
  warnings: number;
  warningsByColumn: Record<string, number>;
  loadedAt: string | null;
  rejectsFile: string | null;
}

// ---- query templates ----------------------------------------------------------------------------
//
// Merge rules: a property already set on a node or relationship wins (the first non-null value
// across rows and extracts), every new spelling of a name joins `names`. Rather than asking Cypher
// to merge maps (which forces Eager operators and re-writes every property), each group of nodes or
// structural relationships is written in two steps inside the batch's transaction: read which ids
// (endpoint pairs) exist and what they hold, then create the new ones and fill only the missing
// properties of the existing ones. Events are never changed once loaded: one statement skips the
// keys already in the graph and creates the rest.

/**
 * Every batch query starts with this. Each is anchored on uniqueness-constraint seeks, so its plan
 * does not depend on statistics; but a load changes the statistics fast (from an empty graph, most
 * of all), and Neo4j would otherwise throw the cached plans away and plan and compile every
 * statement again and again during the load.
 */
const BATCH_PLAN = 'CYPHER replan=skip';

/** Which of these nodes exist, with their property keys and names. */
const NODE_EXISTING = `${BATCH_PLAN}
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
RETURN id, keys(n) AS keys, n.names AS names`;

/**
 * The mention's search text: the extract's name, its other spellings and its search forms (an IBAN
 * spaced in fours...). Search reads it from the mention (index mention_search), so a viewer finds a
 * node only by what an extract they may see recorded.
 */
const MENTION_SEARCH = `m.search = CASE WHEN m.p_name IS NULL AND m.names IS NULL AND m.p_search IS NULL THEN null
  ELSE trim(reduce(t = coalesce(m.p_name, '') + ' ' + coalesce(m.p_search, ''), x IN coalesce(m.names, []) | t + ' ' + x)) END`;

/**
 * Nodes new to the graph: created (MERGE guards a concurrent load of another extract) and mentioned
 * by the extract. The mention is CREATEd: this extract's batches are serialised by its checkpoint
 * lock and the node was not in the graph when the batch began, so no mention of it by this extract
 * can exist yet (MERGE would search the Extract's mentions for nothing). The mention keeps the
 * values this extract recorded (read/facts.ts): what a viewer of this extract alone may see.
 */
const NODE_CREATE = `${BATCH_PLAN}
MATCH (e:Extract {id: $extract})
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET n += row.props
CREATE (e)-[m:MENTIONS {firstRow: row.firstRow, rows: 0}]->(n)
SET m += row.facts
SET ${MENTION_SEARCH}`;

/**
 * Nodes already in the graph: missing properties filled, the extract's mention made (its count
 * comes with the load's counts) and its facts added (the extract's first value of each key wins, as on the node: `old` is set back over
 * the new facts; spellings are united).
 */
const NODE_UPDATE = `${BATCH_PLAN}
MATCH (e:Extract {id: $extract})
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
SET n += row.props
MERGE (e)-[m:MENTIONS]->(n)
ON CREATE SET m.firstRow = row.firstRow, m.rows = 0
WITH row, m, properties(m) AS old
SET m += row.facts
SET m += old
SET m.names = CASE WHEN old.names IS NULL THEN row.facts.names
      ELSE old.names + [x IN coalesce(row.facts.names, []) WHERE NOT x IN old.names] END
SET ${MENTION_SEARCH}`;

/**
 * Mention counts, added once per load (ingest/mention-counts.ts) rather than in every batch that
 * meets the node again (an account paid on every page of a statement). Through the node's id: the
 * Extract has a mention of every node it recorded, the node only a few.
 */
const MENTION_COUNT = `${BATCH_PLAN}
MATCH (e:Extract {id: $extract})
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
MATCH (e)-[m:MENTIONS]->(n)
SET m.rows = m.rows + row.count
RETURN count(m) AS counted`;

/** Locks the Extract and moves its counted line, if its batches reached that line. */
const COUNTED_LINE = `${BATCH_PLAN}
MATCH (e:Extract {id: $extract})
SET e.countedLine = coalesce(e.countedLine, e.checkpointLine, 0)
WITH e, e.countedLine AS before
SET e.countedLine = CASE WHEN $line > before AND $line <= e.checkpointLine THEN $line ELSE before END
RETURN before, e.checkpointLine AS checkpoint`;

/**
 * __FACT__: for a type whose facts between one pair differ by a property (RELATED_TO by kind,
 * PARTY_TO by capacity: model/core.ts `distinct`), ` {factKey: row.factKey}`, so each kind is
 * its own relationship with its own values and provenance, whatever order extracts load in;
 * empty for other types, which are one relationship per endpoint pair.
 */
const FACT = ' {factKey: row.factKey}';

/** Which structural relationships exist between these endpoint pairs, with their property keys. */
const STRUCTURAL_EXISTING = `${BATCH_PLAN}
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.from})-[r:__TYPE____FACT__]->(b:__TO__ {id: row.to})
RETURN row.from AS from, row.to AS to, coalesce(r.factKey, '') AS factKey, keys(r) AS keys,
       r.extract AS extract, coalesce(r.extracts, [r.extract]) AS extracts`;

/**
 * Structural relationships: one per endpoint pair, the first recorder's provenance and values.
 * `extracts` (with `extractRows`) lists every extract that recorded the link, so each one's viewers
 * see it (store/cypher.ts REL_VISIBLE, REL_PROPS).
 */
const STRUCTURAL_CREATE = `${BATCH_PLAN}
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.from})
MATCH (b:__TO__ {id: row.to})
MERGE (a)-[r:__TYPE____FACT__]->(b)
SET r += row.props, r.extract = $extract, r.extracts = [$extract], r.extractRows = [row.props.row]`;

/** Values the first recorder's own later rows add to its link. */
const STRUCTURAL_FILL = `${BATCH_PLAN}
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.from})-[r:__TYPE____FACT__]->(b:__TO__ {id: row.to})
SET r += row.props`;

/**
 * Another extract records a link already in the graph: it joins `extracts` and adds no values —
 * the link's values are its first recorder's, and a viewer of this extract alone must not see
 * them (REL_PROPS shows such a viewer the link with its own provenance only).
 */
const STRUCTURAL_ALSO = `${BATCH_PLAN}
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.from})-[r:__TYPE____FACT__]->(b:__TO__ {id: row.to})
WHERE NOT $extract IN coalesce(r.extracts, [r.extract])
SET r.extracts = coalesce(r.extracts, [r.extract]) + $extract,
    r.extractRows = coalesce(r.extractRows, [r.row]) + row.row`;

/**
 * Events: one per key, found through the key's uniqueness constraint (MERGE on a pattern would scan
 * every PAID of a busy account); an event already loaded from another extract is kept as it is.
 * Checked and created in one statement: the keys cross the wire once, and nothing comes back.
 * Provenance's extract is the same for the whole batch, so it is sent once, not on every row.
 */
const EVENT_CREATE = `${BATCH_PLAN}
UNWIND $rows AS row
OPTIONAL MATCH ()-[known:__TYPE__ {key: row.props.key}]->()
WITH row WHERE known IS NULL
MATCH (a:__FROM__ {id: row.from})
MATCH (b:__TO__ {id: row.to})
CREATE (a)-[r:__TYPE__]->(b)
SET r = row.props, r.extract = $extract`;

/** Reads the checkpoint and, by writing it back unchanged, locks the Extract for this transaction. */
const CHECKPOINT_READ = `${BATCH_PLAN}
MATCH (e:Extract {id: $extract})
SET e.checkpointLine = coalesce(e.checkpointLine, 0)
RETURN e.checkpointLine AS line, e.status AS status, e.checkpointBy AS by`;

const CHECKPOINT_WRITE = `${BATCH_PLAN}
MATCH (e:Extract {id: $extract})
SET e.checkpointLine = $line, e.rows = $rows, e.loaded = $loaded, e.rejected = $rejected,
    e.checkpointBy = $by`;

const EXTRACT_OPEN = `
MERGE (e:Extract {id: $meta.id})
ON CREATE SET e += $meta, e.status = 'loading', e.checkpointLine = 0, e.countedLine = 0, e.rows = 0, e.loaded = 0,
  e.rejected = 0, e.startedAt = $now
RETURN e {.*} AS extract`;

const EXTRACT_COMPLETE = `
MATCH (e:Extract {id: $extract})
SET e.status = 'complete', e.rows = $rows, e.loaded = $loaded, e.rejected = $rejected,
  e.warnings = $warnings, e.warningsByColumn = $warningsByColumn,
  e.loadedAt = coalesce(e.loadedAt, $now), e.rejectsFile = $rejectsFile
REMOVE e.error, e.countedLine, e.checkpointBy
RETURN e {.*} AS extract`;

const EXTRACT_FAIL = `
MATCH (e:Extract {id: $extract}) WHERE e.status <> 'complete'
SET e.status = 'failed', e.error = $error`;

const EXTRACT_READ = 'MATCH (e:Extract {id: $extract}) RETURN e {.*} AS extract';

interface NodeQueries {
  existing: string;
  create: string;
  update: string;
  count: string;
}

interface RelationshipQueries {
  event: boolean;
  existing: string;
  create: string;
  fill: string;
  also: string;
}

const nodeQueries = new Map<string, NodeQueries>();
const relationshipQueries = new Map<string, RelationshipQueries>();

function queriesForNodes(label: EntityLabel): NodeQueries {
  let queries = nodeQueries.get(label);
  if (queries === undefined) {
    if (!isEntityLabel(assertNodeLabel(label))) {
      throw new Error(`store/write: ${label} is not an entity label; loads write entities only`);
    }
    queries = {
      existing: cypher(NODE_EXISTING, { label }),
      create: cypher(NODE_CREATE, { label }),
      update: cypher(NODE_UPDATE, { label }),
      count: cypher(MENTION_COUNT, { label }),
    };
    nodeQueries.set(label, queries);
  }
  return queries;
}

function queriesForRelationships(
  type: RelationshipType,
  fromLabel: EntityLabel,
  toLabel: EntityLabel,
): RelationshipQueries {
  const cacheKey = `${type}|${fromLabel}|${toLabel}`;
  let queries = relationshipQueries.get(cacheKey);
  if (queries === undefined) {
    const spec = relationshipSpec(assertRelationshipType(type));
    if (
      !(spec.from as readonly string[]).includes(fromLabel) ||
      !(spec.to as readonly string[]).includes(toLabel)
    ) {
      throw new Error(
        `store/write: ${type} joins ${spec.from.join('|')} to ${spec.to.join('|')}, not ${fromLabel} to ${toLabel}`,
      );
    }
    const fact = spec.distinct === undefined ? '' : FACT;
    const fill = (template: string) =>
      cypher(template.replaceAll('__FACT__', fact), { type, from: fromLabel, to: toLabel });
    queries = spec.event
      ? { event: true, existing: '', create: fill(EVENT_CREATE), fill: '', also: '' }
      : {
          event: false,
          existing: fill(STRUCTURAL_EXISTING),
          create: fill(STRUCTURAL_CREATE),
          fill: fill(STRUCTURAL_FILL),
          also: fill(STRUCTURAL_ALSO),
        };
    relationshipQueries.set(cacheKey, queries);
  }
  return queries;
}

/**
 * The statement the loader writes events of `type` with (EVENT_CREATE): for benchmarks that must
 * run exactly the loader's Cypher. Takes $rows of {from, to, props (with key)} and $extract.
 */
export function eventStatement(type: RelationshipType, fromLabel: EntityLabel, toLabel: EntityLabel): string {
  const queries = queriesForRelationships(type, fromLabel, toLabel);
  if (!queries.event) throw new Error(`store/write: ${type} is not an event; only events have one statement`);
  return queries.create;
}

/** The properties of `props` that `existingKeys` lacks: what a later mention may add. */
function missing(props: Record<string, unknown>, existingKeys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in props) if (!existingKeys.has(key)) out[key] = props[key];
  return out;
}

// ---- schema the loader relies on ----------------------------------------------------------------

/**
 * Ids must be unique per label and event keys per type (and indexed): the templates look them up.
 * The core's constraints come from the migrations too; an extension's come only from here.
 */
export function loadSchema(): string[] {
  return [
    ...entityLabels().map((label) =>
      cypher(`CREATE CONSTRAINT ${snake(label)}_id IF NOT EXISTS FOR (n:__LABEL__) REQUIRE n.id IS UNIQUE`, {
        label,
      }),
    ),
    'CREATE CONSTRAINT extract_id IF NOT EXISTS FOR (n:Extract) REQUIRE n.id IS UNIQUE',
    ...relationshipTypes()
      .filter((type) => relationshipSpec(type).event)
      .map((type) =>
        cypher(
          `CREATE CONSTRAINT ${type.toLowerCase()}_key IF NOT EXISTS FOR ()-[r:__TYPE__]-() REQUIRE r.key IS UNIQUE`,
          { type },
        ),
      ),
  ];
}

function snake(label: string): string {
  return label.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Makes sure the constraints above exist (IF NOT EXISTS: a no-op when the migrations made them).
 * Without them MERGE scans whole labels and a load slows to a crawl.
 */
export async function ensureLoadSchema(): Promise<void> {
  if (schemaEnsured) return;
  // A constraint created over an imported store validates every node it covers: minutes, not 30 s.
  for (const statement of loadSchema()) await executeSchema(statement, { timeoutMs: 3_600_000 });
  schemaEnsured = true;
}

/** Once per process and model: constraints are not dropped under a running loader. */
let schemaEnsured = false;
onExtensionChange(() => {
  schemaEnsured = false;
  nodeQueries.clear();
  relationshipQueries.clear();
});

// ---- extract lifecycle --------------------------------------------------------------------------

function toState(row: Record<string, unknown> | undefined, id: string): ExtractState {
  if (row === undefined) throw new Error(`store/write: extract ${id} not found`);
  return {
    id,
    status: row.status as ExtractState['status'],
    checkpointLine: Number(row.checkpointLine ?? 0),
    // An extract whose load began before counts were deferred counted every batch it wrote.
    countedLine: Number(row.countedLine ?? row.checkpointLine ?? 0),
    rows: Number(row.rows ?? 0),
    loaded: Number(row.loaded ?? 0),
    rejected: Number(row.rejected ?? 0),
    warnings: Number(row.warnings ?? 0),
    warningsByColumn: parseCounts(row.warningsByColumn),
    loadedAt: (row.loadedAt as string | undefined) ?? null,
    rejectsFile: (row.rejectsFile as string | undefined) ?? null,
  };
}

/** Creates the Extract node on first load; returns its state (complete, or where a load stopped). */
export async function openExtract(meta: ExtractMeta): Promise<ExtractState> {
  const rows = await writeTx((tx) => tx.run(EXTRACT_OPEN, { meta, now: new Date().toISOString() }), {
    metadata: { purpose: 'load:open-extract' },
  });
  const state = toState(rows[0]?.extract as Record<string, unknown> | undefined, meta.id);
  // A failed load that is run again (the file or the database fixed) starts over as a load.
  if (state.status === 'failed') {
    await writeTx((tx) =>
      tx.run(`MATCH (e:Extract {id: $extract}) SET e.status = 'loading' REMOVE e.error`, {
        extract: meta.id,
      }),
    );
    return { ...state, status: 'loading' };
  }
  return state;
}

export async function readExtract(id: string): Promise<ExtractState | undefined> {
  const rows = await executeRead(EXTRACT_READ, { extract: id });
  return rows[0] === undefined ? undefined : toState(rows[0].extract as Record<string, unknown>, id);
}

/** Warning counts per column are a map, which Neo4j cannot store as a property: kept as JSON text. */
function parseCounts(value: unknown): Record<string, number> {
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export async function completeExtract(
  id: string,
  counts: {
    rows: number;
    loaded: number;
    rejected: number;
    warnings?: number;
    warningsByColumn?: Record<string, number>;
  },
  rejectsFile: string | null,
): Promise<ExtractState> {
  const params = {
    extract: id,
    rows: counts.rows,
    loaded: counts.loaded,
    rejected: counts.rejected,
    warnings: counts.warnings ?? 0,
    warningsByColumn: JSON.stringify(counts.warningsByColumn ?? {}),
    rejectsFile,
    now: new Date().toISOString(),
  };
  const rows = await writeTx((tx) => tx.run(EXTRACT_COMPLETE, params), {
    metadata: { purpose: 'load:complete-extract' },
  });
  return toState(rows[0]?.extract as Record<string, unknown> | undefined, id);
}

export async function failExtract(id: string, error: string): Promise<void> {
  await writeTx((tx) => tx.run(EXTRACT_FAIL, { extract: id, error }), {
    metadata: { purpose: 'load:fail-extract' },
  });
}

// ---- batches ------------------------------------------------------------------------------------

export class OverlappingLoadError extends Error {
  constructor(extractId: string, checkpoint: number, batch: Checkpoint) {
    super(
      `store/write: extract ${extractId} is checkpointed at line ${checkpoint}, inside the batch of lines ` +
        `${batch.firstLine}–${batch.line}: another load of the same extract is running. Let it finish, then run again.`,
    );
    this.name = 'OverlappingLoadError';
  }
}

/**
 * A node's mention as this load wrote it: the property keys and name spellings the mention holds
 * (at least; a resumed load's earlier run may have written more).
 */
interface KnownNode {
  keys: ReadonlySet<string>;
  names: readonly string[];
}

/**
 * The nodes one load has written, as it last wrote them. A node met again in a later batch that
 * brings no property key and no spelling it lacks needs nothing written at all — its mention is
 * counted with the load's counts — instead of a lookup and an update (an account paid in every
 * batch of a bank statement is met again in nearly every one). Only a hint: nothing is written
 * from it, so another load's changes in between cannot be overwritten. Least recently
 * used entries are dropped beyond `capacity`, so memory stays bounded whatever the file's size.
 */
export class KnownNodes {
  private readonly entries = new Map<string, KnownNode>();
  /** One set per distinct combination of keys: a load's nodes of one kind share theirs. */
  private readonly keySets = new Map<string, ReadonlySet<string>>();
  constructor(private readonly capacity = 100_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): KnownNode | undefined {
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
  }

  set(id: string, entry: KnownNode): void {
    const signature = [...entry.keys].sort().join('\u001f');
    let keys = this.keySets.get(signature);
    if (keys === undefined) {
      keys = entry.keys;
      this.keySets.set(signature, keys);
    }
    this.entries.delete(id);
    this.entries.set(id, { ...entry, keys });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

/**
 * True when writing `row` would change nothing but the mention's row count: the mention holds
 * every key and spelling the row brings (the node holds them too, as it holds all its mentions').
 */
function bringsNothingNew(row: NodeRow, known: KnownNode): boolean {
  for (const key in row.props) if (!known.keys.has(key)) return false;
  return row.names.every((name) => known.names.includes(name));
}

async function writeNodes(
  tx: Tx,
  extract: string,
  group: NodeGroup,
  known: KnownNodes | undefined,
  written: Map<string, KnownNode>,
): Promise<void> {
  const full = group.rows.filter((row) => {
    const state = known?.get(row.id);
    return state === undefined || !bringsNothingNew(row, state);
  });
  if (full.length > 0) await writeNodesFully(tx, extract, queriesForNodes(group.label), full, known, written);
}

/**
 * Looks the nodes up, creates the new ones and fills what the existing ones lack; every row's
 * values and spellings go to this extract's mention as well.
 */
async function writeNodesFully(
  tx: Tx,
  extract: string,
  queries: NodeQueries,
  rows: NodeRow[],
  known: KnownNodes | undefined,
  written: Map<string, KnownNode>,
): Promise<void> {
  const found = await tx.run(queries.existing, { ids: rows.map((row) => row.id) });
  const existing = new Map(found.map((r) => [r.id as string, r]));
  const created: unknown[] = [];
  const updated: unknown[] = [];
  for (const row of rows) {
    const facts = mentionFacts(row.props, row.names);
    const before = existing.get(row.id);
    if (before === undefined) {
      const props: Record<string, unknown> = { ...row.props };
      if (row.names.length > 0) props.names = row.names;
      created.push({ id: row.id, props, facts, firstRow: row.firstRow, count: row.count });
      continue;
    }
    const props = missing(row.props, new Set(before.keys as string[]));
    const names = (before.names as string[] | null) ?? [];
    const added = row.names.filter((name) => !names.includes(name));
    if (added.length > 0) props.names = [...names, ...added];
    updated.push({ id: row.id, props, facts, firstRow: row.firstRow, count: row.count });
  }
  if (created.length > 0) await tx.run(queries.create, { extract, rows: created });
  if (updated.length > 0) await tx.run(queries.update, { extract, rows: updated });
  for (const row of rows) {
    // What the mention now holds, at least: this row's and what this load wrote before.
    const before = written.get(row.id) ?? known?.get(row.id);
    const keys = new Set([...(before?.keys ?? []), ...Object.keys(row.props)]);
    const names = [...new Set([...(before?.names ?? []), ...row.names])];
    written.set(row.id, { keys, names });
  }
}

/**
 * The row as the create templates take it: without its extract, which they set from $extract (one
 * batch, one extract). A row naming another extract is a loader bug, not something to write.
 */
function withoutExtract(
  extract: string,
  row: RelationshipRow,
  factKey?: string,
): { from: string; to: string; props: object; factKey?: string } {
  const { extract: own, ...props } = row.props;
  if (own !== undefined && own !== extract) {
    throw new Error(
      `store/write: a ${row.from}→${row.to} relationship names extract ${String(own)} in a batch of ${extract}; ` +
        'a batch holds the facts of one extract only',
    );
  }
  return factKey === undefined
    ? { from: row.from, to: row.to, props }
    : { from: row.from, to: row.to, props, factKey };
}

async function writeRelationships(tx: Tx, extract: string, group: RelationshipGroup): Promise<void> {
  const queries = queriesForRelationships(group.type, group.fromLabel, group.toLabel);
  if (queries.event) {
    for (const row of group.rows) {
      if (row.key === undefined || row.props.key !== row.key) {
        throw new Error(
          `store/write: ${group.type} ${row.from}→${row.to} is an event without its key in props`,
        );
      }
    }
    // Payments are summarised once the extract's last batch is in (flow-summary.ts summariseExtract).
    await tx.run(queries.create, { extract, rows: group.rows.map((row) => withoutExtract(extract, row)) });
    return;
  }
  // One relationship per endpoint pair and fact key (the kind, for types that tell kinds apart).
  const factOf = (row: RelationshipRow) => factKeyOf(group.type, row.props);
  const identity = (from: string, to: string, fact: string) => `${from}\u001f${to}\u001f${fact}`;
  const found = await tx.run(queries.existing, {
    rows: group.rows.map((row) => ({ from: row.from, to: row.to, factKey: factOf(row) })),
  });
  const existing = new Map(
    found.map((r) => [
      identity(String(r.from), String(r.to), String(r.factKey)),
      { keys: new Set(r.keys as string[]), own: r.extract === extract, extracts: r.extracts as string[] },
    ]),
  );
  const created: RelationshipRow[] = [];
  const filled: { from: string; to: string; factKey: string; props: RelationshipRow['props'] }[] = [];
  const also: { from: string; to: string; factKey: string; row: PropertyValue | null }[] = [];
  for (const row of group.rows) {
    const factKey = factOf(row);
    const link = existing.get(identity(row.from, row.to, factKey));
    if (link === undefined) {
      created.push(row);
      continue;
    }
    if (!link.own) {
      if (!link.extracts.includes(extract))
        also.push({ from: row.from, to: row.to, factKey, row: row.props.row ?? null });
      continue;
    }
    const props = missing(row.props, link.keys);
    if (Object.keys(props).length > 0)
      filled.push({ from: row.from, to: row.to, factKey, props: props as RelationshipRow['props'] });
  }
  if (created.length > 0)
    await tx.run(queries.create, {
      extract,
      rows: created.map((row) => withoutExtract(extract, row, factOf(row))),
    });
  if (filled.length > 0) await tx.run(queries.fill, { rows: filled });
  if (also.length > 0) await tx.run(queries.also, { extract, rows: also });
}

async function writeGroups(
  tx: Tx,
  batch: Batch,
  known: KnownNodes | undefined,
  written: Map<string, KnownNode>,
): Promise<void> {
  for (const group of batch.nodes)
    if (group.rows.length > 0) await writeNodes(tx, batch.extractId, group, known, written);
  for (const group of batch.relationships)
    if (group.rows.length > 0) await writeRelationships(tx, batch.extractId, group);
}

/**
 * Writes one batch and advances the checkpoint, atomically. Returns false when the checkpoint shows
 * the batch was already written (a retried commit, or a rerun of a killed load). `known` (one per
 * load) learns what the batch wrote once it has committed.
 */
/** Rows per label and statement when counts are written. */
const COUNT_CHUNK = 10_000;

/**
 * Adds the load's mention counts for lines up to `line` (all of them written: `line` is at most the
 * checkpoint) and moves the Extract's counted line there, in one transaction: a load stopped
 * before it recounts the lines after the counted line, which its batches already wrote.
 * Returns false, adding nothing, when the counted line is already at `line` or beyond (another
 * run of the load counted them).
 */
export async function writeMentionCounts(
  extractId: string,
  line: number,
  counts: readonly { label: EntityLabel; rows: readonly { id: string; count: number }[] }[],
  options: { timeoutMs?: number } = {},
): Promise<boolean> {
  return writeTx(
    async (tx) => {
      const [state] = await tx.run(COUNTED_LINE, { extract: extractId, line });
      if (state === undefined) throw new Error(`store/write: extract ${extractId} vanished during the load`);
      const before = Number(state.before);
      if (before >= line) return false;
      if (line > Number(state.checkpoint)) {
        throw new Error(
          `store/write: mention counts of ${extractId} up to line ${line} asked for before its batches reached it ` +
            `(checkpoint ${String(state.checkpoint)}); this is a loader bug, please report it`,
        );
      }
      for (const { label, rows } of counts) {
        for (const chunk of batches(rows, COUNT_CHUNK)) {
          const [done] = await tx.run(queriesForNodes(label).count, { extract: extractId, rows: chunk });
          const counted = Number(done?.counted ?? 0);
          if (counted !== chunk.length) {
            throw new Error(
              `store/write: ${chunk.length - counted} ${label} node(s) extract ${extractId} recorded are gone ` +
                '(deleted while it loaded); delete the extract and load the file again',
            );
          }
        }
      }
      return true;
    },
    {
      timeoutMs: options.timeoutMs ?? 300_000,
      metadata: { purpose: 'load:mention-counts', extract: extractId },
    },
  );
}

/**
 * Writes one batch with the extract's checkpoint, in one transaction. True when this load's write
 * of the batch is in the database; false when the checkpoint was already past it — written by
 * another load of the extract, or by an earlier run. `by` names this load (a random token): when
 * the commit's answer was lost (Neo4j killed at that moment) and the retry finds the checkpoint
 * past the batch with this load's token, the write was this load's and the answer is true.
 */
export async function writeBatch(
  batch: Batch,
  options: { timeoutMs?: number; known?: KnownNodes; by?: string } = {},
): Promise<boolean> {
  const { extractId, checkpoint } = batch;
  // Rebuilt on every attempt of the transaction; applied only after the commit.
  let written = new Map<string, KnownNode>();
  const applied = await writeTx(
    async (tx) => {
      written = new Map();
      const rows = await tx.run(CHECKPOINT_READ, { extract: extractId });
      if (rows[0] === undefined)
        throw new Error(`store/write: extract ${extractId} vanished during the load`);
      const done = Number(rows[0].line ?? 0);
      if (done >= checkpoint.line) return options.by !== undefined && rows[0].by === options.by;
      if (done >= checkpoint.firstLine) throw new OverlappingLoadError(extractId, done, checkpoint);
      await writeGroups(tx, batch, options.known, written);
      await tx.run(CHECKPOINT_WRITE, {
        extract: extractId,
        line: checkpoint.line,
        rows: checkpoint.rows,
        loaded: checkpoint.loaded,
        rejected: checkpoint.rejected,
        by: options.by ?? null,
      });
      return true;
    },
    { timeoutMs: options.timeoutMs ?? 300_000, metadata: { purpose: 'load:batch', extract: extractId } },
  );
  if (applied && options.known) for (const [id, node] of written) options.known.set(id, node);
  return applied;
}
