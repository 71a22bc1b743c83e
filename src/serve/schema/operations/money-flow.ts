/** `moneyFlow(accountId, direction, …)`: where money from (or to) an account went, per counterparty and hop. */
import type { EntityRecord } from '../../../store/read/entities.ts';
import { type FlowRecord, moneyFlow } from '../../../store/read/money.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';
import { parseEntityId } from '../ids.ts';

const FlowDirectionEnum = builder.enumType('FlowDirection', {
  values: {
    OUT: { description: 'Where money from the account went.' },
    IN: { description: 'Where money to the account came from.' },
  } as const,
});

const FlowRef = builder.objectRef<FlowRecord>('MoneyFlowStep').implement({
  description: 'Money between the previous hop and one counterparty, summed.',
  authScopes: { analyst: true },
  fields: (t) => ({
    hop: t.exposeInt('hop'),
    counterparty: t.field({ type: EntityInterface, resolve: (f) => f.counterparty as EntityRecord }),
    via: t.exposeStringList('via', { description: 'Entity ids of the previous hop’s accounts involved.' }),
    total: t.exposeFloat('total'),
    count: t.exposeInt('count'),
    currency: t.exposeString('currency', {
      nullable: true,
      description: 'Null when several currencies were summed.',
    }),
    first: t.exposeString('first'),
    last: t.exposeString('last'),
  }),
});

const HopTotalRef = builder
  .objectRef<{ hop: number; total: number; count: number; counterparties: number }>('MoneyFlowHopTotal')
  .implement({
    authScopes: { analyst: true },
    fields: (t) => ({
      hop: t.exposeInt('hop'),
      total: t.exposeFloat('total'),
      count: t.exposeInt('count'),
      counterparties: t.exposeInt('counterparties'),
    }),
  });

const MoneyFlowRef = builder
  .objectRef<{
    steps: FlowRecord[];
    totalsByHop: { hop: number; total: number; count: number; counterparties: number }[];
    truncated: number;
  }>('MoneyFlow')
  .implement({
    authScopes: { analyst: true },
    fields: (t) => ({
      steps: t.field({ type: [FlowRef], resolve: (m) => m.steps }),
      totalsByHop: t.field({ type: [HopTotalRef], resolve: (m) => m.totalsByHop }),
      truncated: t.exposeInt('truncated', {
        description: 'Counterparties left out because a hop had more than `perHop`.',
      }),
    }),
  });

builder.queryField('moneyFlow', (t) =>
  t.field({
    type: MoneyFlowRef,
    authScopes: { analyst: true },
    description:
      'Follows money from (OUT) or to (IN) an account for up to `maxHops` hops, in time order: at each hop only payments after the money arrived (OUT) or before it left (IN). Aggregated per counterparty and hop, largest first.',
    args: {
      accountId: t.arg.id({ required: true }),
      direction: t.arg({ type: FlowDirectionEnum, required: false, defaultValue: 'OUT' }),
      since: t.arg({ type: 'DateTime', required: false }),
      until: t.arg({ type: 'DateTime', required: false }),
      minAmount: t.arg.float({ required: false }),
      maxHops: t.arg.int({ required: false, defaultValue: 2 }),
      perHop: t.arg.int({ required: false, defaultValue: 50 }),
    },
    resolve: async (_root, args, ctx) => {
      const maxHops = args.maxHops ?? 2;
      if (maxHops < 1 || maxHops > 5)
        throw expectedError('BAD_USER_INPUT', '"maxHops" must be between 1 and 5.', { argument: 'maxHops' });
      const perHop = args.perHop ?? 50;
      if (perHop < 1 || perHop > 500)
        throw expectedError('BAD_USER_INPUT', '"perHop" must be between 1 and 500.', { argument: 'perHop' });
      const { id, label } = parseEntityId(String(args.accountId), 'accountId');
      if (label !== 'Account')
        throw expectedError('BAD_USER_INPUT', '"accountId" must name an account.', { argument: 'accountId' });
      const result = await moneyFlow({
        accountId: id,
        direction: args.direction ?? 'OUT',
        since: args.since ?? null,
        until: args.until ?? null,
        minAmount: args.minAmount ?? null,
        maxHops,
        perHop,
        scope: await ctx.scope(),
      });
      // Checked in the same transaction as the flow: absent and not-visible give the same answer.
      if (!result.account) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
      return { steps: result.flows, totalsByHop: result.totalsByHop, truncated: result.truncated };
    },
  }),
);
