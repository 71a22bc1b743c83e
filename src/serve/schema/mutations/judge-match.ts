/**
 * `confirmMatch`, `rejectMatch`, `withdrawJudgement`: an investigator decides whether two records
 * are one entity, with a reason, and may withdraw the decision. Records (and judgements) the
 * investigator may not see are NOT_FOUND, the same answer as for ones that do not exist. Every
 * call is in the audit trail (use-audit.ts) with its arguments and the ids it returned.
 */
import { z } from 'zod';
import type { JudgementDecision } from '../../../model/resolution-contract.ts';
import {
  JudgementInputError,
  JudgementNotFoundError,
  judgePair,
  MAX_REASON,
  withdrawJudgement,
} from '../../../store/judgements.ts';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { expectedError } from '../../errors.ts';
import { parseEntityId } from '../ids.ts';
import { JudgementRef } from '../resolution/judgement.ts';
import { validated } from '../validate.ts';

const reasonRule = z
  .string()
  .trim()
  .min(1, 'must say why (it is kept with the decision)')
  .max(MAX_REASON, 'must be at most 2,000 characters');

const JudgeMatchInput = builder.inputType('JudgeMatchInput', {
  fields: (t) => ({
    a: t.id({ required: true, description: 'One record (a Person or Organisation id).' }),
    b: t.id({ required: true, description: 'The other record, of the same kind.' }),
    reason: t.string({ required: true, description: 'Why (1–2,000 characters); kept with the decision.' }),
  }),
});

const WithdrawJudgementInput = builder.inputType('WithdrawJudgementInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The judgement to withdraw.' }),
    reason: t.string({ required: true, description: 'Why (1–2,000 characters).' }),
  }),
});

/** Store errors → typed API errors; the store's module prefix is for logs, not for the user. */
function asApiError(error: unknown): never {
  if (error instanceof JudgementNotFoundError)
    throw expectedError('NOT_FOUND', error.message, { id: error.id });
  if (error instanceof JudgementInputError)
    throw expectedError('BAD_USER_INPUT', `${error.message.replace(/^store\/judgements: /, '')}.`);
  throw error;
}

async function judge(
  input: { a: string | number; b: string | number; reason: string },
  decision: JudgementDecision,
  ctx: Context,
) {
  const reason = validated(reasonRule, input.reason, 'input.reason');
  const a = parseEntityId(String(input.a), 'input.a');
  const b = parseEntityId(String(input.b), 'input.b');
  for (const [argument, record] of [
    ['input.a', a],
    ['input.b', b],
  ] as const) {
    if (record.label !== 'Person' && record.label !== 'Organisation') {
      throw expectedError('BAD_USER_INPUT', `"${argument}" must name a person or an organisation.`, {
        argument,
      });
    }
  }
  // Seen as the viewer sees them: an unseen record is "No entity", exactly as a missing one.
  for (const { id } of [a, b]) {
    if (!(await ctx.loaders.entity.load(id))) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
  }
  const judgement = await judgePair({
    x: a.id,
    y: b.id,
    decision,
    reason,
    judge: { id: ctx.viewer.id, jurisdictions: ctx.viewer.jurisdictions, scope: await ctx.scope() },
  }).catch(asApiError);
  ctx.loaders.matches.clearAll();
  return judgement;
}

builder.mutationField('confirmMatch', (t) =>
  t.field({
    type: JudgementRef,
    authScopes: { investigator: true },
    description:
      'Confirms that two records are one entity (a SAME_AS), with your reason. Replaces your jurisdictions’ active judgement of the pair, which is withdrawn as superseded. Resolution runs never override it.',
    args: { input: t.arg({ type: JudgeMatchInput, required: true }) },
    resolve: (_root, { input }, ctx) => judge(input, 'confirmed', ctx),
  }),
);

builder.mutationField('rejectMatch', (t) =>
  t.field({
    type: JudgementRef,
    authScopes: { investigator: true },
    description:
      'Rejects that two records are one entity (a NOT_SAME_AS), with your reason: resolution runs do not propose the pair again without new evidence. Replaces the active judgement of the pair for the same jurisdictions.',
    args: { input: t.arg({ type: JudgeMatchInput, required: true }) },
    resolve: (_root, { input }, ctx) => judge(input, 'rejected', ctx),
  }),
);

builder.mutationField('withdrawJudgement', (t) =>
  t.field({
    type: JudgementRef,
    authScopes: { investigator: true },
    description:
      'Withdraws a judgement, with your reason: its SAME_AS / NOT_SAME_AS goes, the judgement stays (stamped) as the record of the decision.',
    args: { input: t.arg({ type: WithdrawJudgementInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const reason = validated(reasonRule, input.reason, 'input.reason');
      const judgement = await withdrawJudgement({
        id: String(input.id),
        reason,
        judge: { id: ctx.viewer.id, jurisdictions: ctx.viewer.jurisdictions, scope: await ctx.scope() },
      }).catch(asApiError);
      ctx.loaders.matches.clearAll();
      return judgement;
    },
  }),
);
