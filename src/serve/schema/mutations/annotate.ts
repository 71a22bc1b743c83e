/**
 * `annotateEntity`: an investigator adds a note and/or tags to an entity (author and time
 * recorded). The note carries the author's jurisdictions: only viewers of all of them read it.
 */
import { annotate, KnowledgeForbiddenError } from '../../../store/knowledge.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { AnnotationRef } from '../annotation.ts';
import { parseEntityId } from '../ids.ts';

const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.:-]{0,63}$/u;

builder.mutationField('annotateEntity', (t) =>
  t.field({
    type: AnnotationRef,
    authScopes: { investigator: true },
    description:
      'Adds a note and/or tags to an entity. Annotations are never edited or deleted: add another. Only viewers of every jurisdiction you hold read it (of all jurisdictions, if you hold "*").',
    args: {
      id: t.arg.id({ required: true }),
      text: t.arg.string({ required: false }),
      tags: t.arg.stringList({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const { id, label } = parseEntityId(String(args.id));
      const text = args.text?.trim() || null;
      const tags = [...new Set((args.tags ?? []).map((tag) => tag.trim()).filter(Boolean))];
      if (text === null && tags.length === 0) {
        throw expectedError('BAD_USER_INPUT', 'Give a "text", some "tags", or both.', { argument: 'text' });
      }
      if (text !== null && text.length > 10_000) {
        throw expectedError('BAD_USER_INPUT', '"text" is longer than 10,000 characters.', {
          argument: 'text',
        });
      }
      const bad = tags.find((tag) => !TAG.test(tag));
      if (bad !== undefined) {
        throw expectedError('BAD_USER_INPUT', `Tag "${bad}" must be 1–64 letters, digits, spaces or _.:-`, {
          argument: 'tags',
        });
      }
      if (!(await ctx.loaders.entity.load(id))) throw expectedError('NOT_FOUND', `No entity ${id}.`, { id });
      const annotation = await annotate({
        entityId: id,
        label,
        text,
        tags,
        author: ctx.viewer.id,
        authorJurisdictions: ctx.viewer.jurisdictions,
      }).catch((error: unknown) => {
        if (error instanceof KnowledgeForbiddenError) {
          throw expectedError('FORBIDDEN', error.message.replace(/^store\/knowledge: /, ''));
        }
        throw error;
      });
      ctx.loaders.annotations.clear(id);
      return annotation;
    },
  }),
);
