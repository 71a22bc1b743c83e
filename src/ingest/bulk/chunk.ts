/**
 * The normalising half of a bulk load, run on worker threads: read the file, apply the mapping to
 * this worker's chunks of records (chunk k of every n), and hand back per chunk what the merging
 * half (graph.ts) needs. Each worker parses the whole file (finding record boundaries needs every
 * byte; parsing is a fraction of mapping) and maps only its own chunks, so no record crosses
 * threads. A chunk's nodes and structural relationships come merged as one online batch merges
 * them (BatchBuilder): a holder named on fifty rows crosses once. Its events, one per row and most
 * of the volume, come rendered as import lines with their keys: the merging half only checks keys.
 */

import { relationshipSpec } from '../../model/relationships.ts';
import type { NodeGroup, RelationshipGroup } from '../../store/write.ts';
import { BatchBuilder } from '../batch.ts';
import { applyRecord, type LoadOptions, planFor } from '../load.ts';
import { openRecords } from '../source.ts';
import { renderLine, signatureOf, takeLineBreaks } from './admin-csv.ts';
import { type PaymentFacts, paymentFacts } from './payment-summaries.ts';

/**
 * Entries each memoised transform of a normalising worker keeps: a million-row statement names
 * ~50,000 counterparty IBANs, which the online loader's 16,384 (sized for its 192 MB heap) cycle
 * through, parsing nearly every one again; a bulk load runs with a 3 GB heap. About 250 bytes an
 * entry: at most ~30 MB per transform and worker.
 */
export const BULK_TRANSFORM_CACHE = 131_072;

export interface ChunkParams {
  options: LoadOptions;
  extractId: string;
  chunkSize: number;
}

export interface ChunkRejects {
  line: number;
  reason: string;
  raw: string;
}

export interface ChunkWarning {
  line: number;
  column: string;
  warning: string;
  raw: string;
}

export interface ChunkResult {
  seq: number;
  read: number;
  loaded: number;
  rejected: number;
  /** Last line of a loaded row (the online loader's checkpoint), 0 when none. */
  lastLoadedLine: number;
  bytes: number;
  rejects: ChunkRejects[];
  warnings: ChunkWarning[];
  nodes: NodeGroup[];
  structural: RelationshipGroup[];
  /** Events, in row order: `eventGroups[eventGroup[i]]` is "type|signature" of line i. */
  eventGroups: string[];
  eventGroup: number[];
  eventKeys: string[];
  eventLines: string[];
  /** What the money summaries need of line i when it is a payment (PAID), else null. */
  eventPayments: (PaymentFacts | null)[];
  /** Some event line's values hold a line break (the import must read multi-line fields). */
  eventLineBreaks: boolean;
}

export interface ChunkEnd {
  end: true;
  /** Records in the file, for the merging half to check it saw every chunk. */
  records: number;
  readWarnings: string[];
}

function emptyChunk(seq: number): ChunkResult {
  return {
    seq,
    read: 0,
    loaded: 0,
    rejected: 0,
    lastLoadedLine: 0,
    bytes: 0,
    rejects: [],
    warnings: [],
    nodes: [],
    structural: [],
    eventGroups: [],
    eventGroup: [],
    eventKeys: [],
    eventLines: [],
    eventPayments: [],
    eventLineBreaks: false,
  };
}

/** Splits the chunk's batch: structural relationships stay objects, events become import lines. */
function finish(chunk: ChunkResult, builder: BatchBuilder, extractId: string): ChunkResult {
  if (builder.isEmpty()) return chunk;
  const batch = builder.build(extractId, { rows: 0, loaded: 0, rejected: 0 });
  chunk.nodes = batch.nodes;
  const groupIndex = new Map<string, number>();
  for (const group of batch.relationships) {
    if (!relationshipSpec(group.type).event) {
      chunk.structural.push(group);
      continue;
    }
    for (const row of group.rows) {
      const { signature, keys } = signatureOf(row.props);
      const id = `${group.type}|${signature}`;
      let index = groupIndex.get(id);
      if (index === undefined) {
        index = chunk.eventGroups.length;
        chunk.eventGroups.push(id);
        groupIndex.set(id, index);
      }
      chunk.eventGroup.push(index);
      chunk.eventKeys.push(String(row.key));
      chunk.eventLines.push(renderLine([row.from, row.to], row.props, keys));
      chunk.eventPayments.push(group.type === 'PAID' ? paymentFacts(row.from, row.to, row.props) : null);
    }
  }
  chunk.eventLineBreaks = takeLineBreaks();
  return chunk;
}

/** This worker's chunks of the file, in order, then the end marker. */
export async function* mapChunks(
  params: ChunkParams,
  worker: number,
  workers: number,
): AsyncGenerator<ChunkResult | ChunkEnd> {
  const plan = planFor(params.options);
  const context = {
    extractId: params.extractId,
    source: plan.source,
    jurisdiction: plan.jurisdiction,
    transformCacheSize: BULK_TRANSFORM_CACHE,
  };
  const mapper = await plan.makeMapper(context);
  const readWarnings: string[] = [];
  const reading = { ...plan.sourceOptions, onWarning: (message: string) => readWarnings.push(message) };
  let records = 0;
  let chunk: ChunkResult | undefined;
  let builder = new BatchBuilder();
  for await (const record of openRecords(params.options.file, reading)) {
    const seq = Math.floor(records / params.chunkSize);
    records += 1;
    if (seq % workers !== worker) continue;
    if (chunk !== undefined && chunk.seq !== seq) {
      yield finish(chunk, builder, params.extractId);
      chunk = undefined;
      builder = new BatchBuilder();
    }
    chunk ??= emptyChunk(seq);
    chunk.read += 1;
    chunk.bytes += record.raw.length + 1;
    const { applied, rowWarnings } = applyRecord(record, plan.onReplacement, mapper);
    if (!applied.ok) {
      chunk.rejected += 1;
      chunk.rejects.push({ line: record.line, reason: applied.reason, raw: record.raw });
      continue;
    }
    chunk.loaded += 1;
    chunk.lastLoadedLine = record.line;
    for (const warning of rowWarnings)
      chunk.warnings.push({
        line: record.line,
        column: warning.column,
        warning: warning.reason,
        raw: record.raw,
      });
    builder.add(record.line, applied.nodes, applied.relationships);
  }
  if (chunk !== undefined) yield finish(chunk, builder, params.extractId);
  yield { end: true, records, readWarnings };
}
