/**
 * One event from several files: a call in calls.csv (id, time, duration), its caller in callers.csv
 * (call id, phone) and its callee in callees.csv. The base file (calls) declares the join; each of
 * its rows is joined by key with at most one row of each member file, and the base file's mapping
 * reads the member's columns as `<name>.<column>` ("caller.phone").
 *
 * Provenance: the base file's extract writes the event; an event relationship also lists every
 * contributing extract and row (`extracts`, `extractRows`, as structural links do), so it reads as
 * recorded by all three files. Accounting stays per file: a member row is loaded when the base row
 * it joins loaded, else rejected with the reason (no such call, the call was rejected, a second row
 * for one key).
 */
import type { Applied, RowMapper } from '../mapping/apply.ts';
import type { Value } from '../mapping/transforms.ts';
import { cleanText } from '../mapping/transforms.ts';
import type { SourceRecord } from '../read/record.ts';

export interface JoinMemberPlan {
  /** The name the base mapping reads the member's columns under. */
  as: string;
  alias: string;
  fileName: string;
  key: string;
  required: boolean;
  extractId: string;
  /** Key → the member's first row of that key. */
  rows: Map<string, { line: number; fields: Record<string, unknown> }>;
}

export interface JoinPlan {
  alias: string;
  fileName: string;
  key: string;
  extractId: string;
  members: JoinMemberPlan[];
  /** Key → the base row of that key and whether it loaded (filled by the planner's dry pass). */
  outcomes: Map<string, { line: number; ok: boolean; reason?: string }>;
}

const keyOf = (fields: Record<string, unknown>, column: string): string => {
  const value = fields[column];
  return typeof value === 'string'
    ? cleanText(value)
    : value === undefined || value === null
      ? ''
      : String(value);
};

/** The base file's record with its members' rows attached, or why the row cannot be joined. */
function joined(
  plan: JoinPlan,
  record: SourceRecord,
): { ok: true; fields: Record<string, unknown>; lines: [string, number][] } | { ok: false; reason: string } {
  const key = keyOf(record.fields, plan.key);
  if (key.length === 0) return { ok: false, reason: `join key column "${plan.key}" is empty` };
  const fields: Record<string, unknown> = { ...record.fields };
  const lines: [string, number][] = [[plan.extractId, record.line]];
  for (const member of plan.members) {
    const row = member.rows.get(key);
    if (row === undefined) {
      if (member.required) {
        return {
          ok: false,
          reason: `no row of ${member.fileName} (${member.alias}) has ${member.key} "${key}"`,
        };
      }
      continue;
    }
    fields[member.as] = row.fields;
    lines.push([member.extractId, row.line]);
  }
  return { ok: true, fields, lines };
}

/**
 * The base file's mapper: joins, then applies the base mapping. `dry` is the planner's pass, which
 * records each key's outcome for the member files' accounting.
 */
export function joinedBaseMapper(plan: JoinPlan, inner: RowMapper, dry: boolean): RowMapper {
  return {
    apply(record): Applied {
      const key = keyOf(record.fields, plan.key);
      const first = plan.outcomes.get(key);
      if (!dry && first !== undefined && first.line !== record.line) {
        return {
          ok: false,
          reason: `${plan.key} "${key}" has another row at line ${first.line}; a join takes one row per key`,
        };
      }
      if (dry && first !== undefined) {
        return {
          ok: false,
          reason: `${plan.key} "${key}" has another row at line ${first.line}; a join takes one row per key`,
        };
      }
      const join = joined(plan, record);
      const result = join.ok ? inner.apply({ ...record, fields: join.fields }) : join;
      if (dry && key.length > 0) {
        plan.outcomes.set(
          key,
          result.ok
            ? { line: record.line, ok: true }
            : { line: record.line, ok: false, reason: result.reason },
        );
      }
      if (!result.ok || !join.ok) return result;
      for (const relationship of result.relationships) {
        // Events are one fact per row: all the files that made it are its recorders. (Structural
        // links keep the loader's own `extracts` bookkeeping, which lists each recording extract.)
        if (relationship.key === undefined) continue;
        (relationship.props as Record<string, Value | Value[]>).extracts = join.lines.map(
          ([extract]) => extract,
        );
        (relationship.props as Record<string, Value | Value[]>).extractRows = join.lines.map(
          ([, line]) => line,
        );
      }
      return result;
    },
  };
}

/** A member file's mapper: no facts of its own, only the accounting of its rows against the base file. */
export function joinedMemberMapper(plan: JoinPlan, member: JoinMemberPlan): RowMapper {
  return {
    apply(record): Applied {
      const key = keyOf(record.fields, member.key);
      if (key.length === 0) return { ok: false, reason: `join key column "${member.key}" is empty` };
      const first = member.rows.get(key);
      if (first !== undefined && first.line !== record.line) {
        return {
          ok: false,
          reason: `${member.key} "${key}" has another row at line ${first.line}; a join takes one row per key and file`,
        };
      }
      const base = plan.outcomes.get(key);
      if (base === undefined)
        return { ok: false, reason: `no row of ${plan.fileName} (${plan.alias}) has ${plan.key} "${key}"` };
      if (!base.ok) {
        return {
          ok: false,
          reason: `the ${plan.fileName} row it joins (line ${base.line}) was rejected: ${base.reason}`,
        };
      }
      return { ok: true, nodes: [], relationships: [] };
    },
  };
}
