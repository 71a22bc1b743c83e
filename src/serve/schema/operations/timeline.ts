/** `timeline(id)`: everything dated about an entity, in time order. */
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { TimelineEventRef, timelineConnection, undatedLeftOutField } from '../entity.ts';
import { parseEntityId } from '../ids.ts';
import { RelationshipTypeEnum } from '../relationship.ts';

builder.queryField('timeline', (t) =>
  t.connection(
    {
      type: TimelineEventRef,
      authScopes: { analyst: true },
      description:
        'Everything dated about an entity in time order: its payments, calls, registrations, employment, journeys and claims; for persons and organisations also the payments and calls of the accounts and phones they hold.',
      args: {
        id: t.arg.id({ required: true }),
        since: t.arg({ type: 'DateTime', required: false }),
        until: t.arg({ type: 'DateTime', required: false }),
        types: t.arg({ type: [RelationshipTypeEnum], required: false }),
      },
      resolve: async (_root, args, ctx) => {
        const { id } = parseEntityId(String(args.id));
        const entity = await ctx.loaders.entity.load(id);
        if (!entity) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
        return timelineConnection(entity, args, ctx);
      },
    },
    {
      fields: (c) => ({ undatedLeftOut: undatedLeftOutField(c) }),
    },
  ),
);
