/**
 * `auditTrail`: the tamper-evident record of every consultation, load, export and run (admin only;
 * a restricted admin reads the records of users their jurisdictions cover, as the store decides).
 */
import { type AuditRecord, AuditScopeError, readAudit, verifyAuditChain } from '../../../store/audit.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';

const AuditRecordRef = builder.objectRef<AuditRecord>('AuditRecord').implement({
  description: 'One audited action, chained by hash to the one before.',
  authScopes: { admin: true },
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.exposeString('actor'),
    action: t.exposeString('action'),
    operation: t.exposeString('operation'),
    // A string, not the JSON scalar: these exact characters are hashed into the chain.
    args: t.exposeString('args', {
      description: 'Arguments as JSON text, secrets removed: the exact text hashed into `hash`.',
    }),
    entityIds: t.exposeStringList('entityIds'),
    outcome: t.exposeString('outcome'),
    jurisdictions: t.exposeStringList('jurisdictions', {
      nullable: true,
      description:
        'Jurisdictions of the user who acted ("*": all); null on records written before records carried them.',
    }),
    prevHash: t.exposeString('prevHash'),
    hash: t.exposeString('hash'),
  }),
});

const VerifyRef = builder
  .objectRef<{ ok: boolean; records: number; broken?: { seq: number; reason: string } }>('AuditVerification')
  .implement({
    authScopes: { admin: true },
    fields: (t) => ({
      ok: t.exposeBoolean('ok'),
      records: t.exposeInt('records'),
      brokenAt: t.int({ nullable: true, resolve: (v) => v.broken?.seq ?? null }),
      reason: t.string({ nullable: true, resolve: (v) => v.broken?.reason ?? null }),
    }),
  });

builder.queryField('auditTrail', (t) =>
  t.field({
    type: [AuditRecordRef],
    authScopes: { admin: true },
    description:
      'Audit records in chain order after `afterSeq` (at most 500 per call): those of users whose jurisdictions yours cover.',
    args: {
      afterSeq: t.arg.int({ required: false, defaultValue: 0 }),
      limit: t.arg.int({ required: false, defaultValue: 100 }),
      actor: t.arg.string({ required: false }),
      since: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const limit = args.limit ?? 100;
      if (limit < 1 || limit > 500)
        throw expectedError('BAD_USER_INPUT', '"limit" must be between 1 and 500.', { argument: 'limit' });
      return readAudit({
        scope: await ctx.scope(),
        afterSeq: args.afterSeq ?? 0,
        limit,
        actor: args.actor ?? null,
        since: args.since ?? null,
      });
    },
  }),
);

builder.queryField('verifyAuditTrail', (t) =>
  t.field({
    type: VerifyRef,
    authScopes: { admin: true },
    description:
      'Recomputes every hash of the chain and reports the first broken link (admins of every jurisdiction only).',
    resolve: async (_root, _args, ctx) => {
      try {
        return await verifyAuditChain(await ctx.scope());
      } catch (error) {
        if (error instanceof AuditScopeError) {
          throw expectedError(
            'FORBIDDEN',
            'Verifying the audit trail needs an admin of every jurisdiction ("*").',
          );
        }
        throw error;
      }
    },
  }),
);
