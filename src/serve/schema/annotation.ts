/** Annotations: investigators' notes and tags on an entity, with author and time. */
import type { AnnotationRecord } from '../../store/knowledge.ts';
import { builder } from '../builder.ts';

export const AnnotationRef = builder.objectRef<AnnotationRecord>('Annotation').implement({
  description: "An investigator's note or tags on an entity.",
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeString('id'),
    entityId: t.exposeString('entityId'),
    text: t.exposeString('text', { nullable: true }),
    tags: t.exposeStringList('tags'),
    author: t.exposeString('author'),
    at: t.expose('at', { type: 'DateTime' }),
    jurisdictions: t.exposeStringList('jurisdictions', {
      description:
        'The jurisdictions its author held when writing it ("*": all); only viewers of every one of them read it.',
    }),
  }),
});
