/**
 * The audit trail's group commit: a record queued the moment a flush ends still gets written, and
 * an append made by another process (a load, an export) between two of ours keeps one chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAudit,
  drainAudit,
  GENESIS_HASH,
  recordHash,
  verifyAuditChain,
} from '../../../src/store/audit.ts';
import { int } from '../../../src/store/convert.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const entry = (actor: string) => ({
  actor,
  action: 'graphql' as const,
  operation: 'test',
  args: '{}',
  entityIds: [],
  outcome: 'ok',
});

/** What another process does: the locked two-step append, through its own statements. */
async function appendAsAnotherProcess(actor: string): Promise<void> {
  const [head] = await executeRead("MATCH (h:AuditHead {id: 'head'}) RETURN h.seq AS seq, h.hash AS hash");
  const base = {
    seq: Number(head?.seq ?? 0) + 1,
    prevHash: String(head?.hash ?? GENESIS_HASH),
    at: new Date().toISOString(),
    ...entry(actor),
  };
  const record = { ...base, hash: recordHash(base) };
  await executeWrite(
    `CREATE (a:AuditRecord) SET a = $record
     WITH a MATCH (h:AuditHead {id: 'head'}) SET h.seq = a.seq, h.hash = a.hash`,
    { record: { ...record, seq: int(record.seq) } },
  );
}

describe('audit group commit', () => {
  beforeAll(async () => {
    await cleanDatabase();
    await executeWrite('MATCH (n) WHERE n:AuditRecord OR n:AuditHead DETACH DELETE n');
  });
  afterAll(async () => {
    await drainAudit();
    await closeDriver();
  });

  it('writes a record appended right after the previous one committed (no lost wake-up)', async () => {
    // Each append starts in the continuation of the previous commit: the moment a flush ends.
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) seqs.push((await appendAudit(entry(`sequential${i}`))).seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });

  it('chains after records another process appended in between', async () => {
    await appendAudit(entry('before'));
    await appendAsAnotherProcess('loader');
    const after = await appendAudit(entry('after'));
    expect(after.seq).toBe(8);
    await Promise.all(Array.from({ length: 10 }, (_, i) => appendAudit(entry(`burst${i}`))));
    await drainAudit();
    expect(await verifyAuditChain(FULL_SCOPE)).toEqual({ ok: true, records: 18 });
    const [head] = await executeRead("MATCH (h:AuditHead {id: 'head'}) RETURN h.lockedAt AS lockedAt");
    expect(head?.lockedAt).toBeNull();
  });
});
