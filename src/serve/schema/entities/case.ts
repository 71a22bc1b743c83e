/** Case: an investigation in one jurisdiction, with the roles people play in it. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const CaseRef = defineEntity('Case', 'An investigation case.', (t) => ({
  caseNumber: t.string({ nullable: true, resolve: (c) => prop(c, 'caseNumber') }),
  title: t.string({ nullable: true, resolve: (c) => prop(c, 'title') }),
  jurisdiction: t.field({ type: 'CountryCode', nullable: true, resolve: (c) => prop(c, 'jurisdiction') }),
  involved: linkedEntities(t, {
    type: 'INVOLVED_IN',
    direction: 'IN',
    description: 'Persons and organisations involved (see relationships for roles).',
  }),
}));
