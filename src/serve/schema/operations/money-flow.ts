/** `moneyFlow(accountId, direction, …)`: where money from (or to) an account went, per counterparty and hop. */
import type { EntityRecord } from '../../../store/read/entities.ts';
import { FLOW_DEFAULTS } from '../../../store/read/flow-defaults.ts';
import type { IdentityComponent } from '../../../store/read/identities.ts';
import { type FlowRecord, flowPayments, type HopTotal, moneyFlow } from '../../../store/read/money.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';
import { IdentityRef } from '../identity.ts';
import { parseEntityId } from '../ids.ts';
import { offsetConnection } from '../pagination.ts';
import { TransactionRef } from '../transaction.ts';

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
    count: t.exposeInt('count', {
      description: 'Transfers: an aggregated payment (one row for N transfers over a period) counts N.',
    }),
    records: t.exposeInt('records', { description: 'Payment records summed (an aggregate is one).' }),
    undated: t.exposeInt('undated', {
      description: 'Transfers in this step without a date (kept because no window was asked for).',
    }),
    currency: t.exposeString('currency', {
      nullable: true,
      description: 'Null when several currencies were summed.',
    }),
    first: t.exposeString('first', {
      nullable: true,
      description: 'Earliest date of the dated payments; null when every payment of the step is undated.',
    }),
    last: t.exposeString('last', {
      nullable: true,
      description: 'Latest date (or end of an aggregate’s period); null when every payment is undated.',
    }),
    payments: t.connection({
      type: TransactionRef,
      description:
        'The payments this step sums (its evidence; the step itself is read from summaries kept at load), by the same rules: from (OUT) or to (IN) the `via` accounts, after the money reached them, in the window, at least `minAmount`. Oldest first, undated last; `direction` and `counterparty` are relative to the `via` account.',
      resolve: async (f, args, ctx) => {
        const scope = await ctx.scope();
        return offsetConnection(args, (skip, limit) => flowPayments(f.evidence, { skip, limit, scope }));
      },
    }),
  }),
});

const HopTotalRef = builder.objectRef<HopTotal>('MoneyFlowHopTotal').implement({
  authScopes: { analyst: true },
  fields: (t) => ({
    hop: t.exposeInt('hop'),
    total: t.exposeFloat('total'),
    count: t.exposeInt('count', { description: 'Transfers (aggregates count their `count`).' }),
    counterparties: t.exposeInt('counterparties'),
    undated: t.exposeInt('undated', { description: 'Transfers of this hop without a date.' }),
  }),
});

const MoneyFlowRef = builder
  .objectRef<{
    steps: FlowRecord[];
    totalsByHop: HopTotal[];
    truncated: number;
    undatedIncluded: number;
    undatedExcluded: number;
    startAccounts?: string[];
    identities?: IdentityComponent[];
  }>('MoneyFlow')
  .implement({
    authScopes: { analyst: true },
    fields: (t) => ({
      steps: t.field({ type: [FlowRef], resolve: (m) => m.steps }),
      totalsByHop: t.field({ type: [HopTotalRef], resolve: (m) => m.totalsByHop }),
      truncated: t.exposeInt('truncated', {
        description: 'Counterparties left out because a hop had more than `perHop`.',
      }),
      undatedIncluded: t.exposeInt('undatedIncluded', {
        description:
          'Transfers without a date in the answer: kept when no window (since/until) is asked for, though the time order cannot place them.',
      }),
      undatedExcluded: t.exposeInt('undatedExcluded', {
        description:
          'Transfers without a date that the window (since/until) left out, over the hops followed.',
      }),
      startAccounts: t.field({
        type: [EntityInterface],
        description:
          "The accounts the flow starts from: the account asked about, and with `identities: true` every other account its holder's identity holds.",
        resolve: async (m, _args, ctx) =>
          (await ctx.loaders.entity.loadMany(m.startAccounts ?? [])).filter(
            (e): e is EntityRecord => e !== undefined && !(e instanceof Error),
          ),
      }),
      identities: t.field({
        type: [IdentityRef],
        description: "With `identities: true`: the identities of the account's holders that the flow merged.",
        resolve: (m) => m.identities ?? [],
      }),
    }),
  });

builder.queryField('moneyFlow', (t) =>
  t.field({
    type: MoneyFlowRef,
    authScopes: { analyst: true },
    description:
      'Follows money from (OUT) or to (IN) an account for up to `maxHops` hops, in time order: at each hop only payments after the money arrived (OUT) or before it left (IN). Aggregated per counterparty and hop, largest first. A payment standing for several transfers over a period counts them all and is kept when its period overlaps the window; payments without a date are kept unless a window is asked for, and counted (`undated`, `undatedIncluded`, `undatedExcluded`).',
    args: {
      accountId: t.arg.id({ required: true }),
      direction: t.arg({ type: FlowDirectionEnum, required: false, defaultValue: 'OUT' }),
      since: t.arg({ type: 'DateTime', required: false }),
      until: t.arg({ type: 'DateTime', required: false }),
      minAmount: t.arg.float({ required: false }),
      maxHops: t.arg.int({ required: false, defaultValue: 2 }),
      perHop: t.arg.int({ required: false, defaultValue: FLOW_DEFAULTS.perHop }),
      identities: t.arg.boolean({
        required: false,
        defaultValue: false,
        description:
          "Follow identities: the account stands for its holder as one actor, so the flow starts from every account held by any record of the holder's identity (SAME_AS you may read); `startAccounts` and `identities` say what was merged, each step's `via` which account paid.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const maxHops = args.maxHops ?? 2;
      if (maxHops < 1 || maxHops > 5)
        throw expectedError('BAD_USER_INPUT', '"maxHops" must be between 1 and 5.', { argument: 'maxHops' });
      const perHop = args.perHop ?? FLOW_DEFAULTS.perHop;
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
        identities: args.identities === true,
      });
      // Checked in the same transaction as the flow: absent and not-visible give the same answer.
      if (!result.account) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
      return {
        steps: result.flows,
        totalsByHop: result.totalsByHop,
        truncated: result.truncated,
        undatedIncluded: result.undatedIncluded,
        undatedExcluded: result.undatedExcluded,
        startAccounts: result.startAccounts,
        identities: result.identities,
      };
    },
  }),
);
