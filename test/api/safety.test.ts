/** Authorisation declared on every field, query limits, and the GraphQL-over-HTTP audits. */
import { isObjectType } from 'graphql';
import { serverAudits } from 'graphql-http';
import { afterAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/serve/schema/index.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { closeDriver } from '../support/db.ts';
import { client } from './client.ts';

const gql = client();
afterAll(closeDriver);

function authScopesOf(extensions: unknown): unknown {
  return (extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
}

describe('authorisation is declared everywhere', () => {
  it('every query and mutation field says which scopes may use it', () => {
    const missing: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        if (authScopesOf(field.extensions) === undefined) missing.push(`${root?.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every object type of data says which scopes may read it', () => {
    const wrappers = /(Connection|Edge)$|^PageInfo$|^(Query|Mutation)$|^__/;
    const missing = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !wrappers.test(type.name))
      .filter(
        (type) =>
          authScopesOf(type.extensions) === undefined &&
          !['Health', 'Neo4jHealth', 'Version'].includes(type.name),
      )
      .map((type) => type.name);
    expect(missing).toEqual([]);
  });
});

describe('query limits', () => {
  it('rejects a query nested deeper than the limit', async () => {
    let selection = 'entityId';
    for (let i = 0; i < 14; i++) selection = `relationships { edges { node { other { ${selection} } } } }`;
    const { errors } = await gql(`{ entity(id: "person:x:y") { ${selection} } }`);
    // Depth and cost both grow with nesting; either limit may speak first.
    expect(errors?.[0]?.message).toMatch(/depth|cost/i);
  });

  it('rejects a query with too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: health { status }`).join(' ');
    const { errors } = await gql(`{ ${aliases} }`);
    expect(errors?.[0]?.message).toMatch(/alias/i);
  });
});

describe('GraphQL over HTTP', () => {
  it('passes every graphql-http server audit', async () => {
    const app = createApp({ graphiql: false });
    // Skein's clients mark GET requests with x-skein-client (CSRF prevention); so does this one.
    const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) =>
      app.fetch(input as string, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), 'x-skein-client': 'audit' },
      });
    const audits = serverAudits({ url: 'http://skein.test/graphql', fetchFn });
    const results = await Promise.all(
      audits.map(async (audit) => ({ name: audit.name, result: await audit.fn() })),
    );
    const failed = results
      .filter((r) => r.result.status !== 'ok')
      .map((r) => `${r.result.status}: ${r.name}`);
    expect(failed).toEqual([]);
  });
});
