/** Item: a seized object (a handset by IMEI, cash, a weapon, drugs), with where it was seized. */
import { ITEM_KINDS } from '../../../model/core.ts';
import { defineEntity, linkedEntities, numberProp, prop } from '../entity.ts';

export const ItemRef = defineEntity(
  'Item',
  `A seized or recorded object. kind is one of ${ITEM_KINDS.join(', ')} (as loaded: other values are shown as they are).`,
  (t) => ({
    kind: t.string({ nullable: true, resolve: (i) => prop(i, 'kind') }),
    description: t.string({ nullable: true, resolve: (i) => prop(i, 'description') }),
    imei: t.string({ nullable: true, description: 'Handsets: the IMEI.', resolve: (i) => prop(i, 'imei') }),
    exhibit: t.string({
      nullable: true,
      description: 'Exhibit reference.',
      resolve: (i) => prop(i, 'exhibit'),
    }),
    quantity: t.float({
      nullable: true,
      description: 'Drugs: the quantity.',
      resolve: (i) => numberProp(i, 'quantity'),
    }),
    unit: t.string({ nullable: true, resolve: (i) => prop(i, 'unit') }),
    amount: t.float({
      nullable: true,
      description: 'Cash: the amount.',
      resolve: (i) => numberProp(i, 'amount'),
    }),
    currency: t.string({ nullable: true, resolve: (i) => prop(i, 'currency') }),
    seizedAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => prop(i, 'seizedAt') }),
    owners: linkedEntities(t, { type: 'OWNS', direction: 'IN', description: 'Known owners.' }),
    users: linkedEntities(t, { type: 'USES', direction: 'IN', description: 'Known users.' }),
    seizedFrom: linkedEntities(t, {
      type: 'SEIZED_FROM',
      direction: 'OUT',
      description: 'The person, organisation, address or place it was seized from.',
    }),
    phones: linkedEntities(t, {
      type: 'HAS_PHONE',
      direction: 'OUT',
      description: 'Handsets: the numbers (SIMs) seen in it.',
    }),
  }),
);
