/**
 * The evidence key of a pair: a digest of what resolution compared of both records (names, birth
 * date, nationality, identifiers, the context they share). An investigator's rejection binds later runs only while the
 * evidence is the same: a record that gains a document, a spelling or a date makes the pair new
 * evidence, and a run may propose it again for a human (model/resolution-contract.ts).
 *
 * Order independent (the pair a,b and b,a have one key) and independent of the order in which a
 * source listed names or identifiers, so an unchanged pair keeps its key across re-runs. Values are
 * compared as read (trimmed; names case-folded), not as prepared, so a change to the preparation
 * rules does not by itself count as new evidence.
 */
import { createHash } from 'node:crypto';
import type { ResolutionRecord } from './types.ts';

/** The canonical text of what one record offers to a comparison (not its id or source). */
function recordEvidence(record: ResolutionRecord): string {
  const names = [...new Set(record.names.map((name) => name.normalize('NFC').trim().toLowerCase()))]
    .filter((name) => name !== '')
    .sort();
  const identifiers = [...new Set(record.identifiers.map((i) => `${i.kind}=${i.value.trim()}`))].sort();
  return JSON.stringify([
    record.kind,
    names,
    record.birthDate?.trim() ?? '',
    record.nationality?.trim().toUpperCase() ?? '',
    identifiers,
  ]);
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/** The evidence key of the pair (a, b): the same for (b, a); 22 characters. */
export function evidenceKey(a: ResolutionRecord, b: ResolutionRecord): string {
  const [x, y] = [recordEvidence(a), recordEvidence(b)].sort();
  // Context counts by what the two share: a new call in common is new evidence, a new call to
  // someone else is not. Appended only when there is some, so pairs without it keep their key.
  const shared = sharedContext(a, b);
  return digest(shared.length === 0 ? `${x}\n${y}` : `${x}\n${y}\n${JSON.stringify(shared)}`).slice(0, 22);
}

/** The context both records name (entity ids), sorted. */
export function sharedContext(a: ResolutionRecord, b: ResolutionRecord): string[] {
  if (!a.context || !b.context) return [];
  const theirs = new Set(b.context);
  return [...new Set(a.context.filter((id) => theirs.has(id)))].sort();
}
