/**
 * Detection runs: list, one run with its progress, comparison with the previous run, and starting
 * one. Which runs a viewer may see is decided in the store (store/read/analysis.ts).
 */
import { z } from 'zod';
import { DEFAULTS as COMMUNITY_DEFAULTS } from '../../../analyse/communities.ts';
import { DETECTION_DEFAULTS, type DetectionParams, startDetection } from '../../../jobs/detect.ts';
import {
  compareWithPrevious,
  getRun,
  listRuns,
  type RunComparison,
  type RunRecord,
} from '../../../store/read/analysis.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { log } from '../../log.ts';
import { RunStatusEnum } from '../enums.ts';
import { keysetSlice, offsetConnection } from '../pagination.ts';
import { runJurisdictions } from '../run-scope.ts';
import { validated } from '../validate.ts';
import { AnalysisEngineEnum, CommunityAlgorithmEnum } from './engine.ts';

export const AnalysisRunRef = builder.objectRef<RunRecord>('AnalysisRun');

const ChangesRef = builder.objectRef<NonNullable<RunComparison['changes']>>('RunChanges').implement({
  description: 'How the networks changed since the previous completed run (by stable network id).',
  authScopes: { analyst: true },
  fields: (t) => ({
    new: t.exposeStringList('new'),
    stable: t.exposeStringList('stable'),
    grown: t.exposeStringList('grown'),
    shrunk: t.exposeStringList('shrunk'),
    dissolved: t.exposeStringList('dissolved'),
    merged: t.stringList({
      description: '"id <- a, b" for each merge.',
      resolve: (c) => c.merged.map((m) => `${m.id} <- ${m.from.join(', ')}`),
    }),
    split: t.stringList({
      description: '"id -> a, b" for each split.',
      resolve: (c) => c.split.map((s) => `${s.from} -> ${s.into.join(', ')}`),
    }),
  }),
});

AnalysisRunRef.implement({
  description: 'One detection run: its parameters, seed, modularity, timings and counts, and its networks.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeString('id'),
    status: t.field({ type: RunStatusEnum, resolve: (r) => r.status as 'running' }),
    phase: t.exposeString('phase', { nullable: true }),
    progress: t.exposeFloat('progress', {
      nullable: true,
      description: '0..1 within the current phase, when known.',
    }),
    seed: t.exposeInt('seed'),
    params: t.field({ type: 'JSON', description: 'The parameters the run used.', resolve: (r) => r.params }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    modularity: t.exposeFloat('modularity', { nullable: true }),
    timings: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Milliseconds per phase.',
      resolve: (r) => r.timings ?? null,
    }),
    counts: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Nodes, relationships, networks….',
      resolve: (r) => r.counts ?? null,
    }),
    networkCount: t.exposeInt('networks'),
    jurisdictions: t.exposeStringList('jurisdictions', {
      description:
        'The run’s scope: the jurisdictions it read ("*": all). Seen only by viewers holding all of them.',
    }),
    previousRunId: t.exposeString('previousRunId', {
      nullable: true,
      description: 'The newest completed run of the same scope when this one started.',
    }),
    changes: t.field({
      type: ChangesRef,
      nullable: true,
      resolve: async (r, _a, ctx) => (await compareWithPrevious(r.id, await ctx.scope()))?.changes ?? null,
    }),
  }),
});

builder.queryField('analysisRuns', (t) =>
  t.connection({
    type: AnalysisRunRef,
    authScopes: { analyst: true },
    description: 'Detection runs you may see, newest first.',
    resolve: async (_root, args, ctx) => {
      const scope = await ctx.scope();
      return offsetConnection(args, (skip, limit) =>
        keysetSlice((first, after) => listRuns(scope, { first, after }), skip, limit),
      );
    },
  }),
);

builder.queryField('analysisRun', (t) =>
  t.field({
    type: AnalysisRunRef,
    authScopes: { analyst: true },
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const run = await getRun(args.id, await ctx.scope());
      if (!run) throw expectedError('NOT_FOUND', `No analysis run ${args.id}.`, { id: args.id });
      return run;
    },
  }),
);

/** The rules of startAnalysis's input: checked before a run is created (issue #17, defect 3). */
const startAnalysisRules = z
  .object({
    seed: z.number().int().min(0, 'must be 0 or more').nullish(),
    resolution: z.number().gt(0, 'must be greater than 0').max(100, 'must be at most 100').nullish(),
    maxSize: z
      .number()
      .int()
      .min(2, 'must be at least 2')
      .max(1_000_000, 'must be at most 1000000')
      .nullish(),
    since: z.string().nullish(),
    until: z.string().nullish(),
    jurisdictions: z.array(z.string()).max(300, 'must list at most 300 jurisdictions').nullish(),
    identities: z
      .object({
        proposedMinScore: z
          .number()
          .gt(0, 'must be greater than 0 (a match probability)')
          .max(1, 'must be at most 1 (a match probability)')
          .nullish(),
      })
      .nullish(),
  })
  .refine((i) => !(i.since && i.until && i.since > i.until), {
    message: 'must not be after "since"',
    path: ['until'],
  });

const AnalysisIdentitiesInput = builder.inputType('AnalysisIdentitiesInput', {
  description:
    'How records that are one person or organisation count in detection. Records joined by a SAME_AS you may read (a rule or a confirmed judgement) are always one actor.',
  fields: (t) => ({
    proposedMinScore: t.float({
      required: false,
      description:
        'Proposals (POSSIBLY_SAME_AS) with a score at or above this (0 < x <= 1) also join their records; never a pair an investigator rejected. Default: proposals do not count.',
    }),
  }),
});

const StartAnalysisInput = builder.inputType('StartAnalysisInput', {
  fields: (t) => ({
    seed: t.int({
      required: false,
      description: `Same data + same seed = same networks. 0 or more; default ${DETECTION_DEFAULTS.seed}.`,
    }),
    resolution: t.float({
      required: false,
      description: `Louvain resolution, greater than 0 (at most 100); higher gives smaller networks. Default ${COMMUNITY_DEFAULTS.resolution}.`,
    }),
    maxSize: t.int({
      required: false,
      description: `Networks larger than this (at least 2) are split by a local pass. Default ${COMMUNITY_DEFAULTS.maxSize}.`,
    }),
    since: t.field({ type: 'DateTime', required: false, description: 'Only data at or after this moment.' }),
    until: t.field({ type: 'DateTime', required: false, description: 'Only data at or before this moment.' }),
    jurisdictions: t.field({
      type: ['CountryCode'],
      required: false,
      description: 'Only extracts of these jurisdictions, each one you hold (default: all yours).',
    }),
    identities: t.field({ type: AnalysisIdentitiesInput, required: false }),
    engine: t.field({
      type: AnalysisEngineEnum,
      required: false,
      description:
        'Where communities are found. Default: the server setting (SKEIN_ANALYSIS_ENGINE, else AUTO).',
    }),
    algorithm: t.field({
      type: CommunityAlgorithmEnum,
      required: false,
      description: 'LOUVAIN (default) or LEIDEN (GDS only).',
    }),
  }),
});

builder.mutationField('startAnalysis', (t) =>
  t.field({
    type: AnalysisRunRef,
    authScopes: { analyst: true },
    description: 'Starts a detection run and returns at once; poll analysisRun(id) for status and progress.',
    args: { input: t.arg({ type: StartAnalysisInput, required: false }) },
    resolve: async (_root, args, ctx) => {
      const input = validated(startAnalysisRules, args.input ?? {}, 'input');
      const scope = await ctx.scope();
      // The run reads (and is scoped to) what was asked, else all the viewer's jurisdictions.
      const jurisdictions = runJurisdictions(scope, input.jurisdictions, 'analyse');
      const params: DetectionParams = {
        ...(input.seed != null ? { seed: input.seed } : {}),
        ...(input.resolution != null ? { resolution: input.resolution } : {}),
        ...(input.maxSize != null ? { maxSize: input.maxSize } : {}),
        ...(input.since ? { since: input.since } : {}),
        ...(input.until ? { until: input.until } : {}),
        ...(jurisdictions.length > 0 ? { jurisdictions } : {}),
        ...(input.identities?.proposedMinScore != null
          ? { identities: { proposedMinScore: input.identities.proposedMinScore } }
          : {}),
        ...(args.input?.engine ? { engine: args.input.engine } : {}),
        ...(args.input?.algorithm ? { algorithm: args.input.algorithm } : {}),
      };
      const { runId, audited } = await startDetection(params, {
        actor: ctx.viewer.id,
        actorJurisdictions: ctx.viewer.jurisdictions,
        // A heartbeat or failure mark that cannot be written goes to the server's log.
        onWarning: (message: string) => log.warn(message),
      });
      audited.catch((error: unknown) => log.error({ err: error, runId }, 'audit: analysis run not recorded'));
      const run = await getRun(runId, scope);
      if (!run) throw new Error(`startAnalysis: run ${runId} vanished`);
      return run;
    },
  }),
);
