import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import {
  ConstraintViolationError,
  classifyDriverError,
  mapDriverError,
  QueryTimeoutError,
  StoreClosedError,
  StoreUnavailableError,
  TransientStoreError,
} from '../../../src/store/errors.ts';

/** A driver error as the server sends it: the code is what counts, the message is anything. */
const serverError = (code: string, message = 'whatever the server says') =>
  new Neo4jError(message, code, '50N42', 'error: general processing exception');
/** An error the driver raises itself: no server status (code N/A), as driver 6 builds them. */
const newError = (message: string) => new Neo4jError(message, 'N/A', '50N42', 'general');

describe('store errors are classified by Neo4j status code (issue 17)', () => {
  it.each([
    ['ServiceUnavailable', 'SERVICE_UNAVAILABLE'],
    ['SessionExpired', 'SERVICE_UNAVAILABLE'],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', 'CONSTRAINT_VIOLATION'],
    ['Neo.ClientError.Transaction.TransactionTimedOut', 'TIMEOUT'],
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'TIMEOUT'],
    ['Neo.TransientError.Transaction.DeadlockDetected', 'TRANSIENT'],
    ['Neo.TransientError.General.DatabaseUnavailable', 'TRANSIENT'],
    ['Neo.TransientError.Transaction.LockClientStopped', 'TRANSIENT'],
    ['Neo.ClientError.Statement.SyntaxError', 'STORE_ERROR'],
  ])('%s → %s', (code, kind) => {
    expect(classifyDriverError(serverError(code))).toBe(kind);
  });

  it('does not read the message of a server error: a timeout-sounding text is not a timeout', () => {
    expect(classifyDriverError(serverError('Neo.ClientError.Statement.SyntaxError', 'timed out'))).toBe(
      'STORE_ERROR',
    );
    expect(classifyDriverError(serverError('Neo.ClientError.Statement.SyntaxError', 'ECONNREFUSED'))).toBe(
      'STORE_ERROR',
    );
    expect(classifyDriverError(new Error('Connection was closed by server'))).toBeUndefined();
    const syntax = serverError('Neo.ClientError.Statement.SyntaxError', 'Invalid input: ECONNREFUSED');
    expect(mapDriverError(syntax)).not.toBeInstanceOf(StoreUnavailableError);
  });

  it('a lock wait stopped once the transaction had run for its timeout is a timeout', () => {
    const stopped = serverError('Neo.TransientError.Transaction.LockClientStopped');
    expect(classifyDriverError(stopped, { timeoutMs: 300, elapsedMs: 310 })).toBe('TIMEOUT');
    expect(classifyDriverError(stopped, { timeoutMs: 300, elapsedMs: 20 })).toBe('TRANSIENT');
  });

  it('finds a socket error code on the cause chain', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const wrapped = new Neo4jError('Failed to connect', 'N/A', '50N42', 'general', undefined, socket);
    expect(classifyDriverError(wrapped)).toBe('SERVICE_UNAVAILABLE');
  });

  it("recognises the driver's two codeless pool errors (code N/A) and no other codeless error", () => {
    expect(classifyDriverError(newError('Connection acquisition timed out in 5000 ms. Pool status: …'))).toBe(
      'SERVICE_UNAVAILABLE',
    );
    expect(classifyDriverError(newError('Pool is closed, it is no more able to serve requests.'))).toBe(
      'CLOSED',
    );
    expect(classifyDriverError(newError('Cannot pack given iterable'))).toBeUndefined();
  });

  it('maps each kind to its typed error, keeping the code and the cause', () => {
    const cases: Array<[string, new (...args: never[]) => Error]> = [
      ['ServiceUnavailable', StoreUnavailableError],
      ['Neo.ClientError.Schema.ConstraintValidationFailed', ConstraintViolationError],
      ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', QueryTimeoutError],
      ['Neo.TransientError.Transaction.DeadlockDetected', TransientStoreError],
    ];
    for (const [code, type] of cases) {
      const original = serverError(code);
      const mapped = mapDriverError(original, { timeoutMs: 300 });
      expect(mapped).toBeInstanceOf(type);
      expect(mapped).toMatchObject({ neo4jCode: code, cause: original });
    }
    expect(mapDriverError(newError('Pool is closed, it is no more able to serve requests.'))).toBeInstanceOf(
      StoreClosedError,
    );
    const plain = new TypeError('not a driver error');
    expect(mapDriverError(plain)).toBe(plain);
  });
});
