/**
 * `neighbourhood(id, depth, …)`: nodes and edges around an entity. Each node contributes at most
 * `limitPerNode` links per hop; the rest is reported in `truncated` ("N more"), never fetched.
 */
import type { EntityRecord } from '../../../store/read/entities.ts';
import type { IdentityComponent } from '../../../store/read/identities.ts';
import { neighbourhood } from '../../../store/read/neighbourhood.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';
import { IdentityRef } from '../identity.ts';
import { parseEntityId } from '../ids.ts';
import {
  chosenTypes,
  fromEdge,
  RelationshipRef,
  RelationshipTypeEnum,
  type RelationshipValue,
} from '../relationship.ts';

interface NeighbourValue {
  entity: EntityRecord;
  depth: number;
}

const NeighbourRef = builder.objectRef<NeighbourValue>('Neighbour').implement({
  authScopes: { analyst: true },
  fields: (t) => ({
    depth: t.exposeInt('depth', { description: 'Hops from the centre (0 = the centre).' }),
    entity: t.field({ type: EntityInterface, resolve: (n) => n.entity }),
  }),
});

const TruncatedRef = builder
  .objectRef<{ id: string; shown: number; total: number }>('TruncatedNode')
  .implement({
    description: 'A node with more links than the page: `total - shown` more exist.',
    authScopes: { analyst: true },
    fields: (t) => ({
      entityId: t.exposeString('id'),
      shown: t.exposeInt('shown'),
      total: t.exposeInt('total'),
      more: t.int({ resolve: (n) => n.total - n.shown }),
    }),
  });

const NeighbourhoodRef = builder
  .objectRef<{
    nodes: NeighbourValue[];
    edges: RelationshipValue[];
    truncated: { id: string; shown: number; total: number }[];
    identities: IdentityComponent[];
  }>('Neighbourhood')
  .implement({
    authScopes: { analyst: true },
    fields: (t) => ({
      nodes: t.field({ type: [NeighbourRef], resolve: (n) => n.nodes }),
      edges: t.field({ type: [RelationshipRef], resolve: (n) => n.edges }),
      truncated: t.field({ type: [TruncatedRef], resolve: (n) => n.truncated }),
      identities: t.field({
        type: [IdentityRef],
        description:
          'With `identities: true`: the identities whose records this answer merged (two or more of its records in `nodes`); empty otherwise.',
        resolve: (n) => n.identities,
      }),
    }),
  });

builder.queryField('neighbourhood', (t) =>
  t.field({
    type: NeighbourhoodRef,
    authScopes: { analyst: true },
    description: 'Entities and relationships within `depth` hops (at most 3) of an entity.',
    args: {
      id: t.arg.id({ required: true }),
      depth: t.arg.int({ required: false, defaultValue: 1 }),
      relationshipTypes: t.arg({ type: [RelationshipTypeEnum], required: false }),
      since: t.arg({ type: 'DateTime', required: false }),
      until: t.arg({ type: 'DateTime', required: false }),
      limitPerNode: t.arg.int({ required: false, defaultValue: 50 }),
      identities: t.arg.boolean({
        required: false,
        defaultValue: false,
        description:
          'Follow identities: the records of one identity (SAME_AS you may read) act as one, so the neighbourhood of a record includes what the other records of its identity link to. They appear as nodes at the same depth, and `identities` lists what was merged.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const depth = args.depth ?? 1;
      if (depth < 1 || depth > 3)
        throw expectedError('BAD_USER_INPUT', '"depth" must be 1, 2 or 3.', { argument: 'depth' });
      const limitPerNode = args.limitPerNode ?? 50;
      if (limitPerNode < 1 || limitPerNode > 500) {
        throw expectedError('BAD_USER_INPUT', '"limitPerNode" must be between 1 and 500.', {
          argument: 'limitPerNode',
        });
      }
      const { id } = parseEntityId(String(args.id));
      const result = await neighbourhood({
        id,
        depth,
        types: chosenTypes(args.relationshipTypes),
        since: args.since ?? null,
        until: args.until ?? null,
        limitPerNode,
        scope: await ctx.scope(),
        identities: args.identities === true,
      });
      if (!result.centre) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
      return {
        nodes: result.nodes,
        edges: result.edges.map(fromEdge),
        truncated: result.truncated,
        identities: result.identities,
      };
    },
  }),
);
