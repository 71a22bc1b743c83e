/**
 * Typed store errors. The driver's errors are mapped here, once, so the layers above never see a
 * driver class or a Neo4j status code and can tell "the database is down" from "your query broke a
 * constraint" from "your query took too long".
 */
export type StoreErrorCode =
  | 'SERVICE_UNAVAILABLE'
  | 'CONSTRAINT_VIOLATION'
  | 'TIMEOUT'
  | 'TRANSIENT'
  | 'CLOSED'
  | 'STORE_ERROR';

export class StoreError extends Error {
  readonly code: StoreErrorCode = 'STORE_ERROR';
  constructor(
    message: string,
    readonly neo4jCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class StoreUnavailableError extends StoreError {
  override readonly code = 'SERVICE_UNAVAILABLE' as const;
}

export class ConstraintViolationError extends StoreError {
  override readonly code = 'CONSTRAINT_VIOLATION' as const;
}

export class QueryTimeoutError extends StoreError {
  override readonly code = 'TIMEOUT' as const;
}

/** A transient failure that outlived the driver's own retries (deadlock, leader switch). */
export class TransientStoreError extends StoreError {
  override readonly code = 'TRANSIENT' as const;
}

/** The executor was closed (process shutdown); work submitted after that is a bug, not an outage. */
export class StoreClosedError extends StoreError {
  override readonly code = 'CLOSED' as const;
}

interface DriverLikeError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** Connection-level failures: the driver's own codes for "no server" and "lost the server". */
const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired']);
/** Node's system error codes for a socket that could not connect or was cut (found on `cause`). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
/** Neo4j's status codes for a transaction that ran past its timeout (server or client configured). */
const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

/**
 * Errors the driver raises on its own side carry no Neo4j status (code 'N/A', GQL 50N42): for the
 * two that matter, its fixed wording is the only thing that tells them apart. They are recognised
 * here, for codeless driver errors only; everything else is classified by code.
 */
const CODELESS = 'N/A';
const POOL_EXHAUSTED = 'Connection acquisition timed out';
const POOL_CLOSED = 'Pool is closed';

function stringField(value: unknown, key: 'code'): string {
  const field = value !== null && typeof value === 'object' ? (value as DriverLikeError)[key] : undefined;
  return typeof field === 'string' ? field : '';
}

/** A Node system error code (ECONNREFUSED…) anywhere on the error's `cause` chain. */
function socketCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as DriverLikeError).cause, depth++) {
    const code = stringField(e, 'code');
    if (SOCKET_CODES.has(code)) return code;
  }
  return undefined;
}

export interface ErrorContext {
  /** The transaction timeout the failed work ran under. */
  timeoutMs?: number;
  /** How long the failed work had run: a lock wait stopped at the timeout is a timeout. */
  elapsedMs?: number;
}

/**
 * The kind of failure a driver error stands for, from its Neo4j status code (never from the message
 * text of a server error). Not from the GQL status: the embedded Neo4j sends none, and the driver
 * fills in the general 50N42 for every error. Pure, so it is unit-tested on the real code strings.
 */
export function classifyDriverError(error: unknown, context: ErrorContext = {}): StoreErrorCode | undefined {
  const code = stringField(error, 'code');
  if (UNAVAILABLE_CODES.has(code) || socketCode(error) !== undefined) return 'SERVICE_UNAVAILABLE';
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return 'CONSTRAINT_VIOLATION';
  }
  if (TIMEOUT_CODES.has(code)) return 'TIMEOUT';
  // A transaction stopped while it waited for a lock: its timeout, when it had run that long.
  if (
    code === 'Neo.TransientError.Transaction.LockClientStopped' &&
    context.timeoutMs !== undefined &&
    context.elapsedMs !== undefined &&
    context.elapsedMs >= context.timeoutMs
  ) {
    return 'TIMEOUT';
  }
  if (code.startsWith('Neo.TransientError.')) return 'TRANSIENT';
  if (code.startsWith('Neo.')) return 'STORE_ERROR';
  if (code === CODELESS && error instanceof Error) {
    if (error.message.startsWith(POOL_EXHAUSTED)) return 'SERVICE_UNAVAILABLE';
    if (error.message.startsWith(POOL_CLOSED)) return 'CLOSED';
  }
  return undefined;
}

/** Maps anything the driver throws to a StoreError; other errors pass through unchanged. */
export function mapDriverError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof StoreError || !(error instanceof Error)) return error;
  const code = stringField(error, 'code') || undefined;
  const detail = error.message;
  switch (classifyDriverError(error, context)) {
    case 'SERVICE_UNAVAILABLE':
      return new StoreUnavailableError(
        `store: Neo4j is not reachable (${detail}). Start it with \`npm run neo4j -- start\` or check NEO4J_URI.`,
        code,
        { cause: error },
      );
    case 'CONSTRAINT_VIOLATION':
      return new ConstraintViolationError(`store: constraint violated: ${detail}`, code, { cause: error });
    case 'TIMEOUT': {
      const limit = context.timeoutMs !== undefined ? ` after ${context.timeoutMs} ms` : '';
      return new QueryTimeoutError(
        `store: query cut off${limit} (transaction timeout). Narrow the query or raise SKEIN_TX_TIMEOUT_MS.`,
        code,
        { cause: error },
      );
    }
    case 'TRANSIENT':
      return new TransientStoreError(`store: transient failure persisted after retries: ${detail}`, code, {
        cause: error,
      });
    case 'CLOSED':
      return new StoreClosedError(
        `store: the connection pool is closed (${detail}); the work came after the store was shut down`,
        code,
        { cause: error },
      );
    case 'STORE_ERROR':
      return new StoreError(`store: ${detail}`, code, { cause: error });
    default:
      return error;
  }
}
