/** Email: a lower-cased e-mail address. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const EmailRef = defineEntity('Email', 'An e-mail address.', (t) => ({
  address: t.string({ nullable: true, resolve: (e) => prop(e, 'address') ?? e.id.replace(/^email:/, '') }),
  users: linkedEntities(t, {
    type: 'HAS_EMAIL',
    direction: 'IN',
    description: 'Persons and organisations using it.',
  }),
}));
