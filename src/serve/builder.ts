/**
 * The Pothos schema builder: one instance for the whole API (the Pothos complex-app pattern). Every
 * type registers itself on it from its own file under schema/; schema/index.ts imports them all
 * and calls toSchema().
 */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Context } from './context.ts';
import { hasRole } from './viewer.ts';

export interface AuthScopes {
  /** Anyone, even without credentials: liveness and version only. */
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
  Scalars: {
    DateTime: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
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
  },
});

builder.queryType({});
