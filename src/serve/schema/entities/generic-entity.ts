/**
 * GenericEntity: a node of a label the model extension declares (docs/model.md "Extensions"). The
 * schema is the same for every installation, so such a node is served through the Entity interface
 * with its label and every property the viewer may see as JSON.
 */
import { isCoreEntityLabel } from '../../../model/labels.ts';
import type { EntityRecord } from '../../../store/read/entities.ts';
import { builder } from '../../builder.ts';
import { EntityInterface } from '../entity.ts';

/** Written by the loader for search and names: served by the Entity fields, not in `properties`. */
const HIDDEN = new Set(['id', 'search', 'names']);

export const GenericEntityRef = builder.objectRef<EntityRecord>('GenericEntity');

builder.node(GenericEntityRef, {
  description:
    'An entity of a label declared in the model extension (e.g. Vessel): its label and properties as recorded.',
  interfaces: [EntityInterface],
  authScopes: { analyst: true },
  id: { resolve: (e) => e.id },
  isTypeOf: (value) => !isCoreEntityLabel((value as EntityRecord).label),
  loadMany: async (ids, ctx) =>
    (await ctx.loaders.entity.loadMany(ids)).map((e) =>
      e instanceof Error || e === undefined || isCoreEntityLabel(e.label) ? null : e,
    ),
  fields: (t) => ({
    properties: t.field({
      type: 'JSON',
      description:
        "Every property you may see, by the extension's names (id, names and search text left out).",
      resolve: (e) =>
        Object.fromEntries(
          Object.entries(e.props).filter(([key, value]) => !HIDDEN.has(key) && value !== null),
        ),
    }),
  }),
});
