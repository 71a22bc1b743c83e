/** Loading through the API: a loader starts a load, watches its progress, and it is audited. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/config.ts';
import { drainAudit, readAudit } from '../../src/store/audit.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { cleanDatabase, closeDriver, countNodes } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { jwtClient } from './client.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/tiny');
const { as: asViewer } = jwtClient('load-test-secret-load-test-secret-!!');
const as = (roles: string[], query: string, variables: Record<string, unknown> = {}) =>
  asViewer({ id: `user-${roles.join('-')}`, roles: roles as never, jurisdictions: ['*'] }, query, variables);

beforeAll(async () => {
  await cleanDatabase();
  mkdirSync(join(config().importDir, 'tiny'), { recursive: true });
  copyFileSync(
    join(FIXTURE, 'bank-a-statements.csv'),
    join(config().importDir, 'tiny/bank-a-statements.csv'),
  );
});
afterAll(async () => {
  await drainAudit();
  await closeDriver();
});

const START = `mutation($file: String!, $mapping: String!) { loadExtract(input: {file: $file, mapping: $mapping}) { id status } }`;

describe('loadExtract mutation', () => {
  it('loads a file from the import folder and reports progress and a summary', async () => {
    const started = await as(['loader'], START, { file: 'tiny/bank-a-statements.csv', mapping: 'bank-a' });
    expect(started.errors).toBeUndefined();
    const id = started.data?.loadExtract.id;
    const job: any = await pollUntil(
      `load job ${id}`,
      async () =>
        (
          await as(
            ['loader'],
            `query($id: String!) { loadJob(id: $id) { status error progress { rowsRead } summary { status rowsRead rowsLoaded rowsRejected sha256 } } }`,
            { id },
          )
        ).data?.loadJob,
      (j: any) => j?.status !== 'RUNNING',
      { everyMs: 250 },
    );
    expect(job).toMatchObject({ status: 'COMPLETED', error: null, summary: { status: 'LOADED' } });
    expect(job.summary.rowsRead).toBe(job.summary.rowsLoaded + job.summary.rowsRejected);
    expect(job.progress.rowsRead).toBe(job.summary.rowsRead);
    expect(await countNodes('Account')).toBeGreaterThan(0);
    await drainAudit();
    const loads = (await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 500 })).filter(
      (r) => r.action === 'load',
    );
    expect(loads[0]).toMatchObject({ actor: 'user-loader', operation: 'load bank-a-statements.csv' });
    expect(loads[0]?.outcome).toMatch(/^loaded: read \d+, loaded \d+, rejected \d+$/);
  });

  it('refuses files outside the import folder, unknown mappings and users without the loader role', async () => {
    const outside = await as(['loader'], START, { file: '../../package.json', mapping: 'bank-a' });
    expect(outside.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const mapping = await as(['loader'], START, {
      file: 'tiny/bank-a-statements.csv',
      mapping: '../../../etc/x',
    });
    expect(mapping.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const analyst = await as(['analyst'], START, { file: 'tiny/bank-a-statements.csv', mapping: 'bank-a' });
    expect(analyst.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
