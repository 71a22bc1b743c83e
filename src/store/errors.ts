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

interface DriverLikeError {
  code?: unknown;
  message?: unknown;
}

/** Maps anything the driver throws to a StoreError; other errors pass through unchanged. */
export function mapDriverError(error: unknown, context: { timeoutMs?: number } = {}): unknown {
  if (error instanceof StoreError || !(error instanceof Error)) return error;
  const code =
    typeof (error as DriverLikeError).code === 'string' ? String((error as DriverLikeError).code) : '';
  const detail = error.message;
  if (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    /ECONNREFUSED|Connection was closed/i.test(detail)
  ) {
    return new StoreUnavailableError(
      `store: Neo4j is not reachable (${detail}). Start it with \`npm run neo4j -- start\` or check NEO4J_URI.`,
      code,
      { cause: error },
    );
  }
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new ConstraintViolationError(`store: constraint violated: ${detail}`, code, { cause: error });
  }
  if (
    code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
    (code === 'Neo.TransientError.Transaction.LockClientStopped' && /timed? ?out/i.test(detail))
  ) {
    const limit = context.timeoutMs !== undefined ? ` after ${context.timeoutMs} ms` : '';
    return new QueryTimeoutError(
      `store: query cut off${limit} (transaction timeout). Narrow the query or raise SKEIN_TX_TIMEOUT_MS.`,
      code,
      { cause: error },
    );
  }
  if (code.startsWith('Neo.TransientError.')) {
    return new TransientStoreError(`store: transient failure persisted after retries: ${detail}`, code, {
      cause: error,
    });
  }
  if (code.startsWith('Neo.')) {
    return new StoreError(`store: ${detail}`, code, { cause: error });
  }
  return error;
}
