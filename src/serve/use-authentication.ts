/**
 * Authenticates every data request (/graphql, /export) before anything else looks at it: no
 * token, a bad signature or an expired token ends the request with 401 and a message saying what
 * to fix. Liveness, readiness and the viewer's static files stay open; so does the GraphiQL page,
 * but only while GraphiQL is on — when it is off (production) a page request would otherwise fall
 * through to GraphQL unauthenticated, so it is authenticated like any other request.
 */
import type { Plugin } from 'graphql-yoga';
import { type Authenticate, AuthenticationError } from './auth.ts';
import type { Viewer } from './viewer.ts';

const viewers = new WeakMap<Request, Viewer>();

/** The viewer the plugin authenticated for this request (the development viewer in dev mode). */
export function viewerOf(request: Request): Viewer | undefined {
  return viewers.get(request);
}

function needsAuthentication(request: Request, path: string, graphiql: boolean): boolean {
  if (path.startsWith('/export')) return true;
  if (!path.startsWith('/graphql')) return false;
  // GraphiQL's HTML page carries no data; its queries are POSTs and are authenticated. The same
  // test as graphql-yoga's, so exactly the requests it answers with the page stay open.
  const wantsPage = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
  return !(graphiql && wantsPage);
}

export function useAuthentication(authenticate: Authenticate, options: { graphiql: boolean }): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!needsAuthentication(request, url.pathname, options.graphiql)) return;
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
