/**
 * Enums for the statuses and roles the code knows: the SDL lists every value with its meaning,
 * and a value outside the list cannot be served silently. Each enum is built from a Record keyed
 * by the code's own union type, so adding a status there without describing it here fails to compile.
 * GraphQL names are upper case (RUNNING); the values inside are the code's own ('running').
 */
import type { MemberRole } from '../../analyse/pipeline.ts';
import type { LoadSummary } from '../../ingest/load.ts';
import type { Job } from '../../jobs/registry.ts';
import type { ExtractState } from '../../store/write.ts';
import { builder } from '../builder.ts';

function enumOf<T extends string>(name: string, description: string, values: Record<T, string>) {
  const entries = Object.entries(values) as [T, string][];
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(
      entries.map(([value, meaning]) => [
        value.toUpperCase().replace(/-/g, '_'),
        { value, description: meaning },
      ]),
    ) as Record<string, { value: T; description: string }>,
  });
}

type RunStatus = 'running' | 'completed' | 'failed';

export const RunStatusEnum = enumOf<RunStatus>('RunStatus', 'Where a detection run is.', {
  running: 'Started and not finished: poll analysisRun(id) for phase and progress.',
  completed: 'Finished; its networks can be listed.',
  failed:
    'Stopped with an error (`error` says why); an interrupted run is marked failed, never left looking complete.',
});

export const JobStatusEnum = enumOf<Job<unknown, unknown>['status']>('JobStatus', 'Where a load job is.', {
  running: 'Still loading: poll loadJob(id) for progress.',
  completed: 'Finished: `summary` tells what was loaded.',
  failed: 'Stopped: `error` says why (a database failure resumes where it stopped when run again).',
});

export const LoadOutcomeEnum = enumOf<LoadSummary['status']>('LoadOutcome', 'What a finished load did.', {
  loaded: 'The extract was loaded.',
  resumed: 'An interrupted load of the same file was completed from its checkpoint.',
  'already-loaded': 'The same file (by SHA-256) was loaded before; nothing was written.',
  'dry-run': 'Read and checked only; nothing was written.',
});

export const ExtractStatusEnum = enumOf<ExtractState['status']>(
  'ExtractStatus',
  'Where the load of an extract is.',
  {
    loading: 'Being loaded, or interrupted (loading the file again resumes it).',
    complete: 'Loaded in full.',
    failed: 'The load failed.',
  },
);

export const NetworkMemberRoleEnum = enumOf<MemberRole>(
  'NetworkMemberRole',
  'The role of a network member: a recorded case role (in a case the run read) comes first, then what the indicators say.',
  {
    victim: 'Recorded as a victim: shown as one, never ranked as an offender.',
    suspect: 'Recorded as a suspect.',
    witness: 'Recorded as a witness.',
    other: 'Recorded with another role.',
    implicated: 'No recorded role; the indicators give offender points (see offenderScore).',
    exposed: 'No recorded role; the indicators show a pattern exposing them to harm (a possible victim).',
    member: 'No recorded role and nothing singles them out.',
  },
);
