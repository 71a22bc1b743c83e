/**
 * The tiny fixture split over GB and IE (they share accounts and phones), an in-process app taking
 * real JWTs, and detection runs started through the API: the world of the API tests that check what
 * one jurisdiction's viewers learn of the other's extracts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runLoad } from '../../src/jobs/load.ts';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { drainAudit } from '../../src/store/audit.ts';
import { getRun } from '../../src/store/read/analysis.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { cleanDatabase, closeDriver } from './db.ts';
import { pollUntil } from './poll.ts';
import { TINY_FIXTURE } from './tiny-world.ts';

export const TWO_JURISDICTIONS: [file: string, mapping: string, jurisdiction: string][] = [
  ['bank-a-statements.csv', 'bank-a', 'GB'],
  ['telecom-cdr.csv', 'telecom', 'GB'],
  ['tenancy-register.csv', 'tenancy', 'GB'],
  ['bank-b-transacties.csv', 'bank-b', 'IE'],
  ['seized-phone-contacts.csv', 'seized-phone', 'IE'],
  ['company-registry.csv', 'registry', 'IE'],
];

export const analyst = (id: string, jurisdictions: string[]): Viewer => ({
  id,
  roles: ['analyst'],
  jurisdictions,
});

/** Cleans the database and loads the two jurisdictions' extracts (rejects under `name`). */
export async function loadTwoJurisdictions(name: string): Promise<void> {
  await cleanDatabase();
  for (const [file, mapping, jurisdiction] of TWO_JURISDICTIONS) {
    await runLoad({
      file: join(TINY_FIXTURE, file),
      mapping,
      jurisdiction,
      rejectsFile: join(import.meta.dirname, '../../.skein/test-rejects', name, `${file}.jsonl`),
    });
  }
}

export interface JwtClient {
  /** The answer's data; fails the test on any error. */
  as(viewer: Viewer, query: string, variables?: Record<string, unknown>): Promise<any>;
  /** The whole answer, errors included. */
  raw(
    viewer: Viewer,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: any; errors?: any[] }>;
  /** Starts a detection run through the API as `viewer` and waits until it has completed. */
  analyse(viewer: Viewer): Promise<string>;
  /** A GET of another route of the app (exports) as `viewer`. */
  get(viewer: Viewer, path: string): Promise<Response>;
}

export function jwtClient(secret: string): JwtClient {
  const app = createApp({
    graphiql: false,
    authenticate: createAuthenticator({ mode: 'jwt', secret }),
    limits: { maxBodyBytes: 1_048_576, ratePerMinute: 0, burst: 1 },
  });
  const raw: JwtClient['raw'] = async (viewer, query, variables = {}) => {
    const response = await app.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await signDevelopmentToken(secret, viewer)}`,
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };
  const as: JwtClient['as'] = async (viewer, query, variables = {}) => {
    const body = await raw(viewer, query, variables);
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  const analyse: JwtClient['analyse'] = async (viewer) => {
    const data = await as(viewer, 'mutation { startAnalysis(input: {seed: 7}) { id } }');
    const id = data.startAnalysis.id as string;
    const status = await pollUntil(
      `run ${id}`,
      async () => (await getRun(id, FULL_SCOPE))?.status,
      (s) => s !== 'running',
    );
    if (status !== 'completed') throw new Error(`run ${id} ended ${status}`);
    return id;
  };
  const get: JwtClient['get'] = async (viewer, path) =>
    app.fetch(`http://skein.test${path}`, {
      headers: { authorization: `Bearer ${await signDevelopmentToken(secret, viewer)}` },
    });
  return { as, raw, analyse, get };
}

/**
 * A test file's setup and teardown: the world loaded (rejects under `name`), then a GB run and a run
 * of everything started through `client`; their ids are filled in before the first test.
 */
export function twoJurisdictionRuns(name: string, client: JwtClient): { gb: string; all: string } {
  const runs = { gb: '', all: '' };
  beforeAll(async () => {
    await loadTwoJurisdictions(name);
    runs.gb = await client.analyse(analyst('gb-analyst', ['GB']));
    runs.all = await client.analyse(analyst('all-analyst', ['*']));
  }, 600_000);
  afterAll(async () => {
    await drainAudit();
    await closeDriver();
  });
  return runs;
}
