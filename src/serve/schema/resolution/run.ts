/**
 * Resolution runs: one run with its progress and counts, the list, and starting one (analysts).
 * Which runs a viewer may see is decided in the store (store/read/resolution-runs.ts): a run of
 * jurisdictions the viewer does not all hold is answered exactly as a missing one.
 */
import { z } from 'zod';
import { DEFAULTS as RESOLVE_DEFAULTS } from '../../../analyse/resolve/resolve.ts';
import { type ResolutionParams, ResolutionRunningError, startResolution } from '../../../jobs/resolve.ts';
import { RESOLVABLE_LABELS, type ResolvableLabel } from '../../../model/resolution-contract.ts';
import {
  getResolutionRun,
  listResolutionRuns,
  type ResolutionRunRecord,
} from '../../../store/read/resolution-runs.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { log } from '../../log.ts';
import { RunStatusEnum } from '../enums.ts';
import { keysetSlice, offsetConnection } from '../pagination.ts';
import { runJurisdictions } from '../run-scope.ts';
import { validated } from '../validate.ts';

export const ResolutionRunRef = builder.objectRef<ResolutionRunRecord>('ResolutionRun');

interface Count {
  name: string;
  count: number;
}
const entries = (record: Record<string, number> | undefined): Count[] =>
  Object.entries(record ?? {}).map(([name, count]) => ({ name, count }));

const BlockCountRef = builder.objectRef<Count>('ResolutionBlockCount').implement({
  authScopes: { analyst: true },
  description: 'Candidate pairs one kind of block proposed first (a pair found by two kinds counts once).',
  fields: (t) => ({
    kind: t.exposeString('name', {
      description: 'identifier, nameKey, nameTokens, phonetic or initials (docs/resolution.md).',
    }),
    candidates: t.exposeInt('count'),
  }),
});

const ReasonCountRef = builder.objectRef<Count>('ResolutionReasonCount').implement({
  authScopes: { analyst: true },
  description: 'How many records or pairs one reason applied to.',
  fields: (t) => ({ reason: t.exposeString('name'), count: t.exposeInt('count') }),
});

const RuleCountRef = builder.objectRef<Count>('ResolutionRuleCount').implement({
  authScopes: { analyst: true },
  description: 'Certain matches (SAME_AS) one rule found.',
  fields: (t) => ({
    rule: t.exposeString('name', { description: '`rule:same-document`, `rule:same-registration`…' }),
    matches: t.exposeInt('count'),
  }),
});

const LabelCountRef = builder.objectRef<Count>('ResolutionLabelCount').implement({
  authScopes: { analyst: true },
  description: 'Records of one label the run read.',
  fields: (t) => ({ label: t.exposeString('name'), records: t.exposeInt('count') }),
});

const ResolvableLabelEnum = builder.enumType('ResolvableLabel', {
  description: 'The labels resolution compares and joins.',
  values: Object.fromEntries(
    RESOLVABLE_LABELS.map((label) => [label.toUpperCase(), { value: label }]),
  ) as Record<string, { value: ResolvableLabel }>,
});

ResolutionRunRef.implement({
  description:
    'One entity-resolution run: what it read (its jurisdictions), how it blocked and scored, and the matches it stored. Counts are null until it completes.',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: RunStatusEnum, resolve: (r) => r.status as 'running' }),
    phase: t.exposeString('phase', {
      nullable: true,
      description: 'reading, resolving, writing, replacing, completed.',
    }),
    progress: t.exposeFloat('progress', {
      nullable: true,
      description: '0..1 within the phase, when known.',
    }),
    seed: t.exposeInt('seed'),
    threshold: t.float({
      description: 'The probability from which a scored pair was proposed.',
      resolve: (r) => (r.params as ResolutionParams | null)?.threshold ?? RESOLVE_DEFAULTS.threshold,
    }),
    params: t.field({ type: 'JSON', description: 'The parameters the run used.', resolve: (r) => r.params }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    jurisdictions: t.exposeStringList('jurisdictions', {
      description:
        'The run’s scope: the jurisdictions whose extracts it read ("*": all). Its matches and this run are seen only by viewers holding all of them.',
    }),
    records: t.field({
      type: [LabelCountRef],
      description: 'Records read, by label.',
      resolve: (r) => entries(r.counts?.records),
    }),
    compared: t.int({ nullable: true, resolve: (r) => r.counts?.compared ?? null }),
    skipped: t.field({
      type: [ReasonCountRef],
      description: 'Records left out, by reason (no name with letters in any script…).',
      resolve: (r) => entries(r.counts?.skipped),
    }),
    repaired: t.field({
      type: [ReasonCountRef],
      description:
        'Records compared with a value set aside or read specially, by reason (an impossible birth date ignored, a name mixing alphabets).',
      resolve: (r) => entries(r.counts?.repaired),
    }),
    candidates: t.int({
      nullable: true,
      description: 'Candidate pairs compared.',
      resolve: (r) => r.counts?.candidates ?? null,
    }),
    blockCounts: t.field({
      type: [BlockCountRef],
      resolve: (r) => entries(r.counts?.candidatesByKind),
    }),
    ruleMatches: t.field({ type: [RuleCountRef], resolve: (r) => entries(r.counts?.ruleMatches) }),
    proposals: t.int({
      nullable: true,
      description: 'Scored pairs at or above the threshold (POSSIBLY_SAME_AS).',
      resolve: (r) => r.counts?.proposals ?? null,
    }),
    ambiguous: t.int({
      nullable: true,
      description: 'Pairs above the threshold not proposed: one record resembles two records kept apart.',
      resolve: (r) => r.counts?.ambiguous ?? null,
    }),
    keptApart: t.field({
      type: [ReasonCountRef],
      description: 'Candidate pairs never proposed whatever their score, by the reason.',
      resolve: (r) => entries(r.counts?.exclusions),
    }),
    heldBackByJudgements: t.int({
      nullable: true,
      description:
        'Pairs not written because an investigator confirmed them or rejected them on the same evidence (judgements made while the run worked included).',
      resolve: (r) =>
        r.counts
          ? r.counts.judgements.confirmed +
            r.counts.judgements.rejected +
            (r.counts.judgements.judgedDuringRun ?? 0)
          : null,
    }),
    proposedOnNewEvidence: t.int({
      nullable: true,
      description: 'Rejected pairs proposed again because their evidence changed since the rejection.',
      resolve: (r) => r.counts?.judgements.newEvidence ?? null,
    }),
    sameAs: t.int({
      nullable: true,
      description: 'SAME_AS relationships written.',
      resolve: (r) => r.counts?.written.SAME_AS ?? null,
    }),
    possiblySameAs: t.int({
      nullable: true,
      description: 'POSSIBLY_SAME_AS relationships written.',
      resolve: (r) => r.counts?.written.POSSIBLY_SAME_AS ?? null,
    }),
    replaced: t.int({
      nullable: true,
      description: 'Earlier answers of the same jurisdictions this run replaced (deleted).',
      resolve: (r) => r.counts?.replaced ?? null,
    }),
    timings: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Milliseconds per phase.',
      resolve: (r) => r.timings ?? null,
    }),
  }),
});

builder.queryField('resolutionRuns', (t) =>
  t.connection(
    {
      type: ResolutionRunRef,
      authScopes: { analyst: true },
      description: 'Resolution runs you may see, newest first.',
      resolve: async (_root, args, ctx) => {
        const scope = await ctx.scope();
        return offsetConnection(args, (skip, limit) =>
          keysetSlice((first, after) => listResolutionRuns(scope, { first, after }), skip, limit),
        );
      },
    },
    { name: 'ResolutionRunConnection' },
    { name: 'ResolutionRunEdge' },
  ),
);

builder.queryField('resolutionRun', (t) =>
  t.field({
    type: ResolutionRunRef,
    nullable: true,
    authScopes: { analyst: true },
    description: 'One resolution run, or null when there is none you may see.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => getResolutionRun(String(args.id), await ctx.scope()),
  }),
);

/** The rules of startResolution's input: checked before a run is created. */
const startResolutionRules = z.object({
  seed: z.number().int().min(0, 'must be 0 or more').nullish(),
  threshold: z.number().gt(0, 'must be greater than 0').lt(1, 'must be less than 1').nullish(),
  labels: z.array(z.enum(RESOLVABLE_LABELS)).min(1, 'must name at least one label').nullish(),
  jurisdictions: z.array(z.string()).max(300, 'must list at most 300 jurisdictions').nullish(),
});

const StartResolutionInput = builder.inputType('StartResolutionInput', {
  fields: (t) => ({
    jurisdictions: t.field({
      type: ['CountryCode'],
      required: false,
      description:
        'Only extracts of these jurisdictions, each one you hold (default: all yours). The matches are for viewers holding all of them.',
    }),
    threshold: t.float({
      required: false,
      description: `Probability from which a scored pair is proposed, between 0 and 1 (exclusive). Default ${RESOLVE_DEFAULTS.threshold}.`,
    }),
    seed: t.int({
      required: false,
      description: `Seed of the weight estimation: same data + same seed = same matches. 0 or more; default ${RESOLVE_DEFAULTS.seed}.`,
    }),
    labels: t.field({
      type: [ResolvableLabelEnum],
      required: false,
      description: 'The labels to resolve (default: both).',
    }),
  }),
});

builder.mutationField('startResolution', (t) =>
  t.field({
    type: ResolutionRunRef,
    authScopes: { analyst: true },
    description:
      'Starts an entity-resolution run and returns at once; poll resolutionRun(id) for status and progress. It replaces the previous answers of the same jurisdictions and never overrides a judgement.',
    args: { input: t.arg({ type: StartResolutionInput, required: false }) },
    resolve: async (_root, args, ctx) => {
      const input = validated(startResolutionRules, args.input ?? {}, 'input');
      const scope = await ctx.scope();
      // The run reads (and is scoped to) what was asked, else all the viewer's jurisdictions.
      const jurisdictions = runJurisdictions(scope, input.jurisdictions, 'resolve');
      const params: ResolutionParams = {
        ...(input.seed != null ? { seed: input.seed } : {}),
        ...(input.threshold != null ? { threshold: input.threshold } : {}),
        ...(input.labels ? { labels: [...new Set(input.labels)] } : {}),
        ...(jurisdictions.length > 0 ? { jurisdictions } : {}),
      };
      let started: Awaited<ReturnType<typeof startResolution>>;
      try {
        started = await startResolution(params, {
          actor: ctx.viewer.id,
          actorJurisdictions: ctx.viewer.jurisdictions,
          onWarning: (message: string) => log.warn(message),
        });
      } catch (error) {
        if (error instanceof ResolutionRunningError) {
          // The running run has the same scope, so the viewer may see it: its id is theirs to poll.
          throw expectedError(
            'CONFLICT',
            `A resolution run of these jurisdictions is still running (${error.runningRunId}); wait for it and start again.`,
            { runningRunId: error.runningRunId },
          );
        }
        throw error;
      }
      started.audited.catch((error: unknown) =>
        log.error({ err: error, runId: started.runId }, 'audit: resolution run not recorded'),
      );
      const run = await getResolutionRun(started.runId, scope);
      if (!run) throw new Error(`startResolution: run ${started.runId} vanished`);
      return run;
    },
  }),
);
