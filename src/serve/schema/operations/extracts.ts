/** `extracts`: the loaded extracts you may see, oldest first. */
import { holdsAllJurisdictions } from '../../../model/jurisdiction.ts';
import { listExtracts } from '../../../store/read/extracts.ts';
import { builder } from '../../builder.ts';
import { ExtractRef } from '../extract.ts';
import { arrayConnection } from '../pagination.ts';

builder.queryField('extracts', (t) =>
  t.connection({
    type: ExtractRef,
    authScopes: { analyst: true },
    description: 'Loaded extracts within your jurisdictions, oldest first.',
    resolve: async (_root, args, ctx) => {
      const all = holdsAllJurisdictions(ctx.viewer.jurisdictions) ? null : ctx.viewer.jurisdictions;
      return arrayConnection(await listExtracts(all), args);
    },
  }),
);
