/**
 * Bulk first load, first half: reads extracts with the online loader's plan, mapping, accounting
 * and rejects (ingest/load.ts), normalises them on worker threads (pool.ts) and writes the graph
 * they make as neo4j-admin import files (graph.ts, admin-csv.ts). Nothing touches the database
 * here: the import itself, which needs the server stopped, is store/bulk-import.ts; the command
 * that ties both together (and refuses a non-empty database) is cli/bulk.ts.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { ExtractMeta } from '../../store/write.ts';
import {
  describeExtract,
  isCodeMapping,
  type LoadOptions,
  type LoadProgress,
  type LoadSummary,
} from '../load.ts';
import { RejectsWriter, warningsPathFor } from '../rejects.ts';
import { checkColumns } from '../source.ts';
import { AdminCsvWriter, type AdminFileSet } from './admin-csv.ts';
import { BulkGraph } from './graph.ts';
import { orderedChunks } from './pool.ts';

export const BULK_DEFAULTS = {
  /** Records per chunk a worker maps and hands over at once. */
  chunkSize: 5_000,
  /** Normalising threads: one per core, at most 4 (the merge needs a core of its own at the end). */
  workers: Math.max(1, Math.min(4, cpus().length)),
  progressEveryMs: 500,
  /** Files smaller than this are mapped on the calling thread: starting workers would cost more. */
  inlineBelowBytes: 8_000_000,
} as const;

export interface BulkWriteOptions {
  /** The extracts, in load order: as `npm run load` would take them one after the other. */
  extracts: LoadOptions[];
  /** Where the import files go (emptied first). */
  dir: string;
  /** Normalising worker threads; 0 maps on the calling thread. Default: BULK_DEFAULTS.workers, none for small files. */
  workers?: number;
  chunkSize?: number;
}

export interface BulkWriteResult {
  summaries: LoadSummary[];
  files: AdminFileSet[];
  /** Some value holds a line break: the import must read multi-line fields. */
  multiline: boolean;
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  /** Events skipped because an earlier row or extract had their key (as the online loader skips them). */
  duplicateEvents: number;
  /** The Person nodes carry the minors rule's facts (no birth date anywhere): migration 013 need not run. */
  minorFactsWritten: boolean;
  seconds: number;
}

export interface BulkHooks {
  onProgress?: (progress: LoadProgress) => void;
  /** A file's turn begins (its index in `extracts`). */
  onFile?: (index: number, file: string) => void;
}

function extractNodeProps(
  meta: ExtractMeta,
  summary: LoadSummary,
  checkpointLine: number,
  startedAt: string,
) {
  const props: Record<string, unknown> = {};
  // `e += $meta` leaves out null values: no jurisdiction, no rejects file.
  for (const [key, value] of Object.entries(meta)) if (value !== null) props[key] = value;
  return {
    ...props,
    status: 'complete',
    checkpointLine,
    rows: summary.rowsRead,
    loaded: summary.rowsLoaded,
    rejected: summary.rowsRejected,
    warnings: summary.warnings,
    warningsByColumn: JSON.stringify(summary.warningsByColumn),
    startedAt,
    loadedAt: new Date().toISOString(),
  };
}

/** Reads, normalises and merges the extracts into import files under `options.dir`. */
export async function writeBulkImport(
  options: BulkWriteOptions,
  hooks: BulkHooks = {},
): Promise<BulkWriteResult> {
  const started = performance.now();
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith('.csv')) rmSync(resolve(dir, name));
  const out = new AdminCsvWriter(dir);
  const graph = new BulkGraph(out);
  const summaries: LoadSummary[] = [];
  const seen = new Set<string>();
  const workers = options.workers ?? BULK_DEFAULTS.workers;
  const chunkSize = options.chunkSize ?? BULK_DEFAULTS.chunkSize;

  for (const [index, extract] of options.extracts.entries()) {
    if (isCodeMapping(extract.mapping)) {
      throw new Error(
        'ingest/bulk: source packages load through the online loader (npm run load -- --package, without --bulk)',
      );
    }
    if (extract.dryRun)
      throw new Error(
        'ingest/bulk: --dry-run and --bulk do not go together; a dry run writes nothing anyway',
      );
    hooks.onFile?.(index, extract.file);
    const fileStarted = performance.now();
    const { file, totalBytes, plan, extractId, rejectsPath, meta, summary } = await describeExtract(
      extract,
      'loaded',
    );
    summaries.push(summary);
    if (seen.has(extractId)) {
      // The same file and mapping twice: the online loader finds it loaded the second time.
      summary.status = 'already-loaded';
      continue;
    }
    seen.add(extractId);
    await checkColumns(file, plan.sourceOptions, plan.columns);

    const startedAt = new Date().toISOString();
    const rejects = new RejectsWriter(rejectsPath);
    const warnings = new RejectsWriter(warningsPathFor(rejectsPath));
    let bytesRead = 0;
    let lastProgress = 0;
    let checkpointLine = 0;
    let records = -1;
    const report = (force: boolean) => {
      const now = performance.now();
      if (hooks.onProgress === undefined || (!force && now - lastProgress < BULK_DEFAULTS.progressEveryMs))
        return;
      lastProgress = now;
      const seconds = (now - fileStarted) / 1000;
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
    try {
      const threads =
        options.workers === undefined && totalBytes < BULK_DEFAULTS.inlineBelowBytes ? 0 : workers;
      for await (const chunk of orderedChunks({ options: extract, extractId, chunkSize }, threads)) {
        if ('end' in chunk) {
          records = chunk.records;
          summary.readWarnings.push(...chunk.readWarnings);
          break;
        }
        summary.rowsRead += chunk.read;
        summary.rowsLoaded += chunk.loaded;
        summary.rowsRejected += chunk.rejected;
        bytesRead += chunk.bytes;
        if (chunk.lastLoadedLine > 0) checkpointLine = chunk.lastLoadedLine;
        for (const reject of chunk.rejects) await rejects.write({ file, ...reject });
        for (const warning of chunk.warnings) {
          summary.warnings += 1;
          summary.warningsByColumn[warning.column] = (summary.warningsByColumn[warning.column] ?? 0) + 1;
          await warnings.write({ file, ...warning });
        }
        graph.add(extractId, chunk);
        report(false);
      }
    } finally {
      await rejects.close().catch(() => undefined);
      await warnings.close().catch(() => undefined);
    }
    if (records !== summary.rowsRead || summary.rowsRead !== summary.rowsLoaded + summary.rowsRejected) {
      throw new Error(
        `ingest/bulk: accounting broke for ${file} (records ${records}, read ${summary.rowsRead}, loaded ${summary.rowsLoaded}, rejected ${summary.rowsRejected}); please report`,
      );
    }
    graph.endExtract(extractId);
    out.node('Extract', extractId, extractNodeProps(meta, summary, checkpointLine, startedAt));
    graph.nodeCounts.Extract = (graph.nodeCounts.Extract ?? 0) + 1;
    report(true);
    summary.seconds = (performance.now() - fileStarted) / 1000;
    summary.rowsPerSecond = summary.seconds > 0 ? Math.round(summary.rowsRead / summary.seconds) : 0;
  }
  graph.finish();
  const files = out.close();
  return {
    summaries,
    files,
    multiline: out.multiline,
    nodes: graph.nodeCounts,
    relationships: graph.relationshipCounts,
    duplicateEvents: graph.duplicateEvents,
    minorFactsWritten: graph.minorFactsWritten,
    seconds: (performance.now() - started) / 1000,
  };
}
