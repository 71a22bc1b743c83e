/**
 * Loads one extract: read → apply the mapping → batch → write, with the accounting that makes a
 * load trustworthy. Every row read is either loaded or written to the rejects file with its line
 * and reason, and read = loaded + rejected is stored on the Extract node.
 *
 * Idempotency and interruption: the Extract's id is derived from the file's sha256 and the mapping
 * (with source and jurisdiction), and each batch commits together with the extract's checkpoint
 * (the last input line written). Running a load again after a kill or a database restart re-reads
 * the file, re-applies every row (so counts and rejects are complete) and writes only rows after the
 * checkpoint; running a completed load again changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { config } from '../config.ts';
import { entityId, sha256 } from '../model/ids.ts';
import { JURISDICTION_RULE, normaliseJurisdiction as jurisdictionCode } from '../model/jurisdiction.ts';
import { StoreError } from '../store/errors.ts';
import { summariseExtract } from '../store/flow-summary.ts';
import { refreshMinorFactsOfExtract } from '../store/minor-facts.ts';
import {
  type Batch,
  completeExtract,
  type ExtractMeta,
  ensureLoadSchema,
  failExtract,
  KnownNodes,
  OverlappingLoadError,
  openExtract,
  writeBatch,
  writeMentionCounts,
} from '../store/write.ts';
import { BatchBuilder } from './batch.ts';
import { prepareFtm } from './ftm/mapper.ts';
import {
  type Applied,
  compileMapping,
  type FieldWarning,
  type LoadContext,
  type RowMapper,
} from './mapping/apply.ts';
import { loadMapping, mappedColumns } from './mapping/parse.ts';
import { type Mapping, SOURCE_NAME } from './mapping/schema.ts';
import { MENTION_COUNT_DEFAULTS, MentionCounts } from './mention-counts.ts';
import { sha256File } from './read/hash.ts';
import { MalformedFileError } from './read/record.ts';
import { RejectsWriter, warningsPathFor } from './rejects.ts';
import {
  checkColumns,
  checkReadOverrides,
  type InputRecord,
  type OnReplacement,
  openRecords,
  type SourceOptions,
} from './source.ts';

export const LOAD_DEFAULTS = {
  /** Input rows per write transaction: big enough to amortise a round trip, small enough to retry. */
  batchSize: 10_000,
  /** How long to keep retrying while the database is unreachable (a restart) before giving up. */
  retryForMs: 180_000,
  /** Minimum interval between progress callbacks. */
  progressEveryMs: 500,
} as const;

/** Built-in "mapping" for FollowTheMoney entity files. */
export const FTM_MAPPING = 'ftm';

/**
 * A row mapper built in code rather than read from a mapping file: how a source package
 * (ingest/package) loads each of its files through this loader, with the same accounting,
 * checkpoints and rejects as a single file.
 */
export interface CodeMapping {
  kind: 'code';
  /** Recorded as the Extract's mapping ("<package>/<file alias>"). */
  name: string;
  /** Identity of the mapping with everything it depends on (source, jurisdiction, the package's other files). */
  sha256: string;
  jurisdiction?: string;
  sourceOptions: SourceOptions;
  /** CSV columns the mapper reads (checked against the header before anything is written). */
  columns: string[];
  makeMapper(context: LoadContext): Promise<RowMapper>;
}

export interface LoadOptions {
  file: string;
  /** A mapping file path, a shipped mapping name (src/ingest/mappings), a parsed Mapping, "ftm" or a CodeMapping. */
  mapping: string | Mapping | CodeMapping;
  /** ISO 3166-1 alpha-2; overrides the mapping's. */
  jurisdiction?: string;
  /** Source name; overrides the mapping's (default: the mapping's name). Scopes local ids. */
  source?: string;
  /** Validate and count without writing to the database (the rejects file is still written). */
  dryRun?: boolean;
  /** Rejects file (JSON lines); default .skein/rejects/<file>.<sha12>-<mapping sha6>.rejects.jsonl. */
  rejectsFile?: string;
  batchSize?: number;
  retryForMs?: number;
  /** Override the mapping's input: encoding (utf-8, latin1, windows-1252) and CSV delimiter. */
  encoding?: string;
  delimiter?: string;
  /** A row whose values hold U+FFFD: 'reject' (default) or 'keep' (loaded, counted as a warning per column). */
  onReplacement?: string;
}

export interface LoadProgress {
  file: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  bytesRead: number;
  totalBytes: number;
  rowsPerSecond: number;
  /** Estimated from bytes read so far; undefined until there is a rate. */
  etaSeconds: number | undefined;
}

export interface LoadHooks {
  onProgress?: (progress: LoadProgress) => void;
  /** Stops the load between batches; the extract stays resumable. */
  signal?: AbortSignal;
}

export interface LoadSummary {
  extractId: string;
  file: string;
  name: string;
  source: string;
  jurisdiction: string | null;
  sha256: string;
  mapping: string;
  status: 'loaded' | 'resumed' | 'already-loaded' | 'dry-run';
  /** For a resumed load: lines up to here were already in the database. */
  resumedAfterLine: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /**
   * Invalid values of optional fields, left out while their rows loaded: the total, the count per
   * column, and the file listing each (line, column, reason, raw row).
   */
  warnings: number;
  warningsByColumn: Record<string, number>;
  warningsFile: string | null;
  /** Warnings about the file as a whole: a declared encoding that looks wrong for its bytes. */
  readWarnings: string[];
  /** Nodes and relationships sent to the database (after de-duplication within each batch), by label/type. */
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  rejectsFile: string | null;
  seconds: number;
  rowsPerSecond: number;
}

export class LoadAbortedError extends Error {
  constructor(readonly extractId: string) {
    super(`ingest/load: load of extract ${extractId} aborted; run it again to resume`);
    this.name = 'LoadAbortedError';
  }
}

export interface Plan {
  mappingName: string;
  mappingSha256: string;
  source: string;
  jurisdiction: string | undefined;
  sourceOptions: SourceOptions;
  onReplacement: OnReplacement;
  /** CSV columns the mapping reads (checked against the header). */
  columns: string[];
  makeMapper(context: LoadContext): Promise<RowMapper>;
}

function normaliseJurisdiction(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const code = jurisdictionCode(value);
  if (code === null) {
    throw new Error(`ingest/load: jurisdiction "${value}" must be ${JURISDICTION_RULE}`);
  }
  return code;
}

function checkSource(value: string): string {
  const source = value.trim();
  if (!SOURCE_NAME.test(source)) {
    throw new Error(
      `ingest/load: source "${value}" must be printable text without "|", at most 100 characters (it scopes ids)`,
    );
  }
  return source;
}

/** The Extract's id: one per file content and mapping identity (so a rerun finds the same Extract). */
export function extractIdOf(fileSha256: string, mappingSha256: string): string {
  return entityId('Extract', [fileSha256, mappingSha256.slice(0, 12)]);
}

export function isCodeMapping(mapping: LoadOptions['mapping']): mapping is CodeMapping {
  return typeof mapping === 'object' && 'kind' in mapping && mapping.kind === 'code';
}

/**
 * How the file is read when the load overrides its mapping: part of the extract's identity (only
 * when given, so earlier extracts keep their ids), since a file read with another encoding is
 * another reading of it (a load that was garbled can be run again, correctly, as a new extract).
 */
function readIdentity(read: ReturnType<typeof checkReadOverrides>): { read?: object } {
  return Object.keys(read).length > 0 ? { read } : {};
}

/** What a load reads and how: the mapping, its identity, source, jurisdiction and reading options. */
export function planFor(options: LoadOptions): Plan {
  const read = checkReadOverrides({
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(options.onReplacement !== undefined ? { onReplacement: options.onReplacement } : {}),
  });
  const onReplacement = read.onReplacement ?? 'reject';
  const given = options.mapping;
  if (isCodeMapping(given)) {
    const code = given;
    const encoding = read.encoding ?? code.sourceOptions.encoding;
    const delimiter = read.delimiter ?? code.sourceOptions.delimiter;
    return {
      mappingName: code.name,
      mappingSha256:
        Object.keys(read).length > 0 ? sha256(JSON.stringify({ code: code.sha256, read })) : code.sha256,
      source: checkSource(options.source ?? code.name),
      jurisdiction: normaliseJurisdiction(options.jurisdiction ?? code.jurisdiction),
      sourceOptions: {
        ...code.sourceOptions,
        ...(encoding !== undefined ? { encoding } : {}),
        ...(delimiter !== undefined ? { delimiter } : {}),
      },
      onReplacement,
      columns: code.columns,
      makeMapper: (context) => code.makeMapper(context),
    };
  }
  if (options.mapping === FTM_MAPPING) {
    const source = checkSource(options.source ?? 'ftm');
    const jurisdiction = normaliseJurisdiction(options.jurisdiction);
    if (read.delimiter !== undefined)
      throw new Error('ingest/load: --delimiter is for CSV files; ftm reads JSON lines');
    return {
      mappingName: FTM_MAPPING,
      mappingSha256: sha256(
        JSON.stringify({ mapping: FTM_MAPPING, version: 1, source, jurisdiction, ...readIdentity(read) }),
      ),
      source,
      jurisdiction,
      sourceOptions: { format: 'jsonl', ...(read.encoding !== undefined ? { encoding: read.encoding } : {}) },
      onReplacement,
      columns: [],
      makeMapper: (context) => prepareFtm(options.file, context),
    };
  }
  const mapping = typeof given === 'string' ? loadMapping(given).mapping : given;
  const source = checkSource(options.source ?? mapping.source ?? mapping.name);
  const jurisdiction = normaliseJurisdiction(options.jurisdiction ?? mapping.jurisdiction);
  if (read.delimiter !== undefined && mapping.input.format !== 'csv') {
    throw new Error(`ingest/load: --delimiter is for CSV files; mapping ${mapping.name} reads JSON lines`);
  }
  const delimiter = read.delimiter ?? mapping.input.delimiter;
  const encoding = read.encoding ?? mapping.input.encoding;
  return {
    mappingName: mapping.name,
    mappingSha256: sha256(JSON.stringify({ mapping, source, jurisdiction, ...readIdentity(read) })),
    source,
    jurisdiction,
    sourceOptions: {
      format: mapping.input.format,
      ...(delimiter !== undefined ? { delimiter } : {}),
      ...(mapping.input.quote !== undefined ? { quote: mapping.input.quote } : {}),
      ...(encoding !== undefined ? { encoding } : {}),
    },
    onReplacement,
    columns: mapping.input.format === 'csv' ? mappedColumns(mapping) : [],
    makeMapper: async (context) => compileMapping(mapping, context),
  };
}

const REPLACEMENT_KEPT =
  'holds U+FFFD replacement characters (letters lost by an earlier bad conversion); loaded as written (--on-replacement keep)';

/** Why a row with U+FFFD in its values was rejected, naming the columns and both ways out. */
function replacementReason(columns: readonly string[]): string {
  const named = columns.map((c) => `"${c}"`).join(', ');
  return (
    `column ${named} holds U+FFFD replacement characters: letters were lost by an earlier bad conversion ` +
    '(and cannot be recovered from this file); fix them at the source, or load the row as written with --on-replacement keep'
  );
}

/**
 * One record through the mapping, as every loader applies it (this one and the bulk loader,
 * ingest/bulk): a row the reader could not split, or one holding U+FFFD under `reject`, is
 * rejected with its reason. `rowWarnings` are the invalid optional values the mapping left out
 * (mapping/apply.ts) and, with --on-replacement keep, the values holding U+FFFD loaded as written:
 * each counted per column.
 */
export function applyRecord(
  record: InputRecord,
  onReplacement: OnReplacement,
  mapper: RowMapper,
): { applied: Applied; rowWarnings: FieldWarning[] } {
  const applied: Applied =
    record.parseError !== undefined
      ? { ok: false as const, reason: record.parseError }
      : record.replaced !== undefined && onReplacement === 'reject'
        ? { ok: false as const, reason: replacementReason(record.replaced) }
        : mapper.apply(record);
  if (!applied.ok) return { applied, rowWarnings: [] };
  const rowWarnings = [
    ...(applied.warnings ?? []),
    ...(record.replaced ?? []).map((column) => ({ column, reason: REPLACEMENT_KEPT })),
  ];
  return { applied, rowWarnings };
}

/** The store classifies driver errors by their Neo4j status code (store/errors.ts); only its verdict counts. */
function isRetryable(error: unknown): boolean {
  return error instanceof StoreError && (error.code === 'SERVICE_UNAVAILABLE' || error.code === 'TRANSIENT');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const yieldToEventLoop = () => new Promise((r) => setImmediate(r));

/** Runs a store call, retrying while the database is unreachable or transiently failing. */
async function withRetry<T>(work: () => Promise<T>, retryForMs: number): Promise<T> {
  const started = Date.now();
  let wait = 250;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryable(error) || Date.now() - started > retryForMs) throw error;
      await sleep(wait);
      wait = Math.min(wait * 2, 5_000);
    }
  }
}

/** One rejects file per extract (file and mapping): two mappings of one file do not overwrite each other's. */
export function defaultRejectsPath(file: string, fileSha: string, mappingSha: string): string {
  return resolve(
    config().projectRoot,
    '.skein/rejects',
    `${basename(file)}.${fileSha.slice(0, 12)}-${mappingSha.slice(0, 6)}.rejects.jsonl`,
  );
}

/**
 * What both loaders (this one and the bulk loader, ingest/bulk) know of an extract before reading a
 * row: the file (refused clearly when it is not one), its plan, hash and extract id, where its
 * rejects go, its Extract record and an empty summary.
 */
export async function describeExtract(options: LoadOptions, status: LoadSummary['status']) {
  const file = resolve(options.file);
  let totalBytes: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    totalBytes = stat.size;
  } catch {
    throw new MalformedFileError(file, undefined, undefined, 'not found or not a readable file');
  }
  const plan = planFor(options);
  const fileSha = await sha256File(file);
  const extractId = extractIdOf(fileSha, plan.mappingSha256);
  const rejectsPath = resolve(options.rejectsFile ?? defaultRejectsPath(file, fileSha, plan.mappingSha256));
  const meta: ExtractMeta = {
    id: extractId,
    name: basename(file),
    file,
    source: plan.source,
    jurisdiction: plan.jurisdiction ?? null,
    sha256: fileSha,
    mapping: plan.mappingName,
    mappingSha256: plan.mappingSha256,
    rejectsFile: rejectsPath,
  };
  const summary: LoadSummary = {
    extractId,
    file,
    name: meta.name,
    source: meta.source,
    jurisdiction: meta.jurisdiction,
    sha256: fileSha,
    mapping: plan.mappingName,
    status,
    resumedAfterLine: 0,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    warnings: 0,
    warningsByColumn: {},
    warningsFile: warningsPathFor(rejectsPath),
    readWarnings: [],
    nodes: {},
    relationships: {},
    rejectsFile: rejectsPath,
    seconds: 0,
    rowsPerSecond: 0,
  };
  return { file, totalBytes, plan, extractId, rejectsPath, meta, summary };
}

/** Loads one extract file. Throws MappingError, MalformedFileError or a StoreError; see LoadSummary. */
export async function loadExtract(options: LoadOptions, hooks: LoadHooks = {}): Promise<LoadSummary> {
  const started = performance.now();
  const { file, totalBytes, plan, extractId, rejectsPath, meta, summary } = await describeExtract(
    options,
    options.dryRun ? 'dry-run' : 'loaded',
  );
  const batchSize = options.batchSize ?? LOAD_DEFAULTS.batchSize;
  const retryForMs = options.retryForMs ?? LOAD_DEFAULTS.retryForMs;
  const finish = () => {
    summary.seconds = (performance.now() - started) / 1000;
    summary.rowsPerSecond = summary.seconds > 0 ? Math.round(summary.rowsRead / summary.seconds) : 0;
    return summary;
  };

  // Everything that can be checked before writing is checked before writing.
  await checkColumns(file, plan.sourceOptions, plan.columns);
  const context: LoadContext = { extractId, source: plan.source, jurisdiction: plan.jurisdiction };
  const mapper = await plan.makeMapper(context);
  let resumeAfter = 0;
  // Lines after this one were written by a stopped run but not counted: read again, they recount.
  let countedAfter = 0;
  if (!options.dryRun) {
    await withRetry(() => ensureLoadSchema(), retryForMs);
    const state = await withRetry(() => openExtract(meta), retryForMs);
    if (state.status === 'complete') {
      Object.assign(summary, {
        status: 'already-loaded',
        rowsRead: state.rows,
        rowsLoaded: state.loaded,
        rowsRejected: state.rejected,
        rejectsFile: state.rejectsFile,
        warnings: state.warnings,
        warningsByColumn: state.warningsByColumn,
        warningsFile: state.rejectsFile === null ? null : warningsPathFor(state.rejectsFile),
      });
      return finish();
    }
    resumeAfter = state.checkpointLine;
    countedAfter = Math.min(state.countedLine, resumeAfter);
    if (resumeAfter > 0) {
      summary.status = 'resumed';
      summary.resumedAfterLine = resumeAfter;
    }
  }

  const rejects = new RejectsWriter(rejectsPath);
  const warnings = new RejectsWriter(warningsPathFor(rejectsPath));
  let bytesRead = 0;
  let lastProgress = 0;
  const report = (force = false) => {
    if (hooks.onProgress === undefined) return;
    const now = performance.now();
    if (!force && now - lastProgress < LOAD_DEFAULTS.progressEveryMs) return;
    lastProgress = now;
    const seconds = (now - started) / 1000;
    const bytesPerSecond = seconds > 0 ? bytesRead / seconds : 0;
    hooks.onProgress({
      file,
      rowsRead: summary.rowsRead,
      rowsLoaded: summary.rowsLoaded,
      rowsRejected: summary.rowsRejected,
      bytesRead: Math.min(bytesRead, totalBytes),
      totalBytes,
      rowsPerSecond: seconds > 0 ? Math.round(summary.rowsRead / seconds) : 0,
      etaSeconds: bytesPerSecond > 0 ? Math.max(0, (totalBytes - bytesRead) / bytesPerSecond) : undefined,
    });
  };

  // One batch is written while the next one is read and mapped: the database and the parser overlap.
  let builder = new BatchBuilder();
  const known = new KnownNodes();
  const counts = new MentionCounts();
  // Tells this load's checkpoints from another's (store/write.ts writeBatch).
  const loadToken = randomUUID();
  /** The last line whose batch is written: counts may be written up to it. */
  let writtenLine = resumeAfter;
  const writeCounts = async () => {
    const drained = counts.drain();
    await withRetry(() => writeMentionCounts(extractId, writtenLine, drained), retryForMs);
  };
  let pending: Promise<void> | undefined;
  let writeError: unknown;
  const count = (batch: Batch) => {
    for (const group of batch.nodes)
      summary.nodes[group.label] = (summary.nodes[group.label] ?? 0) + group.rows.length;
    for (const group of batch.relationships) {
      summary.relationships[group.type] = (summary.relationships[group.type] ?? 0) + group.rows.length;
    }
  };
  const flush = async () => {
    if (builder.isEmpty()) return;
    const batch = builder.build(extractId, {
      rows: summary.rowsRead,
      loaded: summary.rowsLoaded,
      rejected: summary.rowsRejected,
    });
    builder = new BatchBuilder();
    count(batch);
    if (options.dryRun) return;
    await pending;
    if (writeError !== undefined) throw writeError;
    if (hooks.signal?.aborted) throw new LoadAbortedError(extractId);
    if (counts.size >= MENTION_COUNT_DEFAULTS.maxNodes) await writeCounts();
    pending = withRetry(() => writeBatch(batch, { known, by: loadToken }), retryForMs)
      .then((written) => {
        // Written since this load opened the extract: another load of it is running, and its
        // counts and ours would overlap. It owns the extract; this one stops (as on an overlap).
        if (!written) throw new OverlappingLoadError(extractId, batch.checkpoint.line, batch.checkpoint);
        counts.addBatch(batch);
        writtenLine = batch.checkpoint.line;
      })
      .catch((error: unknown) => {
        writeError = error;
      });
  };

  try {
    const reading = {
      ...plan.sourceOptions,
      onWarning: (message: string) => summary.readWarnings.push(message),
    };
    for await (const record of openRecords(file, reading)) {
      summary.rowsRead += 1;
      bytesRead += record.raw.length + 1;
      const { applied, rowWarnings } = applyRecord(record, plan.onReplacement, mapper);
      if (applied.ok) {
        summary.rowsLoaded += 1;
        for (const warning of rowWarnings) {
          summary.warnings += 1;
          summary.warningsByColumn[warning.column] = (summary.warningsByColumn[warning.column] ?? 0) + 1;
          await warnings.write({
            file,
            line: record.line,
            column: warning.column,
            warning: warning.reason,
            raw: record.raw,
          });
        }
        if (record.line > resumeAfter) builder.add(record.line, applied.nodes, applied.relationships);
        else if (record.line > countedAfter && !options.dryRun) counts.addRow(applied.nodes);
      } else {
        summary.rowsRejected += 1;
        await rejects.write({ file, line: record.line, reason: applied.reason, raw: record.raw });
      }
      if (builder.rows >= batchSize) await flush();
      // Reading and mapping are synchronous between chunks; yielding now and then lets the driver's
      // socket callbacks run, so the batch being written makes progress while this one is prepared.
      if ((summary.rowsRead & 255) === 0) {
        await yieldToEventLoop();
        report();
      }
    }
    await flush();
    await pending;
    if (writeError !== undefined) throw writeError;
    if (!options.dryRun) await writeCounts();
    await rejects.close();
    await warnings.close();
  } catch (error) {
    await pending?.catch(() => undefined);
    await rejects.close().catch(() => undefined);
    await warnings.close().catch(() => undefined);
    // A refused load is marked failed, so reads and analysis leave out the part of the file it
    // wrote (store/read/scope.ts) until a load of the same file completes it. An aborted load stays
    // `loading`: left out just the same, and resumable; so does an extract another load is writing
    // (an overlap), whose status that load owns.
    if (!options.dryRun && !(error instanceof LoadAbortedError) && !(error instanceof OverlappingLoadError)) {
      const reason = error instanceof Error ? error.message : String(error);
      await failExtract(extractId, reason).catch(() => undefined);
    }
    throw error;
  }

  if (summary.rowsRead !== summary.rowsLoaded + summary.rowsRejected) {
    throw new Error(
      `ingest/load: accounting broke (read ${summary.rowsRead} ≠ loaded + rejected); please report`,
    );
  }
  if (!options.dryRun) {
    const counts = {
      rows: summary.rowsRead,
      loaded: summary.rowsLoaded,
      rejected: summary.rowsRejected,
      warnings: summary.warnings,
      warningsByColumn: summary.warningsByColumn,
    };
    // The money summaries are derived from the payments as stored, before the extract counts as
    // complete (store/flow-summary.ts): a load that stops here is resumed and summarises again.
    await withRetry(() => summariseExtract(extractId), retryForMs);
    // So are the minors rule's facts of every person the extract touches (store/minor-facts.ts).
    await withRetry(() => refreshMinorFactsOfExtract(extractId), retryForMs);
    await withRetry(() => completeExtract(extractId, counts, rejectsPath), retryForMs);
  }
  report(true);
  return finish();
}
