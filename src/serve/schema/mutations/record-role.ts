/**
 * `recordRole`: an investigator records a person's role (victim, suspect, witness) in a case of
 * one of their jurisdictions; other jurisdictions' cases (and their roles) are theirs alone.
 */
import { z } from 'zod';
import { entityId } from '../../../model/ids.ts';
import type { CaseRole } from '../../../model/roles.ts';
import { assertWritesInto, KnowledgeForbiddenError, recordRole } from '../../../store/knowledge.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { CaseRoleEnum, PersonRef } from '../entities/person.ts';
import { parseEntityId } from '../ids.ts';
import { validated } from '../validate.ts';

/** What recordRole accepts beyond the types (checked before anything is read). */
const recordRoleRules = z.object({
  caseNumber: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  caseTitle: z.string().trim().max(200, 'must be at most 200 characters').nullish(),
  note: z.string().max(10_000, 'must be at most 10,000 characters').nullish(),
});

const RecordRoleInput = builder.inputType('RecordRoleInput', {
  fields: (t) => ({
    personId: t.id({ required: true }),
    jurisdiction: t.field({
      type: 'CountryCode',
      required: true,
      description: 'ISO 3166-1 alpha-2 country of the case, e.g. GB: one of your jurisdictions.',
    }),
    caseNumber: t.string({ required: true }),
    caseTitle: t.string({ required: false }),
    role: t.field({ type: CaseRoleEnum, required: true }),
    since: t.field({ type: 'Date', required: false, description: 'The day the role applies from.' }),
    note: t.string({ required: false }),
  }),
});

builder.mutationField('recordRole', (t) =>
  t.field({
    type: PersonRef,
    authScopes: { investigator: true },
    description:
      "Records (or changes) the role of a person in a case of one of your jurisdictions, with you as author. Each jurisdiction's cases and roles are seen only by its users, and written only by them. A person recorded as a victim is shown as a victim to them and never ranked as an offender in runs that read that jurisdiction.",
    args: { input: t.arg({ type: RecordRoleInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { caseNumber, caseTitle, note } = validated(recordRoleRules, input, 'input');
      const { id, label } = parseEntityId(String(input.personId), 'personId');
      if (label !== 'Person')
        throw expectedError('BAD_USER_INPUT', '"personId" must name a person.', { argument: 'personId' });
      const jurisdiction = input.jurisdiction;
      try {
        // Before anything is read: whether the case exists, or the person, is not the point.
        assertWritesInto(jurisdiction, ctx.viewer.jurisdictions);
      } catch (error) {
        if (!(error instanceof KnowledgeForbiddenError)) throw error;
        throw expectedError('FORBIDDEN', `${error.message.replace(/^store\/knowledge: /, '')}.`, {
          argument: 'jurisdiction',
        });
      }
      const person = await ctx.loaders.entity.load(id);
      if (!person) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
      await recordRole({
        personId: id,
        personLabel: 'Person',
        jurisdiction,
        caseId: entityId('Case', [jurisdiction, caseNumber]),
        caseNumber,
        title: caseTitle || null,
        role: input.role.toLowerCase() as CaseRole,
        since: input.since ?? null,
        note: note ?? null,
        author: ctx.viewer.id,
        authorJurisdictions: ctx.viewer.jurisdictions,
      });
      ctx.loaders.related.clearAll();
      return person;
    },
  }),
);
