/**
 * Minors in the analysis graph. The projection gives each person the `minor` attribute the store
 * computed from the run's own facts (store/read/facts.ts: a person under 18 at a dated fact, or
 * today), and the birth date; a minor is a person to protect, never ranked as an offender (risk.ts).
 */
import { type MinorCertainty, minorAtAll, usableBirthDates } from '../model/minor.ts';
import { dayOf } from './hgraph.ts';
import type { HGraph } from './types.ts';

/**
 * The person was (possibly) under 18 at some fact the run read, or is today: the projection's
 * `minor` attribute ('certain' or 'possible').
 */
export function isMinor(graph: HGraph, person: string): boolean {
  if (!graph.hasNode(person)) return false;
  const minor = graph.getNodeAttribute(person, 'minor');
  return minor === 'certain' || minor === 'possible';
}

/** Under 18 on `day` by the person's recorded birth date (partial dates: possibly). */
export function minorOn(graph: HGraph, person: string, day: unknown): MinorCertainty | undefined {
  if (!graph.hasNode(person)) return undefined;
  const date = dayOf(day);
  if (date === undefined) return undefined;
  const births = usableBirthDates([graph.getNodeAttribute(person, 'birthDate')]);
  return births.length === 0 ? undefined : minorAtAll(births, date);
}
