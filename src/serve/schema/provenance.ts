/** Where a fact came from: the extract (file, source, jurisdiction, hash) and the row. */
import type { SourceRecord } from '../../store/read/entities.ts';
import { builder } from '../builder.ts';
import { ExtractRef } from './extract.ts';

export interface ProvenanceValue {
  extractId: string;
  row: number | null;
}

export const ProvenanceRef = builder.objectRef<ProvenanceValue>('Provenance').implement({
  description: 'The extract and row a relationship was read from.',
  authScopes: { analyst: true },
  fields: (t) => ({
    extract: t.field({
      type: ExtractRef,
      nullable: true,
      description: 'Null when the extract is outside what you may see.',
      resolve: (p, _args, ctx) => ctx.loaders.extract.load(p.extractId),
    }),
    extractId: t.exposeString('extractId'),
    row: t.exposeInt('row', {
      nullable: true,
      description: 'Line number in the extract file (the CSV header is line 1).',
    }),
  }),
});

export const SourceRef = builder.objectRef<SourceRecord>('Source').implement({
  description: 'An extract that mentions an entity: where it was first seen and how many rows mention it.',
  authScopes: { analyst: true },
  fields: (t) => ({
    extract: t.field({
      type: ExtractRef,
      nullable: true,
      resolve: (s, _args, ctx) => ctx.loaders.extract.load(s.extractId),
    }),
    extractId: t.exposeString('extractId'),
    name: t.exposeString('name'),
    source: t.exposeString('source'),
    jurisdiction: t.expose('jurisdiction', { type: 'CountryCode', nullable: true }),
    sha256: t.exposeString('sha256'),
    firstRow: t.exposeInt('firstRow'),
    rows: t.exposeInt('rows'),
  }),
});
