/** `timeline(id)`: everything dated about an entity, in time order. */
import { labelOfId } from '../../../model/ids.ts';
import type { IdentityComponent } from '../../../store/read/identities.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { TimelineEventRef, timelineConnection, undatedLeftOutField } from '../entity.ts';
import { IdentityRef } from '../identity.ts';
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
        identities: t.arg.boolean({
          required: false,
          defaultValue: false,
          description:
            "Follow identities: a person's or organisation's timeline covers every record of its identity (SAME_AS you may read); each event's `subjectId` names the record (or held account, phone) it is about, and `identity` the records merged.",
        }),
      },
      resolve: async (_root, args, ctx) => {
        const { id } = parseEntityId(String(args.id));
        const entity = await ctx.loaders.entity.load(id);
        if (!entity) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
        const identity = args.identities ? await ctx.loaders.identity.load(entity.id) : undefined;
        // An identity joins records of one kind; a record of another label is not this actor's.
        const ids = identity ? identity.recordIds.filter((r) => labelOfId(r) === entity.label) : [entity.id];
        return { ...(await timelineConnection(entity, args, ctx, ids)), identity: identity ?? null };
      },
    },
    {
      fields: (c) => ({
        undatedLeftOut: undatedLeftOutField(c),
        identity: c.field({
          type: IdentityRef,
          nullable: true,
          description:
            'With `identities: true`: the identity whose records this timeline covers (null when alone).',
          resolve: (connection) => (connection as { identity?: IdentityComponent | null }).identity ?? null,
        }),
      }),
    },
  ),
);
