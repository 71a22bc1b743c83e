/**
 * The tamper-evident audit trail. Each record's hash covers its content and the previous record's
 * hash (a hash chain), so editing, deleting or reordering any record breaks every link after it;
 * `verifyAuditChain` finds the first broken link. Appends are group-committed: records queued
 * while a write is in flight go together in the next transaction, and each caller's promise
 * resolves only once its record is durable in Neo4j.
 *
 * Need-to-know: each record carries the acting user's jurisdictions (covered by its hash), and an
 * admin reads only records of users their scope covers (store/read/record-scope.ts): search
 * strings, returned ids and file paths of another jurisdiction's users never reach them. Records
 * without jurisdictions (written before records carried them, or by an actor of none) and records
 * of '*' users are for '*' admins only; so is verifying the whole chain.
 */
import { createHash } from 'node:crypto';
import { int } from './convert.ts';
import { coveredBy, recordJurisdictions, scopeParameter } from './read/record-scope.ts';
import type { ReadScope } from './read/scope.ts';
import { readTx, runOnce, writeTx } from './run.ts';

export interface AuditEntry {
  actor: string;
  /**
   * The acting user's jurisdictions (ISO-2 codes, or ['*']); stored sorted. Missing: stored empty,
   * so only '*' admins read the record.
   */
  jurisdictions?: readonly string[];
  action: 'graphql' | 'load' | 'export' | 'analysis' | 'resolution' | 'auth';
  /** Operation name, export target, file…: what was asked for. */
  operation: string;
  /** Arguments with secrets removed, as JSON. */
  args: string;
  /** Entity ids returned or touched (capped). */
  entityIds: string[];
  outcome: string;
  at?: string;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'jurisdictions'>> {
  seq: number;
  prevHash: string;
  hash: string;
  /** Sorted codes or ['*']; null on records written before records carried jurisdictions. */
  jurisdictions: string[] | null;
}

/** Verifying reads every record of every user: only a '*' admin may (the resolver says FORBIDDEN). */
export class AuditScopeError extends Error {
  constructor() {
    super(
      'store/audit: verifying the audit trail reads every record; it needs an admin of every jurisdiction ("*")',
    );
    this.name = 'AuditScopeError';
  }
}

export const GENESIS_HASH = '0'.repeat(64);
export const MAX_ENTITY_IDS = 10_000;

/**
 * The hash of a record: its content and the previous hash, in a fixed field order. Jurisdictions
 * come last and only when the record has them, so records written before they existed keep their
 * hash, and removing or changing a record's jurisdictions breaks its link.
 */
export function recordHash(
  record: Omit<AuditRecord, 'hash' | 'jurisdictions'> & { jurisdictions?: readonly string[] | null },
): string {
  const fields: unknown[] = [
    record.seq,
    record.prevHash,
    record.at,
    record.actor,
    record.action,
    record.operation,
    record.args,
    record.entityIds,
    record.outcome,
  ];
  if (record.jurisdictions != null) fields.push(record.jurisdictions);
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

const LOCK_HEAD = `
MERGE (h:AuditHead {id: 'head'}) ON CREATE SET h.seq = 0, h.hash = $genesis
SET h.lockedAt = $now
RETURN h.seq AS seq, h.hash AS hash`;

const APPEND = `
UNWIND $records AS r
CREATE (a:AuditRecord) SET a = r
WITH max(r.seq) AS seq, last(collect(r.hash)) AS hash
MATCH (h:AuditHead {id: 'head'})
SET h.seq = seq, h.hash = hash
REMOVE h.lockedAt`;

/**
 * The common case in one statement, run as an auto-commit transaction (one round trip): lock the
 * head (SET before any read, so the values read are the committed ones) and append only if it is
 * still where this process last left it. Zero rows back means another process (a load, an export)
 * appended meanwhile, or the head is gone: the batch is then chained again from the head as read
 * under its lock (LOCK_HEAD + APPEND in a managed transaction).
 */
const APPEND_AFTER_KNOWN_HEAD = `
MATCH (h:AuditHead {id: 'head'})
SET h.lockedAt = $now
WITH h, h.seq = $seq AND h.hash = $hash AS current
REMOVE h.lockedAt
WITH h WHERE current
UNWIND $records AS r
CREATE (a:AuditRecord) SET a = r
WITH h, max(r.seq) AS seq, last(collect(r.hash)) AS hash
SET h.seq = seq, h.hash = hash
RETURN seq`;

interface Pending {
  entry: AuditEntry;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
}

interface Head {
  seq: number;
  hash: string;
}

let queue: Pending[] = [];
let flushing: Promise<void> | undefined;
/** The chain's end as this process last committed it: lets an append skip reading the head first. */
let knownHead: Head | undefined;

function chain(batch: Pending[], head: Head): AuditRecord[] {
  let seq = head.seq;
  let prevHash = head.hash;
  return batch.map(({ entry }) => {
    seq += 1;
    const base = {
      seq,
      prevHash,
      at: entry.at ?? new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      operation: entry.operation,
      args: entry.args,
      entityIds: entry.entityIds.slice(0, MAX_ENTITY_IDS),
      outcome: entry.outcome,
      // Records of users of no jurisdiction stay empty (for '*' admins only), never become '*'.
      jurisdictions: entry.jurisdictions ? recordJurisdictions(entry.jurisdictions) : [],
    };
    const record = { ...base, hash: recordHash(base) };
    prevHash = record.hash;
    return record;
  });
}

const asParams = (records: AuditRecord[]) => records.map((r) => ({ ...r, seq: int(r.seq) }));

async function writeBatch(batch: Pending[]): Promise<AuditRecord[]> {
  const metadata = { purpose: 'audit' };
  let records: AuditRecord[] | undefined;
  if (knownHead) {
    const guess = chain(batch, knownHead);
    const appended = await runOnce(
      'WRITE',
      APPEND_AFTER_KNOWN_HEAD,
      {
        now: new Date().toISOString(),
        seq: int(knownHead.seq),
        hash: knownHead.hash,
        records: asParams(guess),
      },
      { metadata },
    );
    if (appended.length > 0) records = guess;
  }
  records ??= await writeTx(
    async (tx) => {
      const [head] = await tx.run(LOCK_HEAD, { genesis: GENESIS_HASH, now: new Date().toISOString() });
      const actual = chain(batch, { seq: Number(head?.seq ?? 0), hash: String(head?.hash ?? GENESIS_HASH) });
      await tx.run(APPEND, { records: asParams(actual) });
      return actual;
    },
    { metadata },
  );
  const last = records.at(-1);
  if (last) knownHead = { seq: last.seq, hash: last.hash };
  return records;
}

function startFlush(): void {
  if (flushing) return;
  // `flushing` is cleared in the same microtask that sees the queue empty, so a record queued right
  // after a flush ends always starts the next one (it is never left waiting for a later append).
  flushing = (async () => {
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        try {
          const records = await writeBatch(batch);
          for (const [i, p] of batch.entries()) p.resolve(records[i]!);
        } catch (error) {
          knownHead = undefined;
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      flushing = undefined;
    }
  })();
}

/** Appends a record; resolves once it is committed. */
export function appendAudit(entry: AuditEntry): Promise<AuditRecord> {
  return new Promise((resolve, reject) => {
    queue.push({ entry, resolve, reject });
    startFlush();
  });
}

/** Waits for every queued record (graceful shutdown). */
export async function drainAudit(): Promise<void> {
  while (flushing) await flushing;
}

/** Records up to the head read in the same transaction: later appends are not this check's business. */
const PAGE = `
MATCH (a:AuditRecord) WHERE a.seq > $after AND ($last IS NULL OR a.seq <= $last)
RETURN a {.*} AS a ORDER BY a.seq LIMIT $limit`;

const HEAD = "MATCH (h:AuditHead {id: 'head'}) RETURN h.seq AS seq, h.hash AS hash";

const FILTERED_PAGE = `
MATCH (a:AuditRecord) WHERE a.seq > $after AND ($actor IS NULL OR a.actor = $actor) AND ($since IS NULL OR a.at >= $since)
  AND ${coveredBy('a')}
RETURN a {.*} AS a ORDER BY a.seq LIMIT $limit`;

function toRecord(a: Record<string, unknown>): AuditRecord {
  return {
    seq: Number(a.seq),
    prevHash: String(a.prevHash),
    hash: String(a.hash),
    at: String(a.at),
    actor: String(a.actor),
    action: a.action as AuditRecord['action'],
    operation: String(a.operation),
    args: String(a.args),
    entityIds: (a.entityIds as string[]) ?? [],
    outcome: String(a.outcome),
    jurisdictions: Array.isArray(a.jurisdictions) ? a.jurisdictions.map(String) : null,
  };
}

/**
 * Records in chain order, newest last, with optional filters (for the admin query): only records of
 * users the scope covers.
 */
export async function readAudit(options: {
  scope: ReadScope;
  afterSeq: number;
  limit: number;
  actor?: string | null;
  since?: string | null;
}): Promise<AuditRecord[]> {
  const rows = await readTx((tx) =>
    tx.run(FILTERED_PAGE, {
      after: int(options.afterSeq),
      limit: int(options.limit),
      actor: options.actor ?? null,
      since: options.since ?? null,
      scope: scopeParameter(options.scope),
    }),
  );
  return rows.map((r) => toRecord(r.a as Record<string, unknown>));
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  /** The first record whose link is broken, and why. */
  broken?: { seq: number; reason: string };
}

export const VERIFY_DEFAULTS = {
  pageSize: 5_000,
  /** The whole walk is one transaction; a long chain takes minutes. */
  timeoutMs: 30 * 60_000,
  /** Walks before a break is reported although no two walks agreed on it (see verifyAuditChain). */
  maxWalks: 4,
};

/**
 * Walks the whole chain in pages, recomputing every hash; reports the first broken link. Needs the
 * full scope (AuditScopeError otherwise). The head and the records are read in ONE transaction,
 * head first: every record up to the head was committed with or before it, and records appended
 * meanwhile lie beyond it, so concurrent appends can never look like a truncated chain.
 */
export async function verifyAuditChain(
  scope: ReadScope,
  onProgress?: (checked: number) => void,
): Promise<VerifyResult> {
  if (!scope.all) throw new AuditScopeError();
  // Neo4j's read-committed reads can see a transaction's commit half applied (the head already
  // moved, a record's index entry not yet there), so a walk racing an append may once see a gap
  // that is not there. A real break (an edited, removed or inserted record) stays where it is: it
  // is reported only when two walks in a row find the same first broken link.
  let previous: VerifyResult | undefined;
  for (let attempt = 1; ; attempt++) {
    const result = await walkChain(onProgress);
    if (result.ok) return result;
    const same =
      previous?.broken?.seq === result.broken?.seq && previous?.broken?.reason === result.broken?.reason;
    if (same || attempt >= VERIFY_DEFAULTS.maxWalks) return result;
    previous = result;
  }
}

/** One walk of the chain in one read transaction (see verifyAuditChain). */
async function walkChain(onProgress?: (checked: number) => void): Promise<VerifyResult> {
  return readTx(
    async (tx) => {
      // Fresh state on every attempt: the driver may run this again after a transient error.
      const [head] = await tx.run(HEAD);
      const last = head ? Number(head.seq) : null;
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1;
      let checked = 0;
      for (;;) {
        const rows = await tx.run(PAGE, {
          after: int(expectedSeq - 1),
          last: last === null ? null : int(last),
          limit: int(VERIFY_DEFAULTS.pageSize),
        });
        if (rows.length === 0) break;
        for (const row of rows) {
          const record = toRecord(row.a as Record<string, unknown>);
          if (record.seq !== expectedSeq) {
            return {
              ok: false,
              records: checked,
              broken: {
                seq: expectedSeq,
                reason: `record ${expectedSeq} is missing (next is ${record.seq})`,
              },
            };
          }
          if (record.prevHash !== prevHash) {
            return {
              ok: false,
              records: checked,
              broken: { seq: record.seq, reason: 'prevHash does not match the previous record' },
            };
          }
          const { hash, ...rest } = record;
          if (recordHash(rest) !== hash) {
            return {
              ok: false,
              records: checked,
              broken: { seq: record.seq, reason: 'content does not match its hash (edited)' },
            };
          }
          prevHash = hash;
          expectedSeq++;
          checked++;
        }
        onProgress?.(checked);
      }
      if (head && (last !== checked || String(head.hash) !== prevHash)) {
        return {
          ok: false,
          records: checked,
          broken: {
            seq: checked + 1,
            reason: `the chain ends at ${checked} but its head says ${head.seq} (records removed from the end)`,
          },
        };
      }
      return { ok: true, records: checked };
    },
    { timeoutMs: VERIFY_DEFAULTS.timeoutMs, metadata: { purpose: 'audit-verify' } },
  );
}
