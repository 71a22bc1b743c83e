/** The audit trail: every operation recorded with who, what and which ids; chained; tampering found. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainAudit, readAudit, verifyAuditChain } from '../../src/store/audit.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { jwtClient } from './client.ts';
import { IDS, seed } from './seed.ts';

const { as: asViewer } = jwtClient('audit-test-secret-audit-test-secret!');
const as = (id: string, roles: string[], query: string, variables: Record<string, unknown> = {}) =>
  asViewer({ id, roles: roles as never, jurisdictions: ['*'] }, query, variables);

beforeAll(async () => {
  await cleanDatabase();
  await executeWrite('MATCH (n) WHERE n:AuditRecord OR n:AuditHead DETACH DELETE n');
  await seed();
});
afterAll(async () => {
  await drainAudit();
  await closeDriver();
});

describe('audit trail', () => {
  it('records who asked what, with which arguments (secrets removed) and which entities came back', async () => {
    await as(
      'alice',
      ['analyst'],
      'query Look($id: ID!, $apiToken: String!) { entity(id: $id) { entityId name } search(text: $apiToken) { totalCount } }',
      {
        id: IDS.ana,
        apiToken: 'hunter2',
      },
    );
    await as('alice', ['analyst'], '{ health { status } }');
    await as('bob', ['analyst'], 'mutation { annotateEntity(id: "person:gb-bank:C1", text: "x") { id } }');
    const records = await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 10 });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      seq: 1,
      actor: 'alice',
      action: 'graphql',
      operation: 'query Look [entity, search]',
      entityIds: [IDS.ana],
      outcome: 'ok',
    });
    expect(JSON.parse(records[0]!.args)).toEqual({ id: IDS.ana, apiToken: '[removed]' });
    expect(records[1]).toMatchObject({
      seq: 2,
      actor: 'bob',
      outcome: 'FORBIDDEN',
      prevHash: records[0]!.hash,
    });
  });

  it('records refused operations too', async () => {
    await as('carol', ['analyst'], '{ entity(id: "x") { nope } }');
    const records = await readAudit({ scope: FULL_SCOPE, afterSeq: 2, limit: 10, actor: 'carol' });
    expect(records[0]).toMatchObject({
      actor: 'carol',
      outcome: expect.stringMatching(/^INVALID: Cannot query field "nope"/),
    });
  });

  it('is readable by admins only', async () => {
    const denied = await as('alice', ['analyst', 'investigator'], '{ auditTrail { seq } }');
    expect(denied.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const allowed = await as(
      'root',
      ['admin'],
      '{ auditTrail(limit: 500) { seq actor } verifyAuditTrail { ok records } }',
    );
    expect(allowed.data?.auditTrail.slice(0, 3).map((r: any) => r.actor)).toEqual(['alice', 'bob', 'carol']);
    expect(allowed.data?.verifyAuditTrail).toMatchObject({ ok: true });
  });

  it('keeps one unbroken chain under concurrent requests', async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        as(`user${i}`, ['analyst'], `{ search(text: "Ana") { totalCount } }`),
      ),
    );
    await drainAudit();
    const result = await verifyAuditChain(FULL_SCOPE);
    expect(result.ok).toBe(true);
    expect(result.records).toBeGreaterThanOrEqual(2 + 1 + 25);
  });

  it('finds the first broken link after tampering', async () => {
    await drainAudit();
    await executeWrite("MATCH (a:AuditRecord {seq: 2}) SET a.actor = 'mallory'");
    expect(await verifyAuditChain(FULL_SCOPE)).toMatchObject({
      ok: false,
      broken: { seq: 2, reason: expect.stringMatching(/edited/) },
    });
    await executeWrite("MATCH (a:AuditRecord {seq: 2}) SET a.actor = 'bob'");
    await executeWrite('MATCH (a:AuditRecord {seq: 3}) DETACH DELETE a');
    expect(await verifyAuditChain(FULL_SCOPE)).toMatchObject({
      ok: false,
      broken: { seq: 3, reason: expect.stringMatching(/missing/) },
    });
  });
});
