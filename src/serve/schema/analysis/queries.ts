/** `networks(runId, …)` ranked by risk, and `network(id)`. */
import { getNetwork, getRun, latestCompletedRun, listNetworks } from '../../../store/read/analysis.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { pageConnection, pageOf } from '../pagination.ts';
import { IndicatorCategoryEnum, NetworkRef } from './network.ts';
import { canSeeRun } from './visibility.ts';

const NetworkOrderEnum = builder.enumType('NetworkOrder', { values: ['RISK'] as const });

builder.queryField('networks', (t) =>
  t.connection({
    type: NetworkRef,
    authScopes: { analyst: true },
    description: 'Networks of a run (default: the newest completed run you may see), highest risk first.',
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
      const run = args.runId ? await getRun(args.runId) : await latestCompletedRun();
      if (args.runId && (!run || !canSeeRun(ctx.viewer, run))) {
        throw expectedError('NOT_FOUND', `No analysis run ${args.runId}.`, { id: args.runId });
      }
      const { skip, limit } = pageOf(args);
      if (!run || !canSeeRun(ctx.viewer, run)) return pageConnection([], skip, limit, 0);
      // Keyset pages in the store; offset cursors here, so walk forward to the requested offset.
      let after: string | null = null;
      let skipped = 0;
      while (skipped < skip) {
        const page = await listNetworks(run.id, {
          ...filters(args),
          first: Math.min(500, skip - skipped),
          after,
        });
        skipped += page.nodes.length;
        after = page.endCursor;
        if (!page.hasNextPage) break;
      }
      const page = await listNetworks(run.id, { ...filters(args), first: limit, after });
      return pageConnection(page.nodes, skip, limit, page.totalCount);
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
      const network = await getNetwork(args.id);
      const run = network ? await getRun(network.runId) : null;
      if (!network || !run || !canSeeRun(ctx.viewer, run)) {
        throw expectedError('NOT_FOUND', `No network ${args.id}.`, { id: args.id });
      }
      return network;
    },
  }),
);
