/**
 * `annotateEntity`: an investigator adds a note and/or tags to an entity (author and time
 * recorded). The note carries the author's jurisdictions: only viewers of all of them read it.
 */
import { z } from 'zod';
import { annotate, KnowledgeForbiddenError } from '../../../store/knowledge.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { AnnotationRef } from '../annotation.ts';
import { parseEntityId } from '../ids.ts';
import { validated } from '../validate.ts';

const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.:-]{0,63}$/u;

/** A note of at most 10,000 characters and/or up to 50 distinct tags (blank ones dropped). */
const annotateRules = z
  .object({
    text: z
      .string()
      .trim()
      .max(10_000, 'must be at most 10,000 characters')
      .nullish()
      .transform((text) => text || null),
    tags: z
      .array(z.string())
      .nullish()
      .transform((tags) => [...new Set((tags ?? []).map((tag) => tag.trim()).filter(Boolean))])
      .pipe(
        z
          .array(z.string().regex(TAG, 'must each be 1–64 letters, digits, spaces or _.:-'))
          .max(50, 'must be at most 50'),
      ),
  })
  .refine((a) => a.text !== null || a.tags.length > 0, {
    message: 'or "tags" must be given',
    path: ['text'],
  });

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
      const { text, tags } = validated(annotateRules, { text: args.text, tags: args.tags });
      const { id, label } = parseEntityId(String(args.id));
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
