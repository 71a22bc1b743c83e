/** Runs GraphQL operations in-process through yoga.fetch (no port), as a given viewer. */
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import type { Limits } from '../../src/serve/use-limits.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

export function client() {
  const app = createApp({ graphiql: false });
  return async function gql<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await app.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
}

/**
 * An app that verifies real JWTs signed with `secret`, and a way to call it as a given user.
 * `limits` replaces the configured body and rate limits (a test that polls turns the rate off).
 */
export function jwtClient(secret: string, options: { limits?: Limits } = {}) {
  const app = createApp({
    graphiql: false,
    authenticate: createAuthenticator({ mode: 'jwt', secret }),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  async function as(viewer: Viewer, query: string, variables: Record<string, unknown> = {}) {
    const token = await signDevelopmentToken(secret, viewer);
    const response = await app.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  }
  return { app, as };
}
