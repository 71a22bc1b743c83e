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
import {
  type BatchPart,
  batchStatement,
  clearBatchStatements,
  EVENT_BODY,
  groupParameter,
} from './batch-statement.ts';
import { cypher } from './cypher.ts';
import { mentionFacts } from './read/facts.ts';
import { forgetCachedScopes, waitOutCachedScopes } from './read/scope-cache.ts';
import { executeRead, executeSchema, writeTx } from './run.ts';
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
// across rows and extracts), every new spelling of a name joins `names`. A batch is written by one
// statement (store/batch-statement.ts) that applies these rules in Cypher, filling only what is
// missing. Events are never changed once loaded: the batch skips the keys already in the graph and
// creates the rest.

/**
 * Every batch query starts with this (written out at the head of each statement here; the events'
 * statement shares the batch statement's body, store/batch-statement.ts). Each is anchored on uniqueness-constraint seeks, so its plan
 * does not depend on statistics; but a load changes the statistics fast (from an empty graph, most
 * of all), and Neo4j would otherwise throw the cached plans away and plan and compile every
 * statement again and again during the load.
 */
const BATCH_PLAN = 'CYPHER replan=skip';

/**
 * Mention counts, added once per load (ingest/mention-counts.ts) rather than in every batch that
 * meets the node again (an account paid on every page of a statement). Through the node's id: the
 * Extract has a mention of every node it recorded, the node only a few.
 */
const MENTION_COUNT = `CYPHER replan=skip
MATCH (e:Extract {id: $extract})
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
MATCH (e)-[m:MENTIONS]->(n)
SET m.rows = m.rows + row.count
RETURN count(m) AS counted`;

/** Locks the Extract and moves its counted line, if its batches reached that line. */
const COUNTED_LINE = `CYPHER replan=skip
MATCH (e:Extract {id: $extract})
SET e.countedLine = coalesce(e.countedLine, e.checkpointLine, 0)
WITH e, e.countedLine AS before
SET e.countedLine = CASE WHEN $line > before AND $line <= e.checkpointLine THEN $line ELSE before END
RETURN before, e.checkpointLine AS checkpoint`;

/** Events on their own, as the batch statement writes them: the benchmark's floor runs exactly this. */
const EVENT_CREATE = `${BATCH_PLAN}\n${EVENT_BODY.replaceAll('__P__', 'rows')}`;

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

/** Mention counts per label: the one per-label statement left (writeMentionCounts). */
const countQueries = new Map<string, string>();

function assertEntityLabel(label: EntityLabel): EntityLabel {
  if (!isEntityLabel(assertNodeLabel(label))) {
    throw new Error(`store/write: ${label} is not an entity label; loads write entities only`);
  }
  return label;
}

function countQuery(label: EntityLabel): string {
  let query = countQueries.get(label);
  if (query === undefined) {
    query = cypher(MENTION_COUNT, { label: assertEntityLabel(label) });
    countQueries.set(label, query);
  }
  return query;
}

/** Checks a relationship group joins labels its type allows; true for an event type. */
function checkRelationshipGroup(
  type: RelationshipType,
  fromLabel: EntityLabel,
  toLabel: EntityLabel,
): boolean {
  const spec = relationshipSpec(assertRelationshipType(type));
  if (
    !(spec.from as readonly string[]).includes(fromLabel) ||
    !(spec.to as readonly string[]).includes(toLabel)
  ) {
    throw new Error(
      `store/write: ${type} joins ${spec.from.join('|')} to ${spec.to.join('|')}, not ${fromLabel} to ${toLabel}`,
    );
  }
  return spec.event === true;
}

/**
 * The statement the loader writes events of `type` with (EVENT_CREATE): for benchmarks that must
 * run exactly the loader's Cypher. Takes $rows of {from, to, props (with key)} and $extract.
 */
export function eventStatement(type: RelationshipType, fromLabel: EntityLabel, toLabel: EntityLabel): string {
  if (!checkRelationshipGroup(type, fromLabel, toLabel))
    throw new Error(`store/write: ${type} is not an event; only events have one statement`);
  return cypher(EVENT_CREATE, { type, from: fromLabel, to: toLabel });
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
  countQueries.clear();
  clearBatchStatements();
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
  if (state.status === 'complete') return state;
  // A failed load that is run again (the file or the database fixed) starts over as a load.
  if (state.status === 'failed') {
    await writeTx((tx) =>
      tx.run(`MATCH (e:Extract {id: $extract}) SET e.status = 'loading' REMOVE e.error`, {
        extract: meta.id,
      }),
    );
  }
  // Marked as loading: no scope read from now on lets its rows be read. Scopes API processes
  // cached before the mark are waited out before the first row is written (read/scope-cache.ts).
  forgetCachedScopes();
  await waitOutCachedScopes();
  return { ...state, status: 'loading' };
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
  forgetCachedScopes();
  return toState(rows[0]?.extract as Record<string, unknown> | undefined, id);
}

export async function failExtract(id: string, error: string): Promise<void> {
  await writeTx((tx) => tx.run(EXTRACT_FAIL, { extract: id, error }), {
    metadata: { purpose: 'load:fail-extract' },
  });
  forgetCachedScopes();
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

/**
 * The row as the batch statement takes it: without its extract, which it sets from $extract (one
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

/**
 * The batch as the batch statement takes it (store/batch-statement.ts): its groups in order, with
 * the nodes that bring nothing new to what this load wrote left out (a label left with none is
 * left out of the statement), and what each node's mention holds once the batch is written.
 */
function batchParameters(
  batch: Batch,
  known: KnownNodes | undefined,
): { parts: BatchPart[]; groups: Record<string, unknown[]>; written: Map<string, KnownNode> } {
  const extract = batch.extractId;
  const parts: BatchPart[] = [];
  const groups: Record<string, unknown[]> = {};
  const written = new Map<string, KnownNode>();
  const add = (part: BatchPart, rows: unknown[]) => {
    groups[groupParameter(parts.length)] = rows;
    parts.push(part);
  };
  for (const group of batch.nodes) {
    const rows = group.rows.filter((row) => {
      const state = known?.get(row.id);
      return state === undefined || !bringsNothingNew(row, state);
    });
    if (rows.length === 0) continue;
    add(
      { kind: 'nodes', label: assertEntityLabel(group.label) },
      rows.map((row) => ({
        id: row.id,
        props: row.props,
        names: row.names,
        facts: mentionFacts(row.props, row.names),
        firstRow: row.firstRow,
      })),
    );
    for (const row of rows) {
      // What the mention holds once written, at least: this row's and what this load wrote before.
      const before = known?.get(row.id);
      const keys = new Set([...(before?.keys ?? []), ...Object.keys(row.props)]);
      const names = [...new Set([...(before?.names ?? []), ...row.names])];
      written.set(row.id, { keys, names });
    }
  }
  for (const group of batch.relationships) {
    if (group.rows.length === 0) continue;
    const event = checkRelationshipGroup(group.type, group.fromLabel, group.toLabel);
    if (event) {
      for (const row of group.rows) {
        if (row.key === undefined || row.props.key !== row.key) {
          throw new Error(
            `store/write: ${group.type} ${row.from}→${row.to} is an event without its key in props`,
          );
        }
      }
    }
    // Structural links are one per endpoint pair and fact key (the kind, for types that tell kinds
    // apart); payments are summarised once the extract's last batch is in (flow-summary.ts).
    const distinct = !event && relationshipSpec(group.type).distinct !== undefined;
    add(
      { kind: 'links', type: group.type, fromLabel: group.fromLabel, toLabel: group.toLabel },
      group.rows.map((row) =>
        withoutExtract(extract, row, distinct ? factKeyOf(group.type, row.props) : undefined),
      ),
    );
  }
  return { parts, groups, written };
}

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
          const [done] = await tx.run(countQuery(label), { extract: extractId, rows: chunk });
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
  const { parts, groups, written } = batchParameters(batch, options.known);
  const statement = batchStatement(parts);
  const applied = await writeTx(
    async (tx) => {
      const rows = await tx.run(statement, {
        ...groups,
        extract: extractId,
        firstLine: checkpoint.firstLine,
        line: checkpoint.line,
        rows: checkpoint.rows,
        loaded: checkpoint.loaded,
        rejected: checkpoint.rejected,
        by: options.by ?? null,
      });
      if (rows[0] === undefined)
        throw new Error(`store/write: extract ${extractId} vanished during the load`);
      // The checkpoint as the statement found it: it wrote the batch only when that was before it.
      const done = Number(rows[0].line ?? 0);
      if (done >= checkpoint.line) return options.by !== undefined && rows[0].by === options.by;
      // Rolled back (nothing was written, but the transaction ends with the error).
      if (done >= checkpoint.firstLine) throw new OverlappingLoadError(extractId, done, checkpoint);
      return true;
    },
    { timeoutMs: options.timeoutMs ?? 300_000, metadata: { purpose: 'load:batch', extract: extractId } },
  );
  if (applied && options.known) for (const [id, node] of written) options.known.set(id, node);
  return applied;
}
