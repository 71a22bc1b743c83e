/** Address: a normalised postal address. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const AddressRef = defineEntity('Address', 'A postal address.', (t) => ({
  line: t.string({ nullable: true, resolve: (a) => prop(a, 'line') }),
  postcode: t.string({ nullable: true, resolve: (a) => prop(a, 'postcode') }),
  city: t.string({ nullable: true, resolve: (a) => prop(a, 'city') }),
  country: t.string({ nullable: true, resolve: (a) => prop(a, 'country') }),
  residents: linkedEntities(t, {
    type: 'REGISTERED_AT',
    direction: 'IN',
    description: 'Persons and organisations registered here.',
  }),
  claims: linkedEntities(t, {
    type: 'AT_ADDRESS',
    direction: 'IN',
    description: 'Benefit claims made at this address.',
  }),
}));
