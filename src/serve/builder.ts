/**
 * The Pothos schema builder: one instance for the whole API (the Pothos complex-app pattern). Every
 * type registers itself on it from its own file under schema/; schema/index.ts imports them all
 * and calls toSchema().
 */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { createGraphQLError } from 'graphql-yoga';
import type { Context } from './context.ts';
import { hasRole } from './viewer.ts';

export interface AuthScopes {
  /**
   * Any authenticated caller, whatever their roles: health and version only. /graphql needs a token
   * in jwt mode, so callers without one use GET /health and GET /ready, which need none.
   */
  public: boolean;
  analyst: boolean;
  investigator: boolean;
  loader: boolean;
  admin: boolean;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  /** Every connection reports how many items exist in all (what the viewer may see). */
  Connection: { totalCount: number };
  /** Custom scalars (schema/scalars.ts): validated on input, strings on the wire (JSON: values). */
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    CountryCode: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // A missing role is a typed FORBIDDEN error, never an empty result that looks like "no data".
    unauthorizedError: (_parent, context, info) =>
      createGraphQLError(
        `Forbidden: ${context.viewer.id} lacks the role needed for ${info.parentType.name}.${info.fieldName}.`,
        { extensions: { code: 'FORBIDDEN' } },
      ),
    authScopes: (context) => ({
      public: true,
      analyst: hasRole(context.viewer, 'analyst'),
      investigator: hasRole(context.viewer, 'investigator'),
      loader: hasRole(context.viewer, 'loader'),
      admin: hasRole(context.viewer, 'admin'),
    }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // node(id)/nodes(ids) run the loaders, which apply need-to-know; readable by analysts.
    nodeQueryOptions: { authScopes: { analyst: true } },
    nodesQueryOptions: { authScopes: { analyst: true } },
  },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items exist in all, not only on this page.',
    resolve: (parent) => parent.totalCount,
  }),
);

builder.queryType({});
builder.mutationType({});
