/**
 * `networks(runId, …)` in rank order (units by risk), and `network(id)`. What the viewer may see is decided in the
 * store (store/read/analysis.ts): a hidden run or network is answered exactly as a missing one.
 */
import { getNetwork, getRun, latestCompletedRun, listNetworks } from '../../../store/read/analysis.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { keysetSlice, offsetConnection } from '../pagination.ts';
import { IndicatorCategoryEnum, NetworkRef } from './network.ts';

const NetworkOrderEnum = builder.enumType('NetworkOrder', { values: ['RISK'] as const });

builder.queryField('networks', (t) =>
  t.connection({
    type: NetworkRef,
    authScopes: { analyst: true },
    description:
      'Networks of a run (default: the newest completed run you may see), in rank order: units by risk, the pieces of one unit together.',
    args: {
      runId: t.arg.string({ required: false }),
      orderBy: t.arg({ type: NetworkOrderEnum, required: false, defaultValue: 'RISK' }),
      categories: t.arg({
        type: [IndicatorCategoryEnum],
        required: false,
        description: 'Networks with evidence in any of these.',
      }),
      linksCategories: t.arg.boolean({
        required: false,
        description: 'Only networks linking two or more categories.',
      }),
      minSize: t.arg.int({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const scope = await ctx.scope();
      const run = args.runId ? await getRun(args.runId, scope) : await latestCompletedRun(scope);
      if (args.runId && !run) {
        throw expectedError('NOT_FOUND', `No analysis run ${args.runId}.`, { id: args.runId });
      }
      // Keyset pages in the store; offset cursors here (so `last`/`before` work too).
      return offsetConnection(args, async (skip, limit) =>
        run
          ? keysetSlice(
              (first, after) => listNetworks(run.id, scope, { ...filters(args), first, after }),
              skip,
              limit,
            )
          : { items: [], total: 0 },
      );
    },
  }),
);

function filters(args: {
  categories?: readonly string[] | null;
  linksCategories?: boolean | null;
  minSize?: number | null;
}) {
  return {
    ...(args.categories ? { categories: args.categories } : {}),
    ...(args.linksCategories != null ? { linksCategories: args.linksCategories } : {}),
    ...(args.minSize != null ? { minSize: args.minSize } : {}),
  };
}

builder.queryField('network', (t) =>
  t.field({
    type: NetworkRef,
    authScopes: { analyst: true },
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const network = await getNetwork(args.id, await ctx.scope());
      if (!network) throw expectedError('NOT_FOUND', `No network ${args.id}.`, { id: args.id });
      // The detail is what members, links and indicators read: keep it for this request.
      ctx.memo.set(`network:${network.id}`, Promise.resolve(network));
      return network;
    },
  }),
);
