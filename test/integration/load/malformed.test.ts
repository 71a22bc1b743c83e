/**
 * Files that cannot be read stop the load with a message naming file, line and column; the command
 * line reports with exit codes a batch script can act on.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BANK_HEADER, BENCH_MAPPING, writeBankCsv } from '../../../scripts/bench/bank-csv.ts';
import { loadExtract } from '../../../src/ingest/load.ts';
import { MalformedFileError } from '../../../src/ingest/read/record.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver, countNodes } from '../../support/db.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'skein-malformed-'));
const GOOD =
  'C00000001,"POPESCU, Ion",07700 900001,GB82WEST12345698765432,T1,01/02/2024,DR,10.00,NL91ABNA0417164300,R';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/load.ts', ...args], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
  });
}

describe('malformed input', () => {
  beforeEach(cleanDatabase);
  afterAll(closeDriver);

  it('stops before writing anything when a mapped column is missing from the header', async () => {
    const file = join(dir, 'no-iban.csv');
    writeFileSync(file, `${BANK_HEADER.replace(',iban,', ',account,')}\n${GOOD}\n`);
    const attempt = loadExtract({ file, mapping: BENCH_MAPPING });
    await expect(attempt).rejects.toBeInstanceOf(MalformedFileError);
    await expect(attempt).rejects.toMatchObject({ file, line: 1, column: 'iban' });
    expect(await countNodes()).toBe(0);
  });

  it('stops at a ragged row naming its line, and marks the extract failed', async () => {
    const file = join(dir, 'ragged.csv');
    writeFileSync(file, `${BANK_HEADER}\n${GOOD}\n${GOOD.replace('T1', 'T2')},extra\n`);
    const attempt = loadExtract({ file, mapping: BENCH_MAPPING });
    await expect(attempt).rejects.toBeInstanceOf(MalformedFileError);
    await expect(attempt).rejects.toMatchObject({ line: 3 });
    const [extract] = await executeRead('MATCH (e:Extract) RETURN e.status AS status, e.error AS error');
    expect(extract?.status).toBe('failed');
    expect(String(extract?.error)).toMatch(/ragged\.csv:3/);
  });

  it('exits 0 on a clean dry run and prints the summary table', () => {
    const file = join(dir, 'clean.csv');
    writeFileSync(file, `${BANK_HEADER}\n${GOOD}\n`);
    const run = cli('--mapping', BENCH_MAPPING, '--dry-run', '--quiet', file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/clean\.csv\s+dry-run\s+1\s+1\s+0/);
  });

  it('exits 1 when more rows are rejected than --max-rejects allows', async () => {
    const file = join(dir, 'rejects.csv');
    await writeBankCsv(file, { rows: 100, rejectEvery: 10 });
    const rejects = join(dir, 'rejects.jsonl');
    expect(
      cli(
        '--mapping',
        BENCH_MAPPING,
        '--dry-run',
        '--quiet',
        '--rejects',
        rejects,
        '--max-rejects',
        '10',
        file,
      ).status,
    ).toBe(0);
    const over = cli(
      '--mapping',
      BENCH_MAPPING,
      '--dry-run',
      '--quiet',
      '--rejects',
      rejects,
      '--max-rejects',
      '9',
      file,
    );
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/10 rows rejected, more than --max-rejects 9/);
  });

  it('exits 2 on a bad mapping or bad arguments, 3 on a malformed file', () => {
    const mapping = join(dir, 'bad.yaml');
    writeFileSync(
      mapping,
      'skein: 1\nname: bad\ninput: { format: csv }\nentities: { x: { label: Suspect, key: [a] } }\n',
    );
    const bad = cli('--mapping', mapping, '--dry-run', join(dir, 'clean.csv'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/entities\.x\.label: "Suspect"/);
    expect(cli('--dry-run').status).toBe(2);
    const missing = cli('--mapping', BENCH_MAPPING, '--dry-run', join(dir, 'no-iban.csv'));
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/no-iban\.csv:1 column "iban"/);
  });
});
