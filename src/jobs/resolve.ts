/**
 * A resolution run as a job, with detection's run model (jobs/detect.ts): `startResolution` returns
 * the run id at once and a promise of the summary; status, phase and progress are on the
 * :ResolutionRun node, so GraphQL answers "how far is it" from the store; every run is audited with
 * its outcome.
 *
 * Steps: mark interrupted runs failed; refuse a second run of a scope still running (the two would
 * replace each other's answers); create the run ('running') with its scope; read the scope's
 * Person and Organisation records page by page (store/read/resolution-records.ts: only what the
 * scope's extracts recorded, so a GB run never uses an IE-only phone); resolve them
 * (analyse/resolve, pure and deterministic); hold back what active judgements decided; write the
 * matches in batches; delete the scope's earlier answers; mark the run 'completed' last.
 *
 * Resolution itself runs in a worker thread (jobs/resolve-thread.ts), so a server stays responsive
 * while a run blocks and scores; `inProcess: true` runs it on this thread (simpler to debug).
 */

import { randomBytes } from 'node:crypto';
import {
  DEFAULTS as RESOLVE_DEFAULTS,
  type ResolutionResult,
  resolveRecords,
} from '../analyse/resolve/resolve.ts';
import type { ResolutionRecord } from '../analyse/resolve/types.ts';
import { config } from '../config.ts';
import { ALL_JURISDICTIONS } from '../model/jurisdiction.ts';
import { RESOLVABLE_LABELS, type ResolvableLabel } from '../model/resolution-contract.ts';
import { recordJurisdictions } from '../store/read/record-scope.ts';
import { resolutionRecords } from '../store/read/resolution-records.ts';
import {
  bindingJudgements,
  type ResolutionCounts,
  runningResolutionOfScope,
} from '../store/read/resolution-runs.ts';
import { scopeForJurisdictions } from '../store/read/scope.ts';
import {
  abandonStaleResolutionRuns,
  completeResolutionRun,
  createResolutionRun,
  failResolutionRun,
  RunLockedError,
  replacePreviousAnswers,
  resolutionHeartbeat,
  writeMatchRelationships,
} from '../store/write-resolution.ts';
import { heartbeater } from './heartbeat.ts';
import { progressBeat, type RunProgress, superviseRun } from './lifecycle.ts';
import { matchRows } from './resolution-rows.ts';
import { startResolveWorker } from './resolve-thread.ts';

export interface ResolutionParams {
  /** The jurisdictions whose extracts are read (and who may read the answers); default all. */
  jurisdictions?: string[];
  /** Probability from which a scored pair is proposed; default analyse/resolve's. */
  threshold?: number;
  seed?: number;
  /** Labels resolved; default Person and Organisation. */
  labels?: ResolvableLabel[];
  /** Records read per page. */
  pageSize?: number;
}

export type ResolutionProgress = RunProgress;

/** Points where a test may act inside a run, to reproduce a race without timing. */
export interface ResolutionHooks {
  /** After the run read the judgements and decided its rows, before it writes them. */
  beforeWrite?: () => Promise<void>;
}

export interface ResolutionSummary {
  runId: string;
  jurisdictions: string[];
  seed: number;
  threshold: number;
  counts: ResolutionCounts;
  timings: Record<string, number>;
}

export const RESOLUTION_JOB_DEFAULTS = {
  /** Progress is written to the run node at most this often. */
  heartbeatEveryMs: 2_000,
};

/** A run of the scope is already running: the caller should wait for it (its id is given). */
export class ResolutionRunningError extends Error {
  constructor(readonly runningRunId: string) {
    super(
      `jobs/resolve: resolution run ${runningRunId} of the same jurisdictions is still running; ` +
        'wait for it to finish (resolutionRun(id) / the run list) and start again',
    );
  }
}

export function newResolutionRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `resolution-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Checks parameters before a run is created: a bad one is an error naming it, never a failed run. */
export function checkResolutionParams(params: ResolutionParams): void {
  const fail = (message: string) => {
    throw new Error(`jobs/resolve: ${message}`);
  };
  if (params.threshold !== undefined && !(params.threshold > 0 && params.threshold < 1)) {
    fail(`threshold must be a probability between 0 and 1 (exclusive), got ${params.threshold}`);
  }
  if (params.seed !== undefined && !(Number.isInteger(params.seed) && params.seed >= 0)) {
    fail(`seed must be an integer 0 or more, got ${params.seed}`);
  }
  for (const label of params.labels ?? []) {
    if (!(RESOLVABLE_LABELS as readonly string[]).includes(label)) {
      fail(`label "${label}" cannot be resolved; use ${RESOLVABLE_LABELS.join(' or ')}`);
    }
  }
  if (params.labels && params.labels.length === 0)
    fail(`labels must name at least one of ${RESOLVABLE_LABELS.join(', ')}`);
  if (params.pageSize !== undefined && !(Number.isInteger(params.pageSize) && params.pageSize > 0)) {
    fail(`pageSize must be a positive integer, got ${params.pageSize}`);
  }
}

/** The run's scope: its jurisdictions (stored form), or ['*'] for all data. */
export function resolutionScopeOf(params: ResolutionParams): string[] {
  return params.jurisdictions && params.jurisdictions.length > 0
    ? recordJurisdictions(params.jurisdictions)
    : [ALL_JURISDICTIONS];
}

/** Reasons without the values they quote, so records of one kind of fault count together. */
const reasonKind = (reason: string) => reason.replace(/\s*"[^"]*"/g, '').trim();

function tally(reasons: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const reason of reasons) out[reason] = (out[reason] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const LETTER_SCRIPTS = [
  /\p{Script=Latin}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Greek}/u,
  /\p{Script=Arabic}/u,
];

/**
 * A word mixing alphabets ("Munteаnu" with a Cyrillic а): a typing slip, OCR or a disguise. Kept and
 * compared letter by letter after transliteration (which is how it can meet the Latin record), and
 * counted, so the run says how much of its input was so written.
 */
export function mixesScripts(name: string): boolean {
  return name
    .split(/[^\p{L}\p{M}]+/u)
    .some((word) => LETTER_SCRIPTS.filter((script) => script.test(word)).length > 1);
}

async function run(
  runId: string,
  scope: string[],
  params: ResolutionParams,
  report: (p: ResolutionProgress) => void,
  warn: (message: string) => void,
  inProcess: boolean,
  hooks: ResolutionHooks,
): Promise<ResolutionSummary> {
  const seed = params.seed ?? RESOLVE_DEFAULTS.seed;
  const settings = config().resolution;
  const threshold = params.threshold ?? settings.threshold;
  const options = {
    seed,
    threshold,
    unseenNamesakes: settings.unseenNamesakes,
    collective: settings.collective,
  };
  const labels = params.labels ?? [...RESOLVABLE_LABELS];
  const pulse = heartbeater(runId, resolutionHeartbeat, warn, RESOLUTION_JOB_DEFAULTS.heartbeatEveryMs);
  const beat = progressBeat(runId, report, pulse);
  const started = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => {
    timings[name] = Math.round(performance.now() - since);
    return performance.now();
  };

  beat('reading');
  let at = performance.now();
  // Resolution compares birth dates and names, minors' too; its answers are read back through each
  // viewer's scope, where the minors rule applies.
  const readScope = {
    ...(await scopeForJurisdictions(scope.includes(ALL_JURISDICTIONS) ? null : scope)),
    minors: true,
  };
  // Pages go to the worker as they are read: the worker builds its input while the store answers,
  // and the scope is never in flight twice at the end of reading.
  // The run's time fixed as reading starts: a sharded run prepares each page as it comes.
  const worker = inProcess ? undefined : startResolveWorker({ threads: settings.threads, now: new Date() });
  const records: ResolutionRecord[] = [];
  const byLabel: Record<string, number> = {};
  try {
    for (const label of labels) {
      byLabel[label] = 0;
      const pages = resolutionRecords(label, readScope, params.pageSize ? { pageSize: params.pageSize } : {});
      for await (const page of pages) {
        for (const record of page) records.push(record);
        worker?.add(page);
        byLabel[label] += page.length;
        beat('reading', undefined, `${label}: ${byLabel[label]} records`);
      }
    }
  } catch (error) {
    worker?.close();
    throw error;
  }
  at = lap('read', at);

  beat('resolving', 0, `${records.length} records`);
  let found: ResolutionResult;
  if (!worker) found = resolveRecords(records, options);
  else {
    // The worker blocks and scores while this thread waits: the heartbeat goes on, so a long run is
    // never taken for an interrupted one (abandonStaleResolutionRuns).
    const alive = setInterval(
      () => beat('resolving', undefined, `${records.length} records`),
      RESOLUTION_JOB_DEFAULTS.heartbeatEveryMs,
    );
    try {
      found = await worker.resolve(options);
    } finally {
      clearInterval(alive);
    }
  }
  at = lap('resolve', at);

  beat('writing', 0);
  const byId = new Map(records.map((record) => [record.id, record]));
  const judgements = await bindingJudgements(scope);
  const { groups, effects } = matchRows(found, byId, judgements, scope);
  const total = groups.reduce((sum, g) => sum + g.rows.length, 0);
  // Test seam: a judgement made here, after the judgements were read, must still bind the pair.
  await hooks.beforeWrite?.();
  const written: Record<string, number> = { SAME_AS: 0, POSSIBLY_SAME_AS: 0 };
  let done = 0;
  for (const group of groups) {
    const result = await writeMatchRelationships(runId, group.type, group.label, scope, group.rows);
    written[group.type] = (written[group.type] ?? 0) + result.written;
    effects.judgedDuringRun = (effects.judgedDuringRun ?? 0) + result.judged;
    done += group.rows.length;
    beat('writing', total === 0 ? 1 : done / total);
  }
  beat('replacing');
  const replaced = await replacePreviousAnswers(runId, scope);
  lap('write', at);
  timings.total = Math.round(performance.now() - started);

  const stats = found.stats;
  const mixed = records.filter((record) => record.names.some(mixesScripts)).map((r) => r.id);
  const counts: ResolutionCounts = {
    records: byLabel,
    compared: records.length - stats.skipped.length,
    skipped: tally(stats.skipped.map((s) => reasonKind(s.reason))),
    repaired: tally([
      ...stats.badDates.map((s) => `${reasonKind(s.reason)} (date ignored, record compared)`),
      ...mixed.map(() => 'a name mixes alphabets within a word (compared letter by letter)'),
    ]),
    candidates: stats.blocking.candidates,
    candidatesByKind: { ...stats.blocking.candidatesByKind },
    oversizedBlocks: { ...stats.blocking.oversizedBlocks },
    ruleMatches: tally(found.certain.map((m) => m.rule)),
    proposals: found.proposed.length,
    ambiguous: stats.ambiguous.length,
    exclusions: { ...stats.exclusions },
    identifierNameConflicts: stats.identifierNameConflicts.length,
    judgements: effects,
    written,
    replaced,
  };
  // A heartbeat still in flight would commit after the completion and write its phase over
  // 'completed' (its status check is read before the run's lock): it lands first.
  await pulse.settled();
  await completeResolutionRun(runId, {
    countsJson: JSON.stringify(counts),
    timingsJson: JSON.stringify(timings),
  });
  report({ runId, phase: 'completed', progress: 1 });
  return { runId, jurisdictions: scope, seed, threshold, counts, timings };
}

/**
 * Starts a resolution run and returns at once. `done` settles when the run is stored (or failed:
 * the run node then says 'failed' with the error); `audited` when its audit record is durable,
 * after `done` — it rejects when the record cannot be written. Neither causes an unhandled
 * rejection if ignored. Throws before creating a run on bad parameters or when a run of the same
 * scope is still running (ResolutionRunningError).
 */
export async function startResolution(
  params: ResolutionParams = {},
  options: {
    onProgress?: (progress: ResolutionProgress) => void;
    runId?: string;
    /** Who started the run, for the audit trail: a user's subject, `cli:<user>`, `system`. */
    actor?: string;
    /** The jurisdictions of who started it; default ['*'] (the CLI holds the database credentials). */
    actorJurisdictions?: readonly string[];
    /** Problems that do not stop the run (a heartbeat not written...); default: stderr. */
    onWarning?: (message: string) => void;
    /** Resolve on this thread instead of a worker thread. */
    inProcess?: boolean;
    /** Test seams (see ResolutionHooks). */
    hooks?: ResolutionHooks;
  } = {},
): Promise<{ runId: string; scope: string[]; done: Promise<ResolutionSummary>; audited: Promise<void> }> {
  checkResolutionParams(params);
  const runId = options.runId ?? newResolutionRunId();
  const scope = resolutionScopeOf(params);
  await abandonStaleResolutionRuns();
  const running = await runningResolutionOfScope(scope);
  if (running) throw new ResolutionRunningError(running);
  const actor = options.actor ?? 'system';
  try {
    // The check above is only the common case: two starts at once both pass it, and the scope's
    // lock, created with the run in one transaction, lets exactly one of them through.
    await createResolutionRun({
      id: runId,
      seed: params.seed ?? RESOLVE_DEFAULTS.seed,
      params,
      jurisdictions: scope,
      author: actor,
    });
  } catch (error) {
    if (error instanceof RunLockedError) throw new ResolutionRunningError(error.runningRunId);
    throw error;
  }
  const report = options.onProgress ?? (() => undefined);
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  const { done, audited } = superviseRun(
    run(runId, scope, params, report, warn, options.inProcess ?? false, options.hooks ?? {}),
    {
      module: 'jobs/resolve',
      kind: 'resolution',
      runId,
      params,
      actor: actor,
      actorJurisdictions: options.actorJurisdictions ?? ['*'],
      report,
      warn,
      markFailed: failResolutionRun,
      outcome: (summary) =>
        `complete: ${summary.counts.written.SAME_AS ?? 0} same-as, ${summary.counts.written.POSSIBLY_SAME_AS ?? 0} possibly-same-as, ${summary.counts.replaced} replaced`,
    },
  );
  return { runId, scope, done, audited };
}
