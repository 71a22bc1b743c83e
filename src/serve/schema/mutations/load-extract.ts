/**
 * `loadExtract`: a loader starts a load of a file in the server's import folder with a shipped
 * mapping; it returns a job at once, and `loadJob(id)` shows its progress and summary.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { config } from '../../../config.ts';
import type { LoadProgress, LoadSummary } from '../../../ingest/load.ts';
import { runLoad } from '../../../jobs/load.ts';
import { getJob, type Job, startJob } from '../../../jobs/registry.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';

type LoadJob = Job<LoadProgress, LoadSummary>;

const MAPPINGS_DIR = resolve(import.meta.dirname, '../../../ingest/mappings');

export const shippedMappings = () =>
  readdirSync(MAPPINGS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .concat('ftm')
    .sort();

const LoadProgressRef = builder.objectRef<LoadProgress>('LoadProgress').implement({
  authScopes: { loader: true },
  fields: (t) => ({
    rowsRead: t.exposeInt('rowsRead'),
    rowsLoaded: t.exposeInt('rowsLoaded'),
    rowsRejected: t.exposeInt('rowsRejected'),
    bytesRead: t.exposeFloat('bytesRead'),
    totalBytes: t.exposeFloat('totalBytes'),
    rowsPerSecond: t.exposeFloat('rowsPerSecond'),
    etaSeconds: t.float({ nullable: true, resolve: (p) => p.etaSeconds ?? null }),
  }),
});

const LoadSummaryRef = builder.objectRef<LoadSummary>('LoadSummary').implement({
  authScopes: { loader: true },
  fields: (t) => ({
    extractId: t.exposeString('extractId'),
    status: t.exposeString('status', { description: 'loaded, resumed, already-loaded or dry-run.' }),
    sha256: t.exposeString('sha256'),
    rowsRead: t.exposeInt('rowsRead'),
    rowsLoaded: t.exposeInt('rowsLoaded'),
    rowsRejected: t.exposeInt('rowsRejected'),
    rejectsFile: t.exposeString('rejectsFile', { nullable: true }),
    seconds: t.exposeFloat('seconds'),
  }),
});

const LoadJobRef = builder.objectRef<LoadJob>('LoadJob').implement({
  description: 'A load started through the API: poll it for progress.',
  authScopes: { loader: true },
  fields: (t) => ({
    id: t.exposeString('id'),
    status: t.exposeString('status'),
    startedAt: t.exposeString('startedAt'),
    finishedAt: t.exposeString('finishedAt', { nullable: true }),
    progress: t.field({ type: LoadProgressRef, nullable: true, resolve: (j) => j.progress }),
    summary: t.field({ type: LoadSummaryRef, nullable: true, resolve: (j) => j.result }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

const LoadExtractInput = builder.inputType('LoadExtractInput', {
  fields: (t) => ({
    file: t.string({
      required: true,
      description: 'Path relative to the server’s import folder (SKEIN_IMPORT_DIR).',
    }),
    mapping: t.string({ required: true, description: 'A shipped mapping name (e.g. bank-a) or "ftm".' }),
    jurisdiction: t.string({ required: false }),
    source: t.string({ required: false }),
    dryRun: t.boolean({ required: false }),
  }),
});

builder.mutationField('loadExtract', (t) =>
  t.field({
    type: LoadJobRef,
    authScopes: { loader: true },
    description:
      'Starts loading an extract from the import folder; returns at once with a job to poll (loadJob).',
    args: { input: t.arg({ type: LoadExtractInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const root = config().importDir;
      const file = resolve(root, input.file);
      if (relative(root, file).startsWith('..') || relative(root, file) === '') {
        throw expectedError('BAD_USER_INPUT', '"file" must be a file inside the import folder.', {
          argument: 'file',
        });
      }
      if (!existsSync(file))
        throw expectedError('NOT_FOUND', `No file ${input.file} in the import folder.`, { argument: 'file' });
      if (!shippedMappings().includes(input.mapping)) {
        throw expectedError('BAD_USER_INPUT', `"mapping" must be one of ${shippedMappings().join(', ')}.`, {
          argument: 'mapping',
        });
      }
      const jurisdiction = input.jurisdiction?.trim().toUpperCase();
      if (jurisdiction !== undefined && !/^[A-Z]{2}$/.test(jurisdiction)) {
        throw expectedError('BAD_USER_INPUT', '"jurisdiction" must be an ISO 3166-1 alpha-2 code.', {
          argument: 'jurisdiction',
        });
      }
      return startJob<LoadProgress, LoadSummary>('load', ctx.viewer.id, (report) =>
        runLoad(
          {
            file,
            mapping: input.mapping,
            ...(jurisdiction ? { jurisdiction } : {}),
            ...(input.source ? { source: input.source } : {}),
            dryRun: input.dryRun ?? false,
            rejectsFile: join(
              root,
              'rejects',
              `${relative(root, file).replace(/[\\/]/g, '_')}.rejects.jsonl`,
            ),
          },
          { onProgress: report },
          ctx.viewer.id,
        ),
      );
    },
  }),
);

builder.queryField('loadJob', (t) =>
  t.field({
    type: LoadJobRef,
    authScopes: { loader: true },
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => {
      const job = getJob<LoadProgress, LoadSummary>(args.id);
      if (!job || (job.owner !== ctx.viewer.id && !ctx.viewer.roles.includes('admin'))) {
        throw expectedError('NOT_FOUND', `No load job ${args.id}.`, { id: args.id });
      }
      return job;
    },
  }),
);
