/**
 * The one place that runs transactions (after @neo4j/graphql's executor): managed read/write
 * transactions with a timeout and metadata on every one, driver errors mapped to StoreErrors,
 * results converted to plain JavaScript. Nothing else in Skein opens a session.
 */
import { isRetryableError, type ManagedTransaction, type QueryResult } from 'neo4j-driver';
import { config } from '../config.ts';
import { type Plain, toPlainMap } from './convert.ts';
import { databaseName, getDriver } from './driver.ts';
import { mapDriverError, StoreUnavailableError } from './errors.ts';

export type Row = { [key: string]: Plain };
export type Params = Record<string, unknown>;

export interface TxOptions {
  /** Transaction timeout; defaults to SKEIN_TX_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Shown by `SHOW TRANSACTIONS` and in the query log: who asked, for what. */
  metadata?: Record<string, string | number | boolean>;
}

/** A transaction handed to `work`: run Cypher with $parameters, get plain rows back. */
export interface Tx {
  run(cypher: string, params?: Params): Promise<Row[]>;
}

type QueryListener = (event: { cypher: string; mode: 'READ' | 'WRITE'; ms: number }) => void;
const listeners = new Set<QueryListener>();

/** Observes every query the store runs (tests count database round trips with it). */
export function onQuery(listener: QueryListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function toRows(cypher: string, mode: 'READ' | 'WRITE', started: number, result: QueryResult): Row[] {
  const rows = result.records.map((record) => toPlainMap(record.toObject()));
  for (const listener of listeners) listener({ cypher, mode, ms: performance.now() - started });
  return rows;
}

/**
 * Starts a query without the stack trace the driver captures for every one it starts (to decorate
 * a later error with its caller). Formatting that trace, through the source maps tsx turns on,
 * took about 8 % of the server's busy time. Errors are mapped in this module to typed errors that
 * name the failure, so nothing is lost.
 */
function startQuery<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function wrap(tx: ManagedTransaction, mode: 'READ' | 'WRITE'): Tx {
  return {
    async run(cypher, params = {}) {
      const started = performance.now();
      return toRows(cypher, mode, started, await startQuery(() => tx.run(cypher, params)));
    },
  };
}

/**
 * A small circuit breaker: right after Neo4j was found unreachable, further requests fail at once
 * for a moment instead of each waiting out the driver's connection and retry timeouts; the first
 * request after the pause probes again, so service resumes by itself when Neo4j is back.
 */
const BREAKER_PAUSE_MS = 2_000;
let unreachableUntil = 0;
let lastUnavailable: StoreUnavailableError | undefined;

function checkBreaker(): void {
  if (Date.now() < unreachableUntil && lastUnavailable) {
    throw new StoreUnavailableError(lastUnavailable.message, lastUnavailable.neo4jCode);
  }
}

function mapAndTrip(error: unknown, timeoutMs: number): unknown {
  const mapped = mapDriverError(error, { timeoutMs });
  if (mapped instanceof StoreUnavailableError) {
    lastUnavailable = mapped;
    unreachableUntil = Date.now() + BREAKER_PAUSE_MS;
  }
  return mapped;
}

async function execute<T>(
  mode: 'READ' | 'WRITE',
  work: (tx: Tx) => Promise<T>,
  options: TxOptions,
): Promise<T> {
  checkBreaker();
  const timeoutMs = options.timeoutMs ?? config().neo4j.txTimeoutMs;
  const session = getDriver().session({ database: databaseName(), defaultAccessMode: mode });
  const txConfig = { timeout: timeoutMs, metadata: { app: 'skein', ...options.metadata } };
  try {
    return mode === 'READ'
      ? await session.executeRead((tx) => work(wrap(tx, mode)), txConfig)
      : await session.executeWrite((tx) => work(wrap(tx, mode)), txConfig);
  } catch (error) {
    throw mapAndTrip(error, timeoutMs);
  } finally {
    await session.close();
  }
}

/**
 * One statement as an auto-commit transaction: one round trip, where a managed transaction needs
 * a second for its COMMIT (a round trip costs milliseconds on a busy machine). The driver does not
 * retry auto-commit transactions, so a retryable failure runs the statement again in a managed
 * transaction, which it does retry. Only for statements that are safe to run twice.
 */
export async function runOnce(
  mode: 'READ' | 'WRITE',
  cypher: string,
  params: Params = {},
  options: TxOptions = {},
): Promise<Row[]> {
  checkBreaker();
  const timeoutMs = options.timeoutMs ?? config().neo4j.txTimeoutMs;
  const session = getDriver().session({ database: databaseName(), defaultAccessMode: mode });
  const started = performance.now();
  try {
    const result = await startQuery(() =>
      session.run(cypher, params, { timeout: timeoutMs, metadata: { app: 'skein', ...options.metadata } }),
    );
    return toRows(cypher, mode, started, result);
  } catch (error) {
    if (!isRetryableError(error)) throw mapAndTrip(error, timeoutMs);
  } finally {
    await session.close();
  }
  return execute(mode, (tx) => tx.run(cypher, params), options);
}

/** Runs `work` in a managed read transaction (retried by the driver on transient errors). */
export function readTx<T>(work: (tx: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
  return execute('READ', work, options);
}

/** Runs `work` in a managed write transaction (retried by the driver on transient errors). */
export function writeTx<T>(work: (tx: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
  return execute('WRITE', work, options);
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
export async function executeSchema(cypher: string, options: TxOptions = {}): Promise<void> {
  const session = getDriver().session({ database: databaseName() });
  try {
    await session.run(cypher, {}, { timeout: options.timeoutMs ?? config().neo4j.txTimeoutMs });
  } catch (error) {
    throw mapDriverError(error);
  } finally {
    await session.close();
  }
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

/**
 * Runs one statement in an auto-commit transaction: what `CALL { … } IN TRANSACTIONS` needs, for
 * maintenance over many nodes in bounded batches.
 */
export async function executeAutoCommit(
  cypher: string,
  params: Params = {},
  options: TxOptions = {},
): Promise<void> {
  const session = getDriver().session({ database: databaseName() });
  try {
    await session.run(cypher, params, {
      timeout: options.timeoutMs ?? config().neo4j.txTimeoutMs,
      metadata: { app: 'skein', ...options.metadata },
    });
  } catch (error) {
    throw mapDriverError(error);
  } finally {
    await session.close();
  }
}
