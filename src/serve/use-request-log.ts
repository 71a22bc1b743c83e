/**
 * One structured log line per request (pino): request id (the client's x-request-id or a new
 * one, echoed in the response), method, path, status, duration and who asked. GraphQL variables
 * are not logged here: the audit trail records them, redacted, where only admins can read them.
 */
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { log } from './log.ts';
import { viewerOf } from './use-authentication.ts';

const started = new WeakMap<Request, { at: number; id: string }>();

/** The request's id: the client's x-request-id, or one made when the request arrived. */
export function requestIdOf(request: Request): string {
  let entry = started.get(request);
  if (!entry) {
    entry = { at: performance.now(), id: request.headers.get('x-request-id') ?? randomUUID() };
    started.set(request, entry);
  }
  return entry.id;
}

export function useRequestLog(): Plugin {
  return {
    onRequest({ request }) {
      requestIdOf(request);
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (!start) return;
      response.headers.set('x-request-id', start.id);
      const url = new URL(request.url);
      log.info(
        {
          requestId: start.id,
          method: request.method,
          path: url.pathname,
          status: response.status,
          ms: Math.round((performance.now() - start.at) * 10) / 10,
          viewer: viewerOf(request)?.id,
        },
        'request',
      );
    },
  };
}
