/** Organisation: a company, agency, landlord, charity or public body. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';
import { possibleMatchesField } from '../resolution/match.ts';

export const OrganisationRef = defineEntity(
  'Organisation',
  'A company, agency, landlord, charity or public body.',
  (t) => ({
    kind: t.string({ nullable: true, resolve: (o) => prop(o, 'kind') }),
    country: t.string({ nullable: true, resolve: (o) => prop(o, 'country') }),
    registrationNumber: t.string({ nullable: true, resolve: (o) => prop(o, 'registrationNumber') }),
    employees: linkedEntities(t, {
      type: 'EMPLOYS',
      direction: 'OUT',
      description: 'People employed (see relationships for dates and roles).',
    }),
    directors: linkedEntities(t, { type: 'DIRECTS', direction: 'IN', description: 'Directors.' }),
    owners: linkedEntities(t, {
      type: 'OWNS',
      direction: 'IN',
      description: 'Owners (persons or organisations).',
    }),
    accounts: linkedEntities(t, { type: 'HOLDS', direction: 'OUT', description: 'Accounts held.' }),
    addresses: linkedEntities(t, {
      type: 'REGISTERED_AT',
      direction: 'OUT',
      description: 'Registered addresses.',
    }),
    phones: linkedEntities(t, { type: 'HAS_PHONE', direction: 'OUT', description: 'Phones.' }),
    possibleMatches: possibleMatchesField(t),
  }),
);
