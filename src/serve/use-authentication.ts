/**
 * Authenticates every data request (/graphql, /export) before it reaches GraphQL: no token, a bad
 * signature or an expired token ends the request with 401 and a message saying what to fix.
 * Liveness, readiness, the viewer's static files and the GraphiQL page itself stay open.
 */
import type { Plugin } from 'graphql-yoga';
import { type Authenticate, AuthenticationError } from './auth.ts';
import type { Viewer } from './viewer.ts';

const viewers = new WeakMap<Request, Viewer>();

/** The viewer the plugin authenticated for this request (the development viewer in dev mode). */
export function viewerOf(request: Request): Viewer | undefined {
  return viewers.get(request);
}

function needsAuthentication(request: Request, path: string): boolean {
  if (path.startsWith('/export/')) return true;
  if (!path.startsWith('/graphql')) return false;
  // GraphiQL's HTML page carries no data; its queries are POSTs and are authenticated.
  const wantsPage = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
  return !wantsPage;
}

export function useAuthentication(authenticate: Authenticate): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!needsAuthentication(request, url.pathname)) return;
      try {
        viewers.set(request, await authenticate(request));
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                { message: `Unauthenticated: ${error.message}`, extensions: { code: 'UNAUTHENTICATED' } },
              ],
            }),
            {
              status: 401,
              headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="skein"' },
            },
          ),
        );
      }
    },
  };
}
