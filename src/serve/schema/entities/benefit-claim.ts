/** BenefitClaim: a welfare claim with its scheme, amount and period. */
import { defineEntity, linkedEntities, numberProp, prop } from '../entity.ts';

export const BenefitClaimRef = defineEntity('BenefitClaim', 'A welfare-benefit claim.', (t) => ({
  scheme: t.string({ nullable: true, resolve: (c) => prop(c, 'scheme') }),
  amount: t.float({ nullable: true, resolve: (c) => numberProp(c, 'amount') }),
  currency: t.string({ nullable: true, resolve: (c) => prop(c, 'currency') }),
  frequency: t.string({ nullable: true, resolve: (c) => prop(c, 'frequency') }),
  start: t.string({ nullable: true, resolve: (c) => prop(c, 'start') }),
  end: t.string({ nullable: true, resolve: (c) => prop(c, 'end') }),
  claimants: linkedEntities(t, { type: 'CLAIMS', direction: 'IN', description: 'Who claims it.' }),
  paidInto: linkedEntities(t, {
    type: 'PAID_INTO',
    direction: 'OUT',
    description: 'Account(s) it is paid into.',
  }),
  address: linkedEntities(t, { type: 'AT_ADDRESS', direction: 'OUT', description: 'Address claimed at.' }),
}));
