/**
 * Mention counts are written once per load, not per batch (ingest/mention-counts.ts): a load that
 * writes its counts part-way (a small memory bound), stops, and is resumed must end with exactly
 * the graph of one uninterrupted load — every MENTIONS.rows included — and a load that stops
 * before writing any recounts the lines its batches wrote.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_MAPPING, writeBankCsv } from '../../../scripts/bench/bank-csv.ts';
import { LoadAbortedError, loadExtract } from '../../../src/ingest/load.ts';
import { MENTION_COUNT_DEFAULTS } from '../../../src/ingest/mention-counts.ts';
import { executeRead } from '../../../src/store/run.ts';
import { readExtract } from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { type GraphSnapshot, graphSnapshot } from './snapshot.ts';

const dir = mkdtempSync(join(tmpdir(), 'skein-mention-counts-'));
const file = join(dir, 'bank.csv');
const ROWS = 2_400;
const BATCH = 200;
const maxNodes = MENTION_COUNT_DEFAULTS.maxNodes;
let uninterrupted: GraphSnapshot;

/** Stops the load before its (n+1)th batch: the loader checks the signal before each. */
function stopAfter(batches: number): AbortSignal {
  let checks = 0;
  return {
    get aborted() {
      return ++checks > batches;
    },
  } as AbortSignal;
}

const load = (signal?: AbortSignal) =>
  loadExtract({ file, mapping: BENCH_MAPPING, batchSize: BATCH }, signal ? { signal } : {});

describe('mention counts written once per load', () => {
  beforeAll(async () => {
    await writeBankCsv(file, { rows: ROWS, seed: 5, holders: 30, counterparties: 90, rejectEvery: 500 });
    await cleanDatabase();
    await load();
    uninterrupted = await graphSnapshot();
    const [sums] = await executeRead(
      'MATCH (:Extract)-[m:MENTIONS]->(:Account) RETURN sum(m.rows) AS rows, min(m.rows) AS least',
    );
    // Each loaded row names its holder's account and a counterparty's: two account mentions a row.
    expect(Number(sums?.least)).toBeGreaterThan(0);
    expect(Number(sums?.rows)).toBeGreaterThan(ROWS);
  }, 300_000);
  afterEach(() => {
    MENTION_COUNT_DEFAULTS.maxNodes = maxNodes;
  });
  afterAll(closeDriver);

  it('writes counts part-way under a small bound, stops, resumes, and ends with the same graph', async () => {
    await cleanDatabase();
    const { extractId } = await loadExtract({ file, mapping: BENCH_MAPPING, dryRun: true });
    MENTION_COUNT_DEFAULTS.maxNodes = 40;
    await expect(load(stopAfter(7))).rejects.toBeInstanceOf(LoadAbortedError);
    const partial = await readExtract(extractId);
    // Counts were written part-way (the bound), and some written lines wait to be counted.
    expect(partial?.countedLine).toBeGreaterThan(0);
    expect(partial?.countedLine).toBeLessThan(partial?.checkpointLine ?? 0);
    MENTION_COUNT_DEFAULTS.maxNodes = maxNodes;
    const resumed = await load();
    expect(resumed.status).toBe('resumed');
    expect((await readExtract(extractId))?.countedLine).toBe(ROWS + 1);
    expect(await graphSnapshot()).toEqual(uninterrupted);
  }, 300_000);

  it('recounts every written line when a load stopped before writing any count', async () => {
    await cleanDatabase();
    const { extractId } = await loadExtract({ file, mapping: BENCH_MAPPING, dryRun: true });
    await expect(load(stopAfter(5))).rejects.toBeInstanceOf(LoadAbortedError);
    const partial = await readExtract(extractId);
    expect(partial?.countedLine).toBe(0);
    expect(partial?.checkpointLine).toBeGreaterThan(BATCH);
    await load();
    expect(await graphSnapshot()).toEqual(uninterrupted);
  }, 300_000);
});
