/**
 * `loadExtract`: a loader starts a load of a file in the server's import folder with a shipped
 * mapping; it returns a job at once, and `loadJob(id)` shows its progress and summary.
 * Need-to-know (issue 19): the extract's jurisdiction must be one the loader holds, and the file
 * must lie in that jurisdiction's folder (src/jobs/import-folder.ts) — both decided before the file
 * is touched. What the job shows (errors, rejects file) names files only relative to the folder.
 */
import { readdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { z } from 'zod';
import { config } from '../../../config.ts';
import { LoadAbortedError, type LoadProgress, type LoadSummary } from '../../../ingest/load.ts';
import { MappingError } from '../../../ingest/mapping/parse.ts';
import { SOURCE_NAME } from '../../../ingest/mapping/schema.ts';
import { TEXT_ENCODINGS, type TextEncodingName } from '../../../ingest/read/decode.ts';
import { MalformedFileError } from '../../../ingest/read/record.ts';
import { checkReadOverrides, ON_REPLACEMENT, type OnReplacement } from '../../../ingest/source.ts';
import {
  checkImportAccess,
  type ImportFile,
  ImportFileError,
  rejectsFileFor,
  resolveImportFile,
  withoutServerPaths,
} from '../../../jobs/import-folder.ts';
import { assertMayLoadInto, extractJurisdiction, LoadForbiddenError, runLoad } from '../../../jobs/load.ts';
import { findJob, type Job, startJob } from '../../../jobs/registry.ts';
import { holdsAllJurisdictions } from '../../../model/jurisdiction.ts';
import { StoreError } from '../../../store/errors.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { log } from '../../log.ts';
import { hasRole } from '../../viewer.ts';
import { validated } from '../validate.ts';

/** What loadExtract accepts beyond the types, checked before the file or the folder is looked at. */
const loadExtractRules = () =>
  z.object({
    file: z.string().trim().min(1, 'must not be empty').max(1_000, 'must be at most 1,000 characters'),
    mapping: z.string().refine((m) => shippedMappings().includes(m), {
      message: `must be one of ${shippedMappings().join(', ')}`,
    }),
    source: z
      .string()
      .trim()
      .regex(SOURCE_NAME, 'must be printable text without "|", at most 100 characters')
      .nullish(),
  });

import { JobStatusEnum, LoadOutcomeEnum } from '../enums.ts';

type LoadJob = Job<LoadProgress, LoadSummary>;

const TextEncodingEnum = builder.enumType('TextEncoding', {
  description: 'How a file’s bytes are read as text.',
  values: Object.fromEntries(
    TEXT_ENCODINGS.map((e) => [e.toUpperCase().replace(/-/g, '_'), { value: e }]),
  ) as Record<string, { value: TextEncodingName }>,
});

const OnReplacementEnum = builder.enumType('OnReplacement', {
  description: 'What a row whose values hold U+FFFD replacement characters becomes.',
  values: {
    REJECT: { value: ON_REPLACEMENT[0], description: 'Rejected, the reason naming the column (default).' },
    KEEP: {
      value: ON_REPLACEMENT[1],
      description: 'Loaded as written, each such value counted as a warning of its column.',
    },
  } as Record<string, { value: OnReplacement; description: string }>,
});

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

const ColumnWarningsRef = builder.objectRef<{ column: string; count: number }>('ColumnWarnings').implement({
  description: 'Invalid values of one optional column, left out while their rows loaded.',
  authScopes: { loader: true },
  fields: (t) => ({ column: t.exposeString('column'), count: t.exposeInt('count') }),
});

const LoadSummaryRef = builder.objectRef<LoadSummary>('LoadSummary').implement({
  authScopes: { loader: true },
  fields: (t) => ({
    extractId: t.exposeString('extractId'),
    status: t.expose('status', { type: LoadOutcomeEnum }),
    sha256: t.exposeString('sha256'),
    rowsRead: t.exposeInt('rowsRead'),
    rowsLoaded: t.exposeInt('rowsLoaded'),
    rowsRejected: t.exposeInt('rowsRejected'),
    rejectsFile: t.exposeString('rejectsFile', {
      nullable: true,
      description: "This load's rejected rows (JSON lines), relative to the import folder.",
    }),
    warnings: t.exposeInt('warnings', {
      description: 'Invalid values of optional fields left out (the rows loaded without them).',
    }),
    warningsByColumn: t.field({
      type: [ColumnWarningsRef],
      resolve: (s) =>
        Object.entries(s.warningsByColumn)
          .map(([column, count]) => ({ column, count }))
          .sort((a, b) => b.count - a.count || a.column.localeCompare(b.column)),
    }),
    warningsFile: t.exposeString('warningsFile', {
      nullable: true,
      description: "This load's warnings (JSON lines), relative to the import folder.",
    }),
    seconds: t.exposeFloat('seconds'),
  }),
});

const LoadJobRef = builder.objectRef<LoadJob>('LoadJob').implement({
  description: 'A load started through the API: poll it for progress.',
  authScopes: { loader: true },
  fields: (t) => ({
    id: t.exposeString('id'),
    status: t.expose('status', { type: JobStatusEnum }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
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
    jurisdiction: t.field({
      type: 'CountryCode',
      required: false,
      description: 'The extract’s jurisdiction (default: the mapping’s); one you hold.',
    }),
    source: t.string({ required: false }),
    dryRun: t.boolean({ required: false }),
    encoding: t.field({
      type: TextEncodingEnum,
      required: false,
      description:
        'Read the file in this encoding instead of the mapping’s (a Windows export: WINDOWS_1252).',
    }),
    delimiter: t.string({
      required: false,
      description: 'CSV delimiter instead of the mapping’s: one character ("\\t" or "tab" for a tab).',
    }),
    onReplacement: t.field({
      type: OnReplacementEnum,
      required: false,
      description: 'A row whose values hold U+FFFD replacement characters: REJECT (default) or KEEP.',
    }),
  }),
});

/** The loader's advice is written for the CLI; through the API it names the input fields. */
function apiAdvice(text: string): string {
  return text
    .replace(
      /--encoding (utf-8|windows-1252|latin1)/g,
      (_m, e: string) => `encoding: ${e.toUpperCase().replace('-', '_')}`,
    )
    .replace(/--on-replacement (keep|reject)/g, (_m, r: string) => `onReplacement: ${r.toUpperCase()}`)
    .replace(/--delimiter/g, 'delimiter');
}

builder.mutationField('loadExtract', (t) =>
  t.field({
    type: LoadJobRef,
    authScopes: { loader: true },
    description:
      'Starts loading an extract from the import folder; returns at once with a job to poll (loadJob).',
    args: { input: t.arg({ type: LoadExtractInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const { source } = validated(loadExtractRules(), input, 'input');
      if (input.delimiter != null) {
        try {
          checkReadOverrides({ delimiter: input.delimiter });
        } catch (error) {
          throw expectedError(
            'BAD_USER_INPUT',
            apiAdvice((error as Error).message.replace(/^ingest\/source: /, '')),
            {
              argument: 'input.delimiter',
            },
          );
        }
      }
      const given = input.jurisdiction ?? undefined;
      const jurisdiction = extractJurisdiction({
        mapping: input.mapping,
        ...(given ? { jurisdiction: given } : {}),
      });
      let file: ImportFile;
      try {
        // Text first (no file system), so a refusal never depends on whether the file exists.
        assertMayLoadInto(jurisdiction, ctx.viewer.jurisdictions);
        const name = checkImportAccess(input.file, jurisdiction, ctx.viewer.jurisdictions);
        file = resolveImportFile(config().importDir, name);
      } catch (error) {
        if (error instanceof LoadForbiddenError) {
          throw expectedError('FORBIDDEN', `${error.message.replace(/^jobs\/load: /, '')}.`, {
            argument: 'jurisdiction',
          });
        }
        if (error instanceof ImportFileError)
          throw expectedError(error.code, error.message, { argument: 'file' });
        throw error;
      }
      const rejectsFile = rejectsFileFor(file.root, ctx.viewer.id, file.name);
      return startJob<LoadProgress, LoadSummary>('load', ctx.viewer.id, async (report) => {
        try {
          const summary = await runLoad(
            {
              file: file.path,
              mapping: input.mapping,
              ...(jurisdiction ? { jurisdiction } : {}),
              ...(source ? { source } : {}),
              dryRun: input.dryRun ?? false,
              rejectsFile,
              ...(input.encoding ? { encoding: input.encoding } : {}),
              ...(input.delimiter != null ? { delimiter: input.delimiter } : {}),
              ...(input.onReplacement ? { onReplacement: input.onReplacement } : {}),
            },
            { onProgress: (progress) => report({ ...progress, file: file.name }) },
            { id: ctx.viewer.id, jurisdictions: ctx.viewer.jurisdictions, fileName: file.name },
          );
          // Only this load's own rejects file, by its name in the folder: an already-loaded
          // extract points at an earlier load's (maybe another user's) file.
          return {
            ...summary,
            file: file.name,
            rejectsFile: summary.rejectsFile === rejectsFile ? relative(file.root, rejectsFile) : null,
            warningsFile:
              summary.rejectsFile === rejectsFile && summary.warningsFile !== null
                ? relative(file.root, summary.warningsFile)
                : null,
          };
        } catch (error) {
          throw new Error(publicLoadError(error, file, input.mapping));
        }
      });
    },
  }),
);

/**
 * What a failed load job tells its owner: the reason, naming the file as they did and never a
 * server path; a database or unexpected failure only says so (the log has the details).
 */
function publicLoadError(error: unknown, file: ImportFile, mapping: string): string {
  const clean = (text: string) => withoutServerPaths(text, file, [config().projectRoot]);
  if (error instanceof MalformedFileError) {
    const where = `${file.name}${error.line !== undefined ? `:${error.line}` : ''}`;
    return clean(
      `${where}${error.column !== undefined ? ` column "${error.column}"` : ''}: ${apiAdvice(error.reason)}`,
    );
  }
  if (error instanceof MappingError)
    return clean(`mapping ${mapping} is invalid: ${error.issues.join('; ')}`);
  if (error instanceof LoadForbiddenError || error instanceof LoadAbortedError) return clean(error.message);
  log.error({ err: error, file: file.path }, 'load job failed');
  if (error instanceof StoreError) {
    return 'The database failed during the load; run it again (it resumes where it stopped).';
  }
  return 'The load failed unexpectedly; the server log has the details.';
}

builder.queryField('loadJob', (t) =>
  t.field({
    type: LoadJobRef,
    authScopes: { loader: true },
    args: { id: t.arg.string({ required: true }) },
    description: 'A load job: only the user who started it, or an admin of every jurisdiction, sees it.',
    resolve: (_root, args, ctx) => {
      const job = findJob<LoadProgress, LoadSummary>('load', args.id, {
        id: ctx.viewer.id,
        allJurisdictionsAdmin:
          hasRole(ctx.viewer, 'admin') && holdsAllJurisdictions(ctx.viewer.jurisdictions),
      });
      if (!job) {
        throw expectedError('NOT_FOUND', `No load job ${args.id}.`, { id: args.id });
      }
      return job;
    },
  }),
);
