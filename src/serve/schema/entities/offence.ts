/** Offence: a recorded crime, where it occurred and who and what was involved. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const OffenceRef = defineEntity('Offence', 'A recorded offence (crime report).', (t) => ({
  type: t.string({
    nullable: true,
    description: 'Offence type as recorded (e.g. drugs, theft).',
    resolve: (o) => prop(o, 'type'),
  }),
  date: t.field({ type: 'DateTime', nullable: true, resolve: (o) => prop(o, 'date') }),
  description: t.string({ nullable: true, resolve: (o) => prop(o, 'description') }),
  reference: t.string({
    nullable: true,
    description: 'Crime reference number.',
    resolve: (o) => prop(o, 'reference'),
  }),
  outcome: t.string({ nullable: true, resolve: (o) => prop(o, 'outcome') }),
  occurredAt: linkedEntities(t, {
    type: 'OCCURRED_AT',
    direction: 'OUT',
    description: 'The places and addresses where it occurred.',
  }),
  involved: linkedEntities(t, {
    type: 'INVOLVED_IN',
    direction: 'IN',
    description: 'Persons, organisations, vehicles and items involved (see relationships for roles).',
  }),
}));
