/** Journey: one booking on a route on a date. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const JourneyRef = defineEntity('Journey', 'A journey booked on a route on a date.', (t) => ({
  date: t.string({ nullable: true, resolve: (j) => prop(j, 'date') }),
  mode: t.string({ nullable: true, resolve: (j) => prop(j, 'mode') }),
  bookingRef: t.string({ nullable: true, resolve: (j) => prop(j, 'bookingRef') }),
  travellers: linkedEntities(t, { type: 'TOOK', direction: 'IN', description: 'Persons who took it.' }),
  paidBy: linkedEntities(t, {
    type: 'PAID_FOR',
    direction: 'IN',
    description: 'Accounts or persons who paid for it.',
  }),
  route: linkedEntities(t, { type: 'ON', direction: 'OUT', description: 'The route.' }),
}));
