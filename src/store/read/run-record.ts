/**
 * What a stored run node (AnalysisRun, ResolutionRun) reads back as, whatever the run did: its
 * lifecycle fields, its JSON fields, and the page shape of run lists. One reading, so the two kinds
 * of run report status, progress and damage the same way.
 */
import type { Plain } from '../convert.ts';

export interface Page<T> {
  nodes: T[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** The fields every run node has, as they read back. */
export interface RunLifecycle {
  id: string;
  status: string;
  phase: string | null;
  progress: number | null;
  seed: number;
  params: unknown;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string | null;
  error: string | null;
  /** The jurisdictions the run read, sorted; ['*'] for a run over all data. */
  jurisdictions: string[];
}

/** An optional stored value: absent (older records lack some fields) reads as null. */
export function nullable<T extends Plain>(value: Plain | undefined): T | null {
  return value === undefined ? null : (value as T | null);
}

/**
 * A reader of stored JSON fields: absent is null; present but unreadable is a damaged record, said
 * with the field's name (and how to repair it) rather than shown as if it were empty.
 * `record` names what was stored, `remedy` says how to repair it ('run resolution again').
 */
export function jsonField(
  module: string,
  record: string,
  remedy: string,
): (value: Plain | undefined, field?: string) => unknown {
  return (value, field = 'a JSON field') => {
    if (typeof value !== 'string') return null;
    try {
      return JSON.parse(value);
    } catch (error) {
      throw new Error(
        `${module}: ${field} of ${record} is not valid JSON (${(error as Error).message}); the record is damaged — ${remedy}`,
      );
    }
  };
}

/** The lifecycle fields of a run node's properties; `parse` reads its JSON fields. */
export function runLifecycle(
  props: Record<string, Plain>,
  parse: (value: Plain | undefined, field?: string) => unknown,
): RunLifecycle {
  return {
    id: String(props.id),
    status: String(props.status),
    phase: nullable<string>(props.phase),
    progress: nullable<number>(props.progress),
    seed: Number(props.seed),
    params: parse(props.paramsJson, 'paramsJson'),
    startedAt: String(props.startedAt),
    finishedAt: nullable<string>(props.finishedAt),
    heartbeatAt: nullable<string>(props.heartbeatAt),
    error: nullable<string>(props.error),
    jurisdictions: Array.isArray(props.jurisdictions) ? props.jurisdictions.map(String) : [],
  };
}

/** The opaque cursor of a run in a list ordered newest first: its start time and id. */
export function runCursor(run: { startedAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([run.startedAt, run.id])).toString('base64url');
}

/**
 * A page of runs from a keyset query that read one row more than `first` (so it knows whether
 * another page follows) and the count of all runs the viewer may see.
 */
export function runPage<R extends { startedAt: string; id: string }>(
  rows: readonly Record<string, unknown>[],
  total: readonly Record<string, unknown>[],
  first: number,
  toRun: (row: Record<string, unknown>) => R,
): Page<R> {
  const runs = rows.slice(0, first).map(toRun);
  const last = runs[runs.length - 1];
  return {
    nodes: runs,
    totalCount: Number(total[0]?.total ?? 0),
    endCursor: last ? runCursor(last) : null,
    hasNextPage: rows.length > first,
  };
}
