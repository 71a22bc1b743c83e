/**
 * `npm run resolve`, spawned as a user runs it against the test Neo4j: the summary table (records,
 * skipped, candidates per block kind, rules, proposals, what was written), the JSON summary, the
 * run stored and audited when the command exits, and a bad argument refused by name before a run
 * is created.
 */
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainAudit, readAudit } from '../../../src/store/audit.ts';
import { getResolutionRun } from '../../../src/store/read/resolution-runs.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeRead } from '../../../src/store/run.ts';
import { closeDriver } from '../../support/db.ts';
import { writeRecordWorld } from './run-world.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

async function resolveCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/resolve.ts', ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 170_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: Number(failed.code ?? 1), stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run resolve', () => {
  beforeAll(async () => {
    await writeRecordWorld({ persons: 200, companies: 20, seed: 13 });
  }, 120_000);
  afterAll(async () => {
    await drainAudit();
    await closeDriver();
  });

  it('prints the summary table, stores the run and audits it', async () => {
    const { code, stdout, stderr } = await resolveCli('--jurisdictions', 'GB', '--threshold', '0.85');
    expect(code, stderr).toBe(0);
    const runId = /Resolution run (\S+)\s+scope GB\s+seed 42\s+threshold 0\.85/.exec(stdout)?.[1];
    expect(runId, stdout).toBeDefined();
    expect(stderr).toContain(`[${runId}] completed`);
    const run = await getResolutionRun(runId!, FULL_SCOPE);
    expect(run?.status).toBe('completed');
    const row = (label: string) => Number(new RegExp(`^${label}\\s+(\\d+)$`, 'm').exec(stdout)?.[1]);
    expect(row('records: Person')).toBe(run!.counts!.records.Person);
    expect(row('candidate pairs')).toBe(run!.counts!.candidates);
    expect(row('candidates by phonetic')).toBe(run!.counts!.candidatesByKind.phonetic);
    expect(row('written POSSIBLY_SAME_AS')).toBe(run!.counts!.written.POSSIBLY_SAME_AS);
    const [stored] = await executeRead(
      'MATCH ()-[r:POSSIBLY_SAME_AS]->() WHERE r.runId = $id RETURN count(r) AS n',
      {
        id: runId,
      },
    );
    expect(row('written POSSIBLY_SAME_AS')).toBe(Number(stored!.n));
    const audit = (await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 500 })).filter(
      (r) => r.action === 'resolution' && r.entityIds.includes(runId!),
    );
    expect(audit.map((r) => r.actor)).toEqual([`cli:${userInfo().username}`]);
  });

  it('prints JSON with --json and refuses a bad threshold by name, creating no run', async () => {
    const json = await resolveCli('--labels', 'Organisation', '--json');
    expect(json.code, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout) as { runId: string; counts: { records: Record<string, number> } };
    expect(Object.keys(summary.counts.records)).toEqual(['Organisation']);
    const [before] = await executeRead('MATCH (r:ResolutionRun) RETURN count(r) AS n');
    const bad = await resolveCli('--threshold', '2');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/resolve: jobs\/resolve: threshold must be a probability/);
    const [after] = await executeRead('MATCH (r:ResolutionRun) RETURN count(r) AS n');
    expect(after!.n).toBe(before!.n);
  });
});
