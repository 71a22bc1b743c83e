/**
 * Interrupted loads: a loader process killed with SIGKILL part-way, and the database itself killed
 * and restarted part-way. Running the load again (or letting it retry) must end with exactly the
 * graph of an uninterrupted load into a clean database: same counts, same content checksum.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BENCH_MAPPING, writeBankCsv } from '../../../scripts/bench/bank-csv.ts';
import { loadExtract } from '../../../src/ingest/load.ts';
import { kill, start, status } from '../../../src/store/embedded.ts';
import { readExtract } from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { testEmbeddedOptions } from '../../support/embedded-test-server.ts';
import { type GraphSnapshot, graphSnapshot } from './snapshot.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'skein-interrupt-'));
const file = join(dir, 'bank.csv');
const ROWS = 20_000;
const BATCH = 1_000;
let extractId: string;
let uninterrupted: GraphSnapshot;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (answer: boolean) => {
      socket.destroy();
      done(answer);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function waitForCheckpoint(atLeast: number, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await readExtract(extractId).catch(() => undefined);
    if (state !== undefined && state.checkpointLine >= atLeast) return state.checkpointLine;
    await sleep(50);
  }
  throw new Error(`no checkpoint at line ${atLeast} within ${timeoutMs} ms`);
}

describe('interrupted loads', () => {
  beforeAll(async () => {
    await writeBankCsv(file, { rows: ROWS, seed: 11, rejectEvery: 997 });
    extractId = (await loadExtract({ file, mapping: BENCH_MAPPING, dryRun: true })).extractId;
    await cleanDatabase();
    const summary = await loadExtract({ file, mapping: BENCH_MAPPING, batchSize: BATCH });
    expect(summary.status).toBe('loaded');
    uninterrupted = await graphSnapshot();
  }, 600_000);
  beforeEach(cleanDatabase);
  afterAll(closeDriver);

  it('resumes a loader killed with SIGKILL and ends with the same graph', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/load.ts',
        '--mapping',
        BENCH_MAPPING,
        '--batch-size',
        String(BATCH),
        '--quiet',
        file,
      ],
      { cwd: root, env: process.env, stdio: 'ignore' },
    );
    const exited = once(child, 'exit');
    const killedAt = await waitForCheckpoint(5 * BATCH);
    child.kill('SIGKILL');
    await exited;
    const partial = await readExtract(extractId);
    expect(partial?.status).toBe('loading');
    expect(partial?.checkpointLine).toBeGreaterThanOrEqual(killedAt);
    expect(partial?.checkpointLine).toBeLessThan(ROWS);

    const resumed = await loadExtract({ file, mapping: BENCH_MAPPING, batchSize: BATCH });
    expect(resumed.status).toBe('resumed');
    expect(resumed.resumedAfterLine).toBe(partial?.checkpointLine);
    expect(resumed.rowsRead).toBe(ROWS);
    expect(await graphSnapshot()).toEqual(uninterrupted);
  }, 300_000);

  it('survives the database being killed and restarted mid-load', async (context) => {
    const options = testEmbeddedOptions();
    const uri = process.env.NEO4J_URI ?? '';
    if (!status(options).running || !uri.endsWith(`:${options.port}`)) {
      context.skip(); // only against the embedded test server this suite may restart
    }
    const load = loadExtract({ file, mapping: BENCH_MAPPING, batchSize: BATCH, retryForMs: 240_000 });
    await waitForCheckpoint(5 * BATCH);
    await kill(options);
    // The killed server's socket can outlive it by a moment; start() refuses a port that answers.
    while (await portAnswers(options.port)) await sleep(100);
    await start({ ...options, log: () => undefined });
    const summary = await load;
    expect(summary.status).toBe('loaded');
    expect(summary.rowsRead).toBe(ROWS);
    expect(await graphSnapshot()).toEqual(uninterrupted);
  }, 600_000);
});
