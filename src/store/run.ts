/**
 * The store's transaction functions, as thin wrappers over the process's one Executor
 * (executor.ts): managed read/write transactions with a timeout and metadata on every one, driver
 * errors mapped to StoreErrors, results converted to plain JavaScript. Nothing else in Skein opens
 * a session.
 */

import { StoreUnavailableError } from './errors.ts';
import {
  type AccessMode,
  defaultExecutor,
  type Params,
  type QueryListener,
  type Row,
  type Tx,
  type TxOptions,
} from './executor.ts';

export type { Params, Row, Tx, TxOptions };

/** Observes every query the store runs in a transaction (tests count database round trips with it). */
export function onQuery(listener: QueryListener): () => void {
  return defaultExecutor().onQuery(listener);
}

/** One statement as an auto-commit transaction, retried in a managed one (see Executor.runOnce). */
export function runOnce(
  mode: AccessMode,
  cypher: string,
  params: Params = {},
  options: TxOptions = {},
): Promise<Row[]> {
  return defaultExecutor().runOnce(mode, cypher, params, options);
}

/** The operators of the plan of `cypher` (EXPLAIN, nothing executed): see Executor.explain. */
export function explainOperators(cypher: string, params: Params = {}): Promise<string[]> {
  return defaultExecutor().explain(cypher, params);
}

/**
 * Runs read `work`, each statement in its own auto-commit transaction (Executor.read): retried as
 * a managed read transaction on transient errors, so `work` must be safe to run twice.
 */
export function readTx<T>(work: (tx: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
  return defaultExecutor().read(work, options);
}

/** Runs `work` in a managed write transaction (retried by the driver on transient errors). */
export function writeTx<T>(work: (tx: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
  return defaultExecutor().transaction('WRITE', work, options);
}

/** One read query in its own (auto-commit) transaction. */
export function executeRead(cypher: string, params: Params = {}, options: TxOptions = {}): Promise<Row[]> {
  return runOnce('READ', cypher, params, options);
}

/** One write query in its own transaction. */
export function executeWrite(cypher: string, params: Params = {}, options: TxOptions = {}): Promise<Row[]> {
  return writeTx((tx) => tx.run(cypher, params), options);
}

/** Runs a schema/admin statement outside an explicit transaction (CREATE CONSTRAINT needs its own). */
export function executeSchema(cypher: string, options: TxOptions = {}): Promise<void> {
  return defaultExecutor().autoCommit(cypher, {}, options);
}

/**
 * Runs one statement in an auto-commit transaction: what `CALL { … } IN TRANSACTIONS` needs, for
 * maintenance over many nodes in bounded batches.
 */
export function executeAutoCommit(
  cypher: string,
  params: Params = {},
  options: TxOptions = {},
): Promise<void> {
  return defaultExecutor().autoCommit(cypher, params, options);
}

/**
 * Rejects with StoreUnavailableError when `work` has not settled within `ms`: the driver retries an
 * unreachable server for seconds, which is right for writes but not for a health probe.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(`store: Neo4j gave no answer within ${ms} ms`)),
      ms,
    );
  });
  work.catch(() => undefined); // settles later, unobserved, once the driver gives up
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when Neo4j answers a trivial query within `timeoutMs`. Never throws. */
export async function ping(timeoutMs = 2_000): Promise<{ up: boolean; latencyMs?: number; error?: string }> {
  const started = performance.now();
  try {
    await withDeadline(
      executeRead('RETURN 1 AS ok', {}, { timeoutMs, metadata: { purpose: 'ping' } }),
      timeoutMs,
    );
    return { up: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { up: false, error: error instanceof Error ? error.message : String(error) };
  }
}
