/**
 * Network.jurisdictions: which jurisdictions hold a network's evidence (extracts, rows, members,
 * money per currency), as the viewer may see them — whom a prosecutor must ask, or send a package to.
 */
import type {
  JurisdictionMoney,
  NetworkJurisdictionRecord,
} from '../../../store/read/network-jurisdictions.ts';
import { networkJurisdictions } from '../../../store/read/network-jurisdictions.ts';
import { builder } from '../../builder.ts';
import { NetworkRef } from './network.ts';

const JurisdictionMoneyRef = builder.objectRef<JurisdictionMoney>('JurisdictionMoney').implement({
  description: 'Payments touching a member account that one jurisdiction’s extracts record, in one currency.',
  authScopes: { analyst: true },
  fields: (t) => ({
    currency: t.exposeString('currency', { nullable: true }),
    payments: t.exposeInt('payments', { description: 'Payment records (an aggregate is one).' }),
    transfers: t.exposeInt('transfers', { description: 'Transfers they stand for (an aggregate’s count).' }),
    total: t.exposeFloat('total'),
  }),
});

const NetworkJurisdictionRef = builder.objectRef<NetworkJurisdictionRecord>('NetworkJurisdiction').implement({
  description:
    'One jurisdiction holding evidence on a network: its extracts that record members, and what they show.',
  authScopes: { analyst: true },
  fields: (t) => ({
    jurisdiction: t.exposeString('jurisdiction', {
      description: 'ISO 3166-1 alpha-2 code of the extracts (empty when an extract names none).',
    }),
    extractIds: t.exposeStringList('extracts'),
    members: t.exposeInt('members', { description: 'Members these extracts record.' }),
    rows: t.exposeInt('rows', { description: 'Rows of these extracts naming a member.' }),
    money: t.field({
      type: [JurisdictionMoneyRef],
      description:
        'Payments touching member accounts these extracts record, per currency (a payment two jurisdictions recorded counts in both).',
      resolve: (j) => j.money,
    }),
  }),
});

builder.objectField(NetworkRef, 'jurisdictions', (t) =>
  t.field({
    type: [NetworkJurisdictionRef],
    description:
      'Jurisdictions whose extracts (among those the viewer may see) record the network’s members or their payments, by code.',
    resolve: async (network, _args, ctx) => networkJurisdictions(network.id, await ctx.scope()),
  }),
);
