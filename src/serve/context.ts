/** The per-request GraphQL context: the viewer and a request id for logs and transaction metadata. */
import { randomUUID } from 'node:crypto';
import { DEVELOPMENT_VIEWER, type Viewer } from './viewer.ts';

export interface Context {
  requestId: string;
  viewer: Viewer;
}

export function createContext(request: Request): Context {
  return {
    requestId: request.headers.get('x-request-id') ?? randomUUID(),
    viewer: DEVELOPMENT_VIEWER,
  };
}
