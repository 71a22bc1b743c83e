/**
 * The store's one executor (after @neo4j/graphql's Executor): the driver, the database, a bookmark
 * manager, transaction timeouts and metadata, the circuit breaker and the query listeners in one
 * object, created once per process and closed on shutdown. Every transaction Skein runs goes
 * through it; run.ts and driver.ts are thin wrappers over the process's default executor.
 *
 * Bookmarks: every session shares the executor's bookmark manager, so on a cluster a read that
 * follows a write in this process waits until the replica it lands on has applied that write
 * (causal consistency). On a single server they cost nothing.
 */
import neo4j, {
  type BookmarkManager,
  type Driver,
  isRetryableError,
  type ManagedTransaction,
  type QueryResult,
  type Session,
} from 'neo4j-driver';
import { config } from '../config.ts';
import { type Plain, toPlainMap } from './convert.ts';
import { statementForScope } from './cypher.ts';
import { mapDriverError, QueryTimeoutError, StoreClosedError, StoreUnavailableError } from './errors.ts';

export type Row = { [key: string]: Plain };
export type Params = Record<string, unknown>;
export type AccessMode = 'READ' | 'WRITE';

export interface TxOptions {
  /** Transaction timeout; defaults to the executor's (SKEIN_TX_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Shown by `SHOW TRANSACTIONS` and in the query log: who asked, for what. */
  metadata?: Record<string, string | number | boolean>;
  /**
   * Rows as the driver decoded them, not converted to plain values (Integer objects, temporals and
   * lists as they came): for a reader that converts only what it keeps, where walking every value
   * of a big page cost more than the page's use (read/projection.ts relationship columns).
   */
  raw?: boolean;
}

/** A transaction handed to `work`: run Cypher with $parameters, get plain rows back. */
export interface Tx {
  run(cypher: string, params?: Params): Promise<Row[]>;
}

export type QueryListener = (event: { cypher: string; mode: AccessMode; ms: number }) => void;

export interface ExecutorSettings {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** Default transaction timeout; when absent, SKEIN_TX_TIMEOUT_MS at the time of each call. */
  txTimeoutMs?: number;
}

/**
 * After Neo4j was found unreachable, further requests fail at once for this long instead of each
 * waiting out the driver's connection and retry timeouts; the first request after it probes again.
 */
const BREAKER_PAUSE_MS = 2_000;

/**
 * Starts a query without the stack trace the driver captures for every one it starts (to decorate
 * a later error with its caller). Formatting that trace, through the source maps tsx turns on,
 * took about 8 % of the server's busy time. Errors are mapped here to typed errors that name the
 * failure, so nothing is lost.
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

export class Executor {
  readonly database: string;
  readonly uri: string;
  readonly driver: Driver;
  readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();
  private readonly listeners = new Set<QueryListener>();
  private readonly txTimeoutMs: number | undefined;
  private unreachableUntil = 0;
  private lastUnavailable: StoreUnavailableError | undefined;
  private closed = false;

  constructor(settings: ExecutorSettings) {
    this.database = settings.database;
    this.uri = settings.uri;
    this.txTimeoutMs = settings.txTimeoutMs;
    // The embedded server runs without authentication on loopback and ignores the credentials.
    this.driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), {
      // Fail fast when the database is down instead of queueing requests for a minute.
      connectionAcquisitionTimeout: 5_000,
      connectionTimeout: 5_000,
      maxTransactionRetryTime: 5_000,
      maxConnectionPoolSize: 50,
      userAgent: 'skein',
      // Lossless integers are converted in convert.ts; logging is ours, not the driver's.
      disableLosslessIntegers: false,
    });
  }

  /** Observes every query run in a transaction (tests count database round trips with it). */
  onQuery(listener: QueryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `work` in a managed transaction (retried by the driver on transient errors). */
  async transaction<T>(mode: AccessMode, work: (tx: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
    this.checkOpen();
    this.checkBreaker();
    const timeoutMs = this.timeout(options);
    const session = this.session(mode);
    const txConfig = { timeout: timeoutMs, metadata: { app: 'skein', ...options.metadata } };
    const started = performance.now();
    try {
      return mode === 'READ'
        ? await session.executeRead((tx) => work(this.wrap(tx, mode, options.raw)), txConfig)
        : await session.executeWrite((tx) => work(this.wrap(tx, mode, options.raw)), txConfig);
    } catch (error) {
      throw this.mapAndTrip(error, timeoutMs, started);
    } finally {
      await session.close();
    }
  }

  /**
   * Read work whose every statement is its own auto-commit transaction: one round trip per
   * statement, where a managed transaction adds two (BEGIN, whose answer the driver awaits before
   * the first statement, and COMMIT) — a third of an API request's round trips, and Neo4j's and
   * Node's work for each. Nothing is lost by it: Neo4j reads at read-committed isolation, so the
   * statements of one read transaction never shared a snapshot either. The work's timeout is a
   * deadline for all of its statements together. A retryable failure (a leader switch, a cluster
   * member going away) runs the whole work again in a managed transaction, which the driver
   * retries: work must be safe to run twice (build its result inside, as the driver's own
   * retries already required).
   */
  async read<T>(work: (tx: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
    this.checkOpen();
    this.checkBreaker();
    const timeoutMs = this.timeout(options);
    const started = performance.now();
    const deadline = started + timeoutMs;
    const txConfig = { metadata: { app: 'skein', ...options.metadata } };
    const tx: Tx = {
      run: async (cypher, params = {}) => {
        // Statements may run side by side (Promise.all): each has its own session and connection.
        const begun = performance.now();
        if (begun >= deadline) {
          // The earlier statements spent the read's time: cut off here, as one transaction would be.
          throw new QueryTimeoutError(
            `store: query cut off after ${timeoutMs} ms (transaction timeout). Narrow the query or raise SKEIN_TX_TIMEOUT_MS.`,
          );
        }
        const session = this.session('READ');
        try {
          const statement = statementForScope(cypher, params);
          const timeout = Math.ceil(deadline - begun);
          const result = await startQuery(() =>
            session.run(statement.text, statement.params, { ...txConfig, timeout }),
          );
          return this.toRows(cypher, 'READ', begun, result, options.raw);
        } finally {
          await session.close();
        }
      },
    };
    try {
      return await work(tx);
    } catch (error) {
      if (error instanceof QueryTimeoutError) throw error;
      if (!isRetryableError(error)) throw this.mapAndTrip(error, timeoutMs, started);
    }
    return this.transaction('READ', work, options);
  }

  /**
   * One statement as an auto-commit transaction: one round trip, where a managed transaction needs
   * a second for its COMMIT. The driver does not retry auto-commit transactions, so a retryable
   * failure runs the statement again in a managed transaction, which it does retry. Only for
   * statements that are safe to run twice.
   */
  async runOnce(
    mode: AccessMode,
    cypher: string,
    params: Params = {},
    options: TxOptions = {},
  ): Promise<Row[]> {
    this.checkOpen();
    this.checkBreaker();
    const timeoutMs = this.timeout(options);
    const session = this.session(mode);
    const started = performance.now();
    try {
      const statement = statementForScope(cypher, params);
      const result = await startQuery(() =>
        session.run(statement.text, statement.params, {
          timeout: timeoutMs,
          metadata: { app: 'skein', ...options.metadata },
        }),
      );
      return this.toRows(cypher, mode, started, result, options.raw);
    } catch (error) {
      if (!isRetryableError(error)) throw this.mapAndTrip(error, timeoutMs, started);
    } finally {
      await session.close();
    }
    return this.transaction(mode, (tx) => tx.run(cypher, params), options);
  }

  /**
   * One statement outside an explicit transaction, not retried and not behind the breaker: schema
   * statements (CREATE CONSTRAINT needs its own transaction) and `CALL { … } IN TRANSACTIONS`.
   */
  async autoCommit(cypher: string, params: Params = {}, options: TxOptions = {}): Promise<void> {
    this.checkOpen();
    const timeoutMs = this.timeout(options);
    const session = this.session('WRITE');
    const started = performance.now();
    try {
      await session.run(cypher, params, {
        timeout: timeoutMs,
        metadata: { app: 'skein', ...options.metadata },
      });
    } catch (error) {
      throw mapDriverError(error, { timeoutMs, elapsedMs: performance.now() - started });
    } finally {
      await session.close();
    }
  }

  /**
   * The operators of the plan Neo4j would run for `cypher` (EXPLAIN: nothing is executed), depth
   * first from the root, without the runtime suffix ("DirectedRelationshipIndexSeek"): how a test
   * shows that a statement uses an index rather than a scan.
   */
  async explain(cypher: string, params: Params = {}): Promise<string[]> {
    this.checkOpen();
    const session = this.session('READ');
    const started = performance.now();
    try {
      const statement = statementForScope(cypher, params);
      const result = await session.run(`EXPLAIN ${statement.text}`, statement.params);
      const operators: string[] = [];
      const walk = (plan: unknown) => {
        if (!plan || typeof plan !== 'object') return;
        const node = plan as { operatorType?: string; children?: unknown[] };
        if (node.operatorType) operators.push(node.operatorType.replace(/@.*$/, ''));
        for (const child of node.children ?? []) walk(child);
      };
      walk(result.summary.plan);
      return operators;
    } catch (error) {
      throw mapDriverError(error, { timeoutMs: this.timeout({}), elapsedMs: performance.now() - started });
    } finally {
      await session.close();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes the driver; work submitted afterwards fails with StoreClosedError. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driver.close();
  }

  private session(mode: AccessMode): Session {
    return this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
  }

  private timeout(options: TxOptions): number {
    return options.timeoutMs ?? this.txTimeoutMs ?? config().neo4j.txTimeoutMs;
  }

  private checkOpen(): void {
    if (this.closed) {
      throw new StoreClosedError(
        `store: the executor for ${this.uri} is closed; the work came after shutdown (close the store last)`,
      );
    }
  }

  private checkBreaker(): void {
    if (Date.now() < this.unreachableUntil && this.lastUnavailable) {
      throw new StoreUnavailableError(this.lastUnavailable.message, this.lastUnavailable.neo4jCode);
    }
  }

  private mapAndTrip(error: unknown, timeoutMs: number, started: number): unknown {
    const mapped = mapDriverError(error, { timeoutMs, elapsedMs: performance.now() - started });
    if (mapped instanceof StoreUnavailableError) {
      this.lastUnavailable = mapped;
      this.unreachableUntil = Date.now() + BREAKER_PAUSE_MS;
    }
    return mapped;
  }

  private toRows(cypher: string, mode: AccessMode, started: number, result: QueryResult, raw = false): Row[] {
    const rows = result.records.map((record) =>
      raw ? (record.toObject() as Row) : toPlainMap(record.toObject()),
    );
    for (const listener of this.listeners) listener({ cypher, mode, ms: performance.now() - started });
    return rows;
  }

  private wrap(tx: ManagedTransaction, mode: AccessMode, raw = false): Tx {
    return {
      run: async (cypher, params = {}) => {
        const started = performance.now();
        const statement = statementForScope(cypher, params);
        return this.toRows(
          cypher,
          mode,
          started,
          await startQuery(() => tx.run(statement.text, statement.params)),
          raw,
        );
      },
    };
  }
}

// ---- the process's executor ---------------------------------------------------------------------

let current: Executor | undefined;

export function settingsFromConfig(): ExecutorSettings {
  const { uri, user, password, database } = config().neo4j;
  return { uri, user, password, database };
}

/** The process's executor, created on first use (`settings` only matters then). */
export function defaultExecutor(settings: () => ExecutorSettings = settingsFromConfig): Executor {
  if (current === undefined || current.isClosed) current = new Executor(settings());
  return current;
}

/** Points the process at another server (tests with their own instance); closes the old executor. */
export async function useExecutor(settings: ExecutorSettings): Promise<Executor> {
  await closeDefaultExecutor();
  current = new Executor(settings);
  return current;
}

/** Closes the process's executor (shutdown); the next store call opens a new one. */
export async function closeDefaultExecutor(): Promise<void> {
  const old = current;
  current = undefined;
  if (old) await old.close();
}
