/** Transactions (PAID): amount, currency, time, kind, counterparty and provenance; Account.transactions. */
import { transfersOf } from '../../analyse/hgraph.ts';
import {
  accountTransactions,
  type TransactionRecord,
  undatedLeftOut,
} from '../../store/read/transactions.ts';
import { builder } from '../builder.ts';
import { AccountRef } from './entities/account.ts';
import { EntityInterface } from './entity.ts';
import { offsetConnection } from './pagination.ts';
import { ProvenanceRef } from './provenance.ts';
import { DirectionEnum } from './relationship.ts';

interface TransactionValue extends TransactionRecord {
  accountId: string;
}

const str = (t: TransactionValue, key: string) =>
  t.props[key] === null || t.props[key] === undefined ? null : String(t.props[key]);

export const TransactionRef = builder.objectRef<TransactionValue>('Transaction').implement({
  description: 'A payment between two accounts, as read from a bank statement or other extract.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeString('relId'),
    direction: t.expose('direction', {
      type: DirectionEnum,
      description: 'OUT: paid by this account; IN: received.',
    }),
    amount: t.float({
      nullable: true,
      resolve: (x) => (typeof x.props.amount === 'number' ? x.props.amount : null),
    }),
    currency: t.string({ nullable: true, resolve: (x) => str(x, 'currency') }),
    at: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was paid; for an aggregate, the start of its period. Null when undated.',
      resolve: (x) => str(x, 'at'),
    }),
    until: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'End of the period of an aggregate (one row standing for several transfers).',
      resolve: (x) => str(x, 'until'),
    }),
    count: t.int({
      description: 'Transfers this payment stands for: its count when it aggregates several, else 1.',
      resolve: (x) => transfersOf(x.props),
    }),
    undated: t.boolean({
      description: 'True when the payment has no date (listed last, and only when no window is asked for).',
      resolve: (x) => x.props.at === null || x.props.at === undefined,
    }),
    kind: t.string({
      nullable: true,
      description: 'transfer, wage, benefit, rent, booking, card, cash…',
      resolve: (x) => str(x, 'kind'),
    }),
    reference: t.string({ nullable: true, resolve: (x) => str(x, 'reference') }),
    counterparty: t.field({ type: EntityInterface, nullable: true, resolve: (x) => x.counterparty ?? null }),
    fromId: t.string({ resolve: (x) => (x.direction === 'OUT' ? x.accountId : (x.counterparty?.id ?? '')) }),
    toId: t.string({ resolve: (x) => (x.direction === 'OUT' ? (x.counterparty?.id ?? '') : x.accountId) }),
    provenance: t.field({
      type: ProvenanceRef,
      nullable: true,
      resolve: (x) =>
        typeof x.props.extract === 'string'
          ? { extractId: x.props.extract, row: typeof x.props.row === 'number' ? x.props.row : null }
          : null,
    }),
  }),
});

/** The extra a windowed list carries: undated payments it left out (see store/read/period.ts). */
interface UndatedLeftOut {
  undatedLeftOut?: number;
}

builder.objectField(AccountRef, 'transactions', (t) =>
  t.connection(
    {
      type: TransactionRef,
      description:
        'Payments made and received, oldest first, filtered in the database. A window (since/until) keeps payments whose period overlaps it; payments without a date are listed last when no window is asked for, and counted in `undatedLeftOut` when one is.',
      args: {
        direction: t.arg({ type: DirectionEnum, required: false, defaultValue: 'BOTH' }),
        since: t.arg({ type: 'DateTime', required: false }),
        until: t.arg({ type: 'DateTime', required: false }),
        minAmount: t.arg.float({ required: false }),
        maxAmount: t.arg.float({ required: false }),
        kinds: t.arg.stringList({ required: false }),
      },
      resolve: async (account, args, ctx) => {
        const scope = await ctx.scope();
        const filter = {
          accountId: account.id,
          direction: args.direction ?? 'BOTH',
          since: args.since ?? null,
          until: args.until ?? null,
          minAmount: args.minAmount ?? null,
          maxAmount: args.maxAmount ?? null,
          kinds: args.kinds ?? null,
          scope,
        } as const;
        const connection = await offsetConnection(args, async (skip, limit) => {
          const result = await accountTransactions({ ...filter, skip, limit });
          return {
            items: result.items.map((item) => ({ ...item, accountId: account.id })),
            total: result.total,
          };
        });
        return { ...connection, undatedLeftOut: await undatedLeftOut(filter) };
      },
    },
    {
      fields: (c) => ({
        undatedLeftOut: c.int({
          description: 'Payments without a date that the window (since/until) left out; 0 without a window.',
          resolve: (connection) => (connection as UndatedLeftOut).undatedLeftOut ?? 0,
        }),
      }),
    },
  ),
);
