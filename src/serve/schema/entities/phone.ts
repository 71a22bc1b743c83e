/** Phone: a number in E.164; shared phones are among the strongest links between people. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const PhoneRef = defineEntity('Phone', 'A phone number (E.164).', (t) => ({
  number: t.string({
    nullable: true,
    description: 'E.164, e.g. +40721234567.',
    resolve: (p) => prop(p, 'number') ?? p.id.replace(/^phone:/, ''),
  }),
  country: t.string({ nullable: true, resolve: (p) => prop(p, 'country') }),
  users: linkedEntities(t, {
    type: 'HAS_PHONE',
    direction: 'IN',
    description: 'Persons and organisations using this number.',
  }),
  contacts: linkedEntities(t, {
    type: 'CALLED',
    direction: 'BOTH',
    description: 'Numbers called or calling (see relationships for each call).',
  }),
}));
