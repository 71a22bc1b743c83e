/** Extract: one seized data file, with its source, jurisdiction, hash and load accounting. */
import type { ExtractRecord } from '../../store/read/extracts.ts';
import { builder } from '../builder.ts';
import { ExtractStatusEnum } from './enums.ts';

const str = (e: ExtractRecord, key: string) =>
  e.props[key] === null || e.props[key] === undefined ? null : String(e.props[key]);
const num = (e: ExtractRecord, key: string) =>
  typeof e.props[key] === 'number' ? (e.props[key] as number) : null;

export const ExtractRef = builder.objectRef<ExtractRecord>('Extract');

builder.node(ExtractRef, {
  description:
    'One seized data file as loaded: where it came from, its SHA-256, and how many rows were read, loaded and rejected.',
  authScopes: { analyst: true },
  id: { resolve: (e) => e.id },
  isTypeOf: (value) =>
    typeof value === 'object' &&
    value !== null &&
    'props' in value &&
    String((value as ExtractRecord).id).startsWith('extract:'),
  loadMany: async (ids, ctx) =>
    (await ctx.loaders.extract.loadMany(ids)).map((e) => (e instanceof Error ? null : e)),
  fields: (t) => ({
    extractId: t.exposeString('id'),
    name: t.string({ nullable: true, resolve: (e) => str(e, 'name') }),
    file: t.string({ nullable: true, resolve: (e) => str(e, 'file') }),
    source: t.string({ nullable: true, resolve: (e) => str(e, 'source') }),
    jurisdiction: t.field({ type: 'CountryCode', nullable: true, resolve: (e) => str(e, 'jurisdiction') }),
    sha256: t.string({ nullable: true, resolve: (e) => str(e, 'sha256') }),
    mapping: t.string({ nullable: true, resolve: (e) => str(e, 'mapping') }),
    status: t.field({
      type: ExtractStatusEnum,
      nullable: true,
      resolve: (e) => str(e, 'status') as 'complete' | null,
    }),
    loadedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => str(e, 'loadedAt') }),
    rows: t.int({ nullable: true, description: 'Rows read.', resolve: (e) => num(e, 'rows') }),
    loaded: t.int({ nullable: true, resolve: (e) => num(e, 'loaded') }),
    rejected: t.int({ nullable: true, resolve: (e) => num(e, 'rejected') }),
  }),
});
