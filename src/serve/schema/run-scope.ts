/**
 * The jurisdictions a run started over GraphQL (startAnalysis, startResolution) reads and is scoped
 * to: what was asked, each one the viewer holds; else all the viewer's. One rule for both kinds of
 * run, so neither lets a viewer read beyond their jurisdictions.
 */
import { ALL_JURISDICTIONS, holdsJurisdiction } from '../../model/jurisdiction.ts';
import type { ReadScope } from '../../store/read/scope.ts';
import { expectedError } from '../errors.ts';

/**
 * The run's jurisdictions; [] means all data (only for a viewer of every jurisdiction). Throws
 * FORBIDDEN for a jurisdiction the viewer does not hold, or a viewer who holds none.
 * `verb` names the action in the message ('analyse', 'resolve').
 */
export function runJurisdictions(
  scope: ReadScope,
  requested: readonly string[] | null | undefined,
  verb: string,
): string[] {
  const asked = [...new Set(requested ?? [])];
  if (!scope.all && asked.some((j) => !holdsJurisdiction(scope.jurisdictions, j))) {
    throw expectedError('FORBIDDEN', `You may ${verb} only your own jurisdictions.`, {
      argument: 'jurisdictions',
    });
  }
  // A viewer of no jurisdiction would otherwise start a run over everything.
  if (!scope.all && scope.jurisdictions.length === 0) {
    throw expectedError('FORBIDDEN', `You hold no jurisdiction, so there is nothing you may ${verb}.`);
  }
  if (asked.length > 0 && !asked.includes(ALL_JURISDICTIONS)) return asked;
  return scope.all ? [] : [...scope.jurisdictions];
}
