/** `entity(id)`: one entity by global or Skein id (NOT_FOUND when absent or outside what you may see). */
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { selectsSubfield } from '../../selects.ts';
import { EntityInterface } from '../entity.ts';
import { parseEntityId } from '../ids.ts';

builder.queryField('entity', (t) =>
  t.field({
    type: EntityInterface,
    authScopes: { analyst: true },
    description: 'One entity by its global id or its Skein entity id (e.g. "phone:+40721234567").',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx, info) => {
      const { id } = parseEntityId(String(args.id));
      // Asked with its sources (the analysts' usual question), both come in one statement.
      const loader = selectsSubfield(info, 'sources') ? ctx.loaders.entityWithSources : ctx.loaders.entity;
      const entity = await loader.load(id);
      // The same answer for "does not exist" and "you may not see it": need-to-know leaks nothing.
      if (!entity) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
      return entity;
    },
  }),
);
