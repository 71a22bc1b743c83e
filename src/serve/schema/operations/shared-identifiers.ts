/** `sharedIdentifiers(kind, minHolders)`: phones, e-mails, addresses, accounts or documents shared by N+ persons. */
import type { EntityRecord } from '../../../store/read/entities.ts';
import { SHARED_KINDS, type SharedKind, sharedIdentifiers } from '../../../store/read/shared.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';
import { offsetConnection } from '../pagination.ts';

const IdentifierKindEnum = builder.enumType('IdentifierKind', {
  values: Object.keys(SHARED_KINDS) as SharedKind[],
});

const SharedIdentifierRef = builder
  .objectRef<{ identifier: EntityRecord; holders: EntityRecord[] }>('SharedIdentifier')
  .implement({
    authScopes: { analyst: true },
    fields: (t) => ({
      identifier: t.field({ type: EntityInterface, resolve: (s) => s.identifier }),
      holderCount: t.int({ resolve: (s) => s.holders.length }),
      holders: t.field({
        type: [EntityInterface],
        description: 'The persons sharing it, in id order.',
        resolve: (s) => s.holders,
      }),
    }),
  });

builder.queryField('sharedIdentifiers', (t) =>
  t.connection({
    type: SharedIdentifierRef,
    authScopes: { analyst: true },
    description:
      'Identifiers held by at least `minHolders` distinct persons, most holders first. ADDRESS counts registrations and benefit claims made at the address; DOCUMENT counts holders and persons found in possession.',
    args: {
      kind: t.arg({ type: IdentifierKindEnum, required: true }),
      minHolders: t.arg.int({ required: false, defaultValue: 2 }),
    },
    resolve: async (_root, args, ctx) => {
      const minHolders = args.minHolders ?? 2;
      if (minHolders < 2 || minHolders > 10_000) {
        throw expectedError('BAD_USER_INPUT', '"minHolders" must be between 2 and 10000.', {
          argument: 'minHolders',
        });
      }
      const scope = await ctx.scope();
      return offsetConnection(args, async (skip, limit) => {
        const result = await sharedIdentifiers({ kind: args.kind, minHolders, skip, limit, scope });
        return { items: result.items, total: result.total };
      });
    },
  }),
);
