/**
 * A prepared record's identifiers as one flat array: kind, value, kind, value, … grouped by kind in
 * order of first sight, values of a kind in order of first sight, no value twice. It reads as the
 * `Map<kind, Set<value>>` it replaces (same kinds, same values, same order), at one array per record
 * instead of a Map and a Set per kind: at a million records those were about a gigabyte of small
 * objects per thread, which the garbage collector walked again and again (2026-12-07-resolution-compact
 * in docs/benchmarks).
 */
import type { IdentifierKind } from './types.ts';

export type IdentifierList = readonly string[];

/** A record without identifiers (shared: never written). */
export const NO_IDENTIFIERS: IdentifierList = Object.freeze([]) as IdentifierList;

/**
 * Adds `value` under `kind` as `Map.get(kind).add(value)` would: after the kind's last value, or
 * at the end for a kind not yet held; nothing when the kind already holds the value.
 */
export function addIdentifier(list: string[], kind: string, value: string): void {
  let end = -1;
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] !== kind) continue;
    if (list[i + 1] === value) return;
    end = i + 2;
  }
  if (end < 0 || end === list.length) list.push(kind, value);
  else list.splice(end, 0, kind, value);
}

/** Index of the first entry of `kind` (its kind's slot; the value is at +1), or -1. */
export function firstOf(list: IdentifierList, kind: string): number {
  for (let i = 0; i < list.length; i += 2) if (list[i] === kind) return i;
  return -1;
}

/** Index after the last entry of the kind whose run starts at `start`. */
export function runEnd(list: IdentifierList, start: number): number {
  const kind = list[start];
  let end = start + 2;
  while (end < list.length && list[end] === kind) end += 2;
  return end;
}

export function hasKind(list: IdentifierList, kind: string): boolean {
  return firstOf(list, kind) >= 0;
}

export function hasIdentifier(list: IdentifierList, kind: string, value: string): boolean {
  for (let i = 0; i < list.length; i += 2) if (list[i] === kind && list[i + 1] === value) return true;
  return false;
}

/** True when both lists hold one value of `kind` in common. */
export function shareIdentifier(a: IdentifierList, b: IdentifierList, kind: string): boolean {
  for (let i = 0; i < a.length; i += 2) if (a[i] === kind && hasIdentifier(b, kind, a[i + 1]!)) return true;
  return false;
}

/** The values of `kind`, in order (a new array: for paths that run once per record, not per pair). */
export function valuesOf(list: IdentifierList, kind: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < list.length; i += 2) if (list[i] === kind) values.push(list[i + 1]!);
  return values;
}

/** Kinds held, in order. */
export function kindsOf(list: IdentifierList): IdentifierKind[] {
  const kinds: IdentifierKind[] = [];
  for (let i = 0; i < list.length; i = runEnd(list, i)) kinds.push(list[i] as IdentifierKind);
  return kinds;
}
