/**
 * The audit trail's need-to-know and its verification (issue 19 leak 8, #17 defect 6): records
 * carry the acting user's jurisdictions under their hash, a restricted admin reads only records of
 * users they cover, and verifying — a '*' operation — reads head and records in one transaction, so
 * appends made while it runs can never look like a truncated chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  AuditScopeError,
  appendAudit,
  drainAudit,
  GENESIS_HASH,
  readAudit,
  recordHash,
  verifyAuditChain,
} from '../../../src/store/audit.ts';
import { FULL_SCOPE, type ReadScope } from '../../../src/store/read/scope.ts';
import { executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const scopeOf = (...jurisdictions: string[]): ReadScope => ({ all: false, extracts: [], jurisdictions });

const entry = (actor: string, jurisdictions?: string[]): AuditEntry => ({
  actor,
  ...(jurisdictions ? { jurisdictions } : {}),
  action: 'graphql',
  operation: `search by ${actor}`,
  args: JSON.stringify({ text: `secret of ${actor}` }),
  entityIds: [],
  outcome: 'ok',
});

describe('audit records and jurisdictions', () => {
  beforeAll(async () => {
    await cleanDatabase();
    // A record from before records carried jurisdictions: its hash covers no such field.
    const base = { seq: 1, prevHash: GENESIS_HASH, at: new Date().toISOString(), ...entry('old') };
    await executeWrite(
      `CREATE (a:AuditRecord) SET a = $record, a.seq = toInteger($record.seq)
       MERGE (h:AuditHead {id: 'head'}) SET h.seq = a.seq, h.hash = a.hash`,
      { record: { ...base, hash: recordHash(base) } },
    );
    await appendAudit(entry('gb-user', ['gb']));
    await appendAudit(entry('ie-user', ['IE']));
    await appendAudit(entry('gb-ie-user', ['IE', 'GB']));
    await appendAudit(entry('all-user', ['*']));
    await appendAudit(entry('nobody', []));
    await appendAudit(entry('unknown'));
  });
  afterAll(async () => {
    await drainAudit();
    await closeDriver();
  });

  it('stores the acting user’s jurisdictions sorted, and old records keep verifying', async () => {
    const records = await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 100 });
    expect(records.map((r) => [r.actor, r.jurisdictions])).toEqual([
      ['old', null],
      ['gb-user', ['GB']],
      ['ie-user', ['IE']],
      ['gb-ie-user', ['GB', 'IE']],
      ['all-user', ['*']],
      ['nobody', []],
      ['unknown', []],
    ]);
    expect(await verifyAuditChain(FULL_SCOPE)).toEqual({ ok: true, records: 7 });
  });

  it('gives a restricted admin only the records of users their jurisdictions cover', async () => {
    const actors = async (scope: ReadScope, actor: string | null = null) =>
      (await readAudit({ scope, afterSeq: 0, limit: 100, actor })).map((r) => r.actor);
    expect(await actors(scopeOf('GB'))).toEqual(['gb-user']);
    expect(await actors(scopeOf('IE'))).toEqual(['ie-user']);
    expect(await actors(scopeOf('GB', 'IE'))).toEqual(['gb-user', 'ie-user', 'gb-ie-user']);
    expect(await actors(scopeOf('GB'), 'ie-user')).toEqual([]);
    expect(await actors(scopeOf())).toEqual([]);
  });

  it('leaves verification to admins of every jurisdiction', async () => {
    await expect(verifyAuditChain(scopeOf('GB'))).rejects.toBeInstanceOf(AuditScopeError);
  });

  it('breaks the chain when a record’s jurisdictions are changed or removed', async () => {
    await executeWrite("MATCH (a:AuditRecord {actor: 'ie-user'}) SET a.jurisdictions = ['GB']");
    expect(await verifyAuditChain(FULL_SCOPE)).toMatchObject({
      ok: false,
      broken: { seq: 3, reason: expect.stringMatching(/edited/) },
    });
    await executeWrite("MATCH (a:AuditRecord {actor: 'ie-user'}) REMOVE a.jurisdictions");
    expect(await verifyAuditChain(FULL_SCOPE)).toMatchObject({ ok: false, broken: { seq: 3 } });
    await executeWrite("MATCH (a:AuditRecord {actor: 'ie-user'}) SET a.jurisdictions = ['IE']");
    expect(await verifyAuditChain(FULL_SCOPE)).toEqual({ ok: true, records: 7 });
  });
});

describe('verifying while records are appended', () => {
  beforeAll(async () => {
    await cleanDatabase();
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(entry(`before${i}`, ['GB']))));
  });
  afterAll(async () => {
    await drainAudit();
    await closeDriver();
  });

  it('never reports a broken chain (#17 defect 6)', async () => {
    let appending = true;
    let appended = 0;
    // Appends go on, one after another, for as long as the verifications run.
    const writer = (async () => {
      while (appending) {
        await Promise.all([appendAudit(entry('during', ['GB'])), appendAudit(entry('during', ['IE']))]);
        appended += 2;
      }
    })();
    const results = [];
    try {
      for (let i = 0; i < 40; i++) results.push(await verifyAuditChain(FULL_SCOPE));
    } finally {
      appending = false;
      await writer;
    }
    expect(appended).toBeGreaterThan(0);
    for (const result of results) expect(result).toMatchObject({ ok: true });
    // Each verification saw the chain as its head said then: never fewer records than before.
    expect(results[0]!.records).toBeGreaterThanOrEqual(50);
    await drainAudit();
    expect(await verifyAuditChain(FULL_SCOPE)).toEqual({ ok: true, records: 50 + appended });
  });
});
