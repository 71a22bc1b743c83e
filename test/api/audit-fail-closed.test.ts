/**
 * Issue 17, item 8: the audit trail failed open — a response left when its audit record could not
 * be written (only logged). Now a response that carries data is withheld and answered with
 * AUDIT_UNAVAILABLE (HTTP 503); one without data is sent and the gap logged. The storage case uses
 * a real failure: a stray record takes the next sequence number, so Neo4j's uniqueness constraint
 * (audit_record_seq) refuses the append.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import { AUDIT_UNAVAILABLE_MESSAGE } from '../../src/serve/use-audit.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { drainAudit, verifyAuditChain } from '../../src/store/audit.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { IDS, seed } from './seed.ts';

const secret = 'audit-fail-closed-secret-of-32-chars!';
const analyst: Viewer = { id: 'alice', roles: ['analyst'], jurisdictions: ['*'] };

async function call(app: ReturnType<typeof createApp>, path: string, body?: unknown) {
  const token = await signDevelopmentToken(secret, analyst);
  return app.fetch(`http://skein.test${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const LOOK = { query: 'query($id: ID!) { entity(id: $id) { entityId name } }', variables: { id: IDS.ana } };
const STRAY = 'MATCH (a:AuditRecord {stray: true}) DELETE a';

beforeAll(async () => {
  await cleanDatabase();
  await executeWrite('MATCH (n) WHERE n:AuditRecord OR n:AuditHead DETACH DELETE n');
  await seed();
});
afterEach(async () => {
  await executeWrite(STRAY);
});
afterAll(async () => {
  await drainAudit();
  await closeDriver();
});

describe('audit fails closed (plugin logic, injected appender)', () => {
  const failing = createApp({
    graphiql: false,
    authenticate: createAuthenticator({ mode: 'jwt', secret }),
    audit: { append: () => Promise.reject(new Error('appender down')) },
  });

  it('withholds a result with data: AUDIT_UNAVAILABLE, HTTP 503, no data', async () => {
    const response = await call(failing, '/graphql', LOOK);
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      data?: unknown;
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({
      message: AUDIT_UNAVAILABLE_MESSAGE,
      extensions: { code: 'AUDIT_UNAVAILABLE' },
    });
    expect(JSON.stringify(body)).not.toContain('Ana');
  });

  it('sends a response without data (an invalid operation) as it is', async () => {
    const response = await call(failing, '/graphql', { query: '{ entity(id: "x") { nope } }' });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).not.toBe('AUDIT_UNAVAILABLE');
  });
});

describe('audit fails closed (real storage failure: the append violates audit_record_seq)', () => {
  const app = createApp({ graphiql: false, authenticate: createAuthenticator({ mode: 'jwt', secret }) });

  /** A record outside the chain at the head's next seq: the next append collides with it. */
  async function blockNextAppend() {
    const [head] = await executeRead("MATCH (h:AuditHead {id: 'head'}) RETURN h.seq AS seq");
    await executeWrite('CREATE (:AuditRecord {seq: $seq, stray: true})', { seq: Number(head?.seq ?? 0) + 1 });
  }

  it('GraphQL: the data is withheld while the trail refuses the record, served again after', async () => {
    const ok = await call(app, '/graphql', LOOK);
    expect(ok.status).toBe(200);
    expect(JSON.stringify(await ok.json())).toContain(IDS.ana);

    await blockNextAppend();
    const refused = await call(app, '/graphql', LOOK);
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0]?.extensions.code).toBe('AUDIT_UNAVAILABLE');

    await executeWrite(STRAY);
    const again = await call(app, '/graphql', LOOK);
    expect(again.status).toBe(200);
    // Nothing was recorded for the withheld response, and the chain is whole.
    expect((await verifyAuditChain(FULL_SCOPE)).ok).toBe(true);
  });

  it('export: no file leaves without its record', async () => {
    const path = `/export/neighbourhood/${encodeURIComponent(IDS.ana)}.graphml`;
    expect((await call(app, path)).status).toBe(200);
    await blockNextAppend();
    const refused = await call(app, path);
    expect(refused.status).toBe(503);
    const text = await refused.text();
    expect(text).toContain('AUDIT_UNAVAILABLE');
    expect(text).not.toContain('<graphml');
  });
});
