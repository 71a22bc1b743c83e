/**
 * `paths(from, to, …)`: all shortest paths between two entities (capped), and with `money: true`
 * time-respecting money paths between accounts (each payment no earlier than the one before).
 */
import type { EntityRecord } from '../../../store/read/entities.ts';
import { moneyPaths, type PathRecord, shortestPaths } from '../../../store/read/paths.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';
import { parseEntityId } from '../ids.ts';
import {
  chosenTypes,
  fromEdge,
  RelationshipRef,
  RelationshipTypeEnum,
  type RelationshipValue,
} from '../relationship.ts';

const PathRef = builder.objectRef<{ nodes: EntityRecord[]; edges: RelationshipValue[] }>('Path').implement({
  authScopes: { analyst: true },
  fields: (t) => ({
    length: t.int({ resolve: (p) => p.edges.length }),
    nodes: t.field({ type: [EntityInterface], resolve: (p) => p.nodes }),
    edges: t.field({ type: [RelationshipRef], resolve: (p) => p.edges }),
  }),
});

function toValue(path: PathRecord) {
  return {
    nodes: path.nodes,
    edges: path.edges.map(fromEdge),
  };
}

builder.queryField('paths', (t) =>
  t.field({
    type: [PathRef],
    authScopes: { analyst: true },
    description:
      'Shortest paths between two entities (all of the shortest length, at most `limit`). With `money: true`, both must be accounts and paths follow PAID in time order: each payment no earlier than the previous one.',
    args: {
      from: t.arg.id({ required: true }),
      to: t.arg.id({ required: true }),
      maxHops: t.arg.int({ required: false, defaultValue: 4 }),
      relationshipTypes: t.arg({ type: [RelationshipTypeEnum], required: false }),
      money: t.arg.boolean({ required: false, defaultValue: false }),
      since: t.arg({
        type: 'DateTime',
        required: false,
        description: 'Money paths: first payment at or after.',
      }),
      until: t.arg({
        type: 'DateTime',
        required: false,
        description: 'Money paths: last payment at or before.',
      }),
      minAmount: t.arg.float({ required: false, description: 'Money paths: ignore smaller payments.' }),
      limit: t.arg.int({ required: false, defaultValue: 10 }),
      identities: t.arg.boolean({
        required: false,
        defaultValue: false,
        description:
          'Follow identities: a path may step from a record to another record of its identity (a SAME_AS you may read, shown as an edge of type SAME_AS, one hop). Not for money paths.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const maxHops = args.maxHops ?? 4;
      if (maxHops < 1 || maxHops > 6)
        throw expectedError('BAD_USER_INPUT', '"maxHops" must be between 1 and 6.', { argument: 'maxHops' });
      const limit = args.limit ?? 10;
      if (limit < 1 || limit > 100)
        throw expectedError('BAD_USER_INPUT', '"limit" must be between 1 and 100.', { argument: 'limit' });
      const from = parseEntityId(String(args.from), 'from');
      const to = parseEntityId(String(args.to), 'to');
      const [fromEntity, toEntity] = await Promise.all([
        ctx.loaders.entity.load(from.id),
        ctx.loaders.entity.load(to.id),
      ]);
      if (!fromEntity) throw expectedError('NOT_FOUND', `No entity ${from.id}.`, { id: from.id });
      if (!toEntity) throw expectedError('NOT_FOUND', `No entity ${to.id}.`, { id: to.id });
      const scope = await ctx.scope();
      if (args.money) {
        if (fromEntity.label !== 'Account' || toEntity.label !== 'Account') {
          throw expectedError('BAD_USER_INPUT', 'Money paths run between two accounts.', {
            argument: 'money',
          });
        }
        const paths = await moneyPaths({
          from: from.id,
          to: to.id,
          maxHops,
          since: args.since ?? null,
          until: args.until ?? null,
          minAmount: args.minAmount ?? null,
          limit,
          perNode: 200,
          scope,
        });
        return paths.map(toValue);
      }
      const paths = await shortestPaths({
        from: fromEntity,
        to: toEntity,
        maxHops,
        types: chosenTypes(args.relationshipTypes),
        limit,
        scope,
        identities: args.identities === true,
      });
      return paths.map(toValue);
    },
  }),
);
