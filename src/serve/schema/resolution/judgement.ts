/** Judgement: an investigator's decision that two records are (or are not) one entity. */
import type { StoredJudgement } from '../../../model/resolution-contract.ts';
import type { EntityRecord } from '../../../store/read/entities.ts';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';

/** A judged record: readable whenever its judgement is (both records visible), so never missing. */
export async function judgedRecord(id: string, ctx: Context): Promise<EntityRecord> {
  const record = await ctx.loaders.entity.load(id);
  if (!record) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
  return record;
}

export const JudgementRef = builder.objectRef<StoredJudgement>('Judgement').implement({
  description:
    'An investigator’s decision that two records are one entity (CONFIRMED: a SAME_AS while active) or not (REJECTED: a NOT_SAME_AS). Withdrawn judgements stay, stamped, as the record of the decision.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    decision: t.string({
      description: 'CONFIRMED or REJECTED.',
      resolve: (j) => j.decision.toUpperCase(),
    }),
    a: t.field({ type: EntityInterface, resolve: (j, _args, ctx) => judgedRecord(j.a, ctx) }),
    b: t.field({ type: EntityInterface, resolve: (j, _args, ctx) => judgedRecord(j.b, ctx) }),
    author: t.exposeString('author'),
    reason: t.exposeString('reason'),
    at: t.expose('at', { type: 'DateTime' }),
    jurisdictions: t.exposeStringList('jurisdictions', {
      description:
        'Who may read it and which resolution runs it binds: the scope of the proposals judged joined with the jurisdictions of the judge’s extracts that record either record ("*": all).',
    }),
    active: t.boolean({ description: 'False once withdrawn.', resolve: (j) => j.withdrawnAt === null }),
    withdrawnAt: t.expose('withdrawnAt', { type: 'DateTime', nullable: true }),
    withdrawnBy: t.exposeString('withdrawnBy', { nullable: true }),
    withdrawReason: t.exposeString('withdrawReason', {
      nullable: true,
      description:
        'Why it was withdrawn; "superseded by <id>" when a newer judgement of the pair replaced it.',
    }),
  }),
});
