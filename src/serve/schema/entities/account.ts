/** Account: a bank, payment or wallet account (IBAN in electronic form when it has one). */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const AccountRef = defineEntity('Account', 'A bank, payment or wallet account.', (t) => ({
  iban: t.string({ nullable: true, resolve: (a) => prop(a, 'iban') }),
  bic: t.string({ nullable: true, resolve: (a) => prop(a, 'bic') }),
  bank: t.string({ nullable: true, resolve: (a) => prop(a, 'bank') }),
  currency: t.string({ nullable: true, resolve: (a) => prop(a, 'currency') }),
  kind: t.string({ nullable: true, resolve: (a) => prop(a, 'kind') }),
  country: t.string({ nullable: true, resolve: (a) => prop(a, 'country') }),
  holders: linkedEntities(t, {
    type: 'HOLDS',
    direction: 'IN',
    description: 'Persons and organisations holding the account.',
  }),
  benefitClaims: linkedEntities(t, {
    type: 'PAID_INTO',
    direction: 'IN',
    description: 'Benefit claims paid into this account.',
  }),
}));
