/**
 * Identity (issue #13): the records the viewer may know to be one person or organisation, joined by
 * SAME_AS (a certain rule or a confirmed judgement). Computed per viewer by store/read/identities.ts;
 * this file only shapes it: the `Identity` type, `identity` on Person and Organisation, and the
 * `identity(id)` query.
 */
import {
  type IdentityComponent,
  type IdentityDetails,
  identityById,
  identityDetails,
} from '../../store/read/identities.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { expectedError } from '../errors.ts';
import { OrganisationRef } from './entities/organisation.ts';
import { PersonRef } from './entities/person.ts';
import { EntityInterface } from './entity.ts';

/** The details of one identity, read once per request whichever fields ask. */
function details(identity: IdentityComponent, ctx: Context): Promise<IdentityDetails> {
  const key = `identity-details:${identity.id}:${identity.recordIds.join(',')}`;
  let found = ctx.memo.get(key) as Promise<IdentityDetails> | undefined;
  if (!found) {
    found = ctx.scope().then((scope) => identityDetails(identity, scope));
    ctx.memo.set(key, found);
  }
  return found;
}

export const IdentityRef = builder.objectRef<IdentityComponent>('Identity').implement({
  description:
    'Records known to be one person or organisation: a connected group of SAME_AS matches (certain rules and confirmed judgements) the viewer may read. Computed for each viewer: a match or record the viewer may not read joins nothing. Candidates (POSSIBLY_SAME_AS) are not part of it.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeID('id', {
      description: '`identity:<smallest record id>`. Stable while the group keeps its smallest record.',
    }),
    size: t.int({ description: 'How many records.', resolve: (i) => i.recordIds.length }),
    truncated: t.boolean({
      description:
        'True when the group has more records than one identity holds (500): only those reached first are listed. A group that large is a resolution error to review.',
      resolve: (i) => i.truncated,
    }),
    records: t.field({
      type: [EntityInterface],
      description: 'The records, in id order.',
      resolve: async (i, _args, ctx) => (await details(i, ctx)).records,
    }),
    names: t.stringList({
      description: 'Every spelling of a name the records hold, as the viewer may read them, each once.',
      resolve: async (i, _args, ctx) => (await details(i, ctx)).names,
    }),
    birthDates: t.stringList({
      description: 'Every birth date the records hold (full or partial, e.g. "1969-12"), sorted.',
      resolve: async (i, _args, ctx) => (await details(i, ctx)).birthDates,
    }),
    sources: t.stringList({
      description: 'The sources (extract sources) that recorded any of the records, sorted.',
      resolve: async (i, _args, ctx) => (await details(i, ctx)).sources,
    }),
    identifiers: t.stringList({
      description:
        "Entity ids of the phones, e-mails, accounts and identity documents any record is linked to, and organisations' registration numbers (`registration:<country>|<number>`), sorted.",
      resolve: async (i, _args, ctx) => (await details(i, ctx)).identifiers,
    }),
  }),
});

for (const ref of [PersonRef, OrganisationRef]) {
  builder.objectField(ref, 'identity', (t) =>
    t.field({
      type: IdentityRef,
      nullable: true,
      description:
        'The identity this record belongs to (other records known to be the same); null when alone.',
      resolve: async (e, _args, ctx) => (await ctx.loaders.identity.load(e.id)) ?? null,
    }),
  );
}

builder.queryField('identity', (t) =>
  t.field({
    type: IdentityRef,
    nullable: true,
    authScopes: { analyst: true },
    description:
      'An identity by id (`identity:<record id>`). An id made from a record that is no longer the smallest of its group answers with the group that record belongs to now; null when the record is alone or not visible.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = String(args.id);
      if (!/^identity:.+/.test(id) || id.length > 1_000) {
        throw expectedError(
          'BAD_USER_INPUT',
          `serve/identity: "id" must be an identity id such as "identity:person:…" (from Identity.id), got "${id.slice(0, 60)}".`,
          { argument: 'id' },
        );
      }
      return identityById(id, await ctx.scope());
    },
  }),
);
