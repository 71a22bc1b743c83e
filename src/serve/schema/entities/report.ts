/** Report: a suspicious-activity filing and its parties, each in its capacity. */
import { REPORT_CAPACITIES } from '../../../model/core.ts';
import { defineEntity, linkedEntities, numberProp, prop } from '../entity.ts';

export const ReportRef = defineEntity(
  'Report',
  `A suspicious-activity report (SAR/STR). Parties are linked by PARTY_TO {capacity: ${REPORT_CAPACITIES.join(' | ')}}.`,
  (t) => ({
    reference: t.string({ nullable: true, resolve: (r) => prop(r, 'reference') }),
    kind: t.string({
      nullable: true,
      description: 'SAR, STR, CTR… as filed.',
      resolve: (r) => prop(r, 'kind'),
    }),
    filedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => prop(r, 'filedAt') }),
    summary: t.string({ nullable: true, resolve: (r) => prop(r, 'summary') }),
    amount: t.float({
      nullable: true,
      description: 'Total amount reported.',
      resolve: (r) => numberProp(r, 'amount'),
    }),
    currency: t.string({ nullable: true, resolve: (r) => prop(r, 'currency') }),
    parties: linkedEntities(t, {
      type: 'PARTY_TO',
      direction: 'IN',
      description: 'Persons, organisations and accounts in the report (see relationships for each capacity).',
    }),
  }),
);
