/**
 * Expected errors carry an `extensions.code` a client can act on; everything else is masked to
 * "Unexpected error." and logged with the request id (graphql-yoga's error masking).
 */
import { createGraphQLError, maskError as defaultMaskError } from 'graphql-yoga';
import { StoreError } from '../store/errors.ts';
import { SchemaNotReadyError } from '../store/migrate.ts';

export type ErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'FORBIDDEN'
  /** The request clashes with work in progress (a run of the same scope): wait and try again. */
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'SERVICE_UNAVAILABLE'
  | 'TIMEOUT';

export function expectedError(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return createGraphQLError(message, { extensions: { code, ...details } });
}

/** Maps store failures a client should know about to typed errors; masks the rest. */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = (error as { originalError?: unknown }).originalError ?? error;
  if (original instanceof SchemaNotReadyError) {
    // An operator's problem, not the client's: said so, with the command, instead of masked.
    return expectedError(
      'SERVICE_UNAVAILABLE',
      'The database schema is not up to date (migrations pending); an administrator must run `npm run migrate`.',
    );
  }
  if (original instanceof StoreError) {
    // CLOSED: the server is shutting down and its store no longer takes work.
    if (original.code === 'SERVICE_UNAVAILABLE' || original.code === 'CLOSED') {
      return expectedError('SERVICE_UNAVAILABLE', 'The graph database is not reachable; try again shortly.');
    }
    if (original.code === 'TIMEOUT') {
      return expectedError('TIMEOUT', 'The query took too long and was cut off; narrow it and try again.');
    }
  }
  return defaultMaskError(error, message, isDev);
}
