/**
 * `npm run analyse` is audited like every other run (issue 19, "CLI detection runs are never
 * audited"; #17 defect 7): the CLI, spawned as a user runs it against the test Neo4j, has written
 * its audit record when it exits, and exits 1 with a message saying so when the record cannot be
 * written.
 */
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainAudit, readAudit } from '../../../src/store/audit.ts';
import { getRun } from '../../../src/store/read/analysis.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { world } from '../../unit/analyse/world.ts';
import { writeGraph } from './seed-graph.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Runs the CLI in its own process, as `npm run analyse -- …` does; never throws on exit code. */
async function analyseCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/analyse.ts', ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 170_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: Number(failed.code ?? 1), stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const actor = `cli:${userInfo().username}`;
const analysisRecords = async () =>
  (await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 500, actor })).filter(
    (r) => r.action === 'analysis',
  );

describe('npm run analyse and the audit trail', () => {
  beforeAll(async () => {
    await cleanDatabase();
    await writeGraph(world().graph);
  });
  afterAll(async () => {
    await drainAudit();
    await closeDriver();
  });

  it('has written the run’s audit record when the command exits', async () => {
    const { code, stdout, stderr } = await analyseCli('--seed', '7', '--json');
    expect(code, stderr).toBe(0);
    const { runId } = JSON.parse(stdout) as { runId: string };
    const records = await analysisRecords();
    expect(records.map((r) => r.operation)).toEqual([`analysis ${runId}`]);
    expect(records[0]).toMatchObject({ outcome: expect.stringMatching(/^complete: \d+ networks$/) });
    expect(records[0]?.jurisdictions).toEqual(['*']);
  });

  it('exits 1, saying the run is not audited, when the record cannot be written', async () => {
    // Another record already holds the next place in the chain: the append breaks a constraint.
    const [head] = await executeRead("MATCH (h:AuditHead {id: 'head'}) RETURN h.seq AS seq");
    const squatted = Number(head?.seq) + 1;
    await executeWrite('CREATE (:AuditRecord {seq: toInteger($seq), actor: "squatter"})', { seq: squatted });
    try {
      const { code, stderr } = await analyseCli('--seed', '7', '--json');
      expect(code).toBe(1);
      expect(stderr).toMatch(/analyse: run (run-\S+) completed but is NOT in the audit trail/);
      const runId = /analyse: run (run-\S+)/.exec(stderr)?.[1] as string;
      // The run itself is stored; only its audit failed, and the command says so.
      expect((await getRun(runId, FULL_SCOPE))?.status).toBe('completed');
      expect((await analysisRecords()).map((r) => r.operation)).not.toContain(`analysis ${runId}`);
    } finally {
      await executeWrite('MATCH (a:AuditRecord {actor: "squatter"}) DELETE a', { seq: squatted });
    }
  });
});
