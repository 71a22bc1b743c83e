/** IdentityDocument: passport, ID card, residence permit or driving licence. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const IdentityDocumentRef = defineEntity('IdentityDocument', 'An identity document.', (t) => ({
  type: t.string({
    nullable: true,
    description: 'passport, id-card, residence-permit, driving-licence.',
    resolve: (d) => prop(d, 'type'),
  }),
  number: t.string({ nullable: true, resolve: (d) => prop(d, 'number') }),
  country: t.string({ nullable: true, description: 'Issuing country.', resolve: (d) => prop(d, 'country') }),
  holders: linkedEntities(t, {
    type: 'HAS_DOCUMENT',
    direction: 'IN',
    description: 'Persons the document belongs to.',
  }),
  heldBy: linkedEntities(t, {
    type: 'HELD_DOCUMENT',
    direction: 'IN',
    description: 'Persons found in possession of it.',
  }),
}));
