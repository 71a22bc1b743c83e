/**
 * Need-to-know for records that are not seized data (analysis runs, audit records): each is made for
 * a set of jurisdictions — the jurisdictions a run read, the jurisdictions of the user who acted —
 * stored on it as a sorted list of ISO-2 codes, or ['*'] when it was made with access to everything.
 * A viewer sees such a record when their scope covers every one of its jurisdictions
 * (`coversJurisdictions`); a record made for '*', or for no known jurisdiction (an empty or missing
 * list: written before records carried one, or by an actor of no jurisdiction), only a '*' viewer.
 */
import { ALL_JURISDICTIONS, normaliseJurisdiction } from '../../model/jurisdiction.ts';
import { coversJurisdictions, type ReadScope } from './scope.ts';

export { ALL_JURISDICTIONS };

/**
 * The stored form: '*' (or null) → ['*'], else the codes normalised by the one jurisdiction rule,
 * de-duplicated and sorted (anything that is not a code is dropped: a record is never made for it).
 */
export function recordJurisdictions(jurisdictions: readonly string[] | null | undefined): string[] {
  if (jurisdictions == null || jurisdictions.some((j) => j.trim() === ALL_JURISDICTIONS))
    return [ALL_JURISDICTIONS];
  const codes = new Set<string>();
  for (const j of jurisdictions) {
    const code = normaliseJurisdiction(j);
    if (code !== null) codes.add(code);
  }
  return [...codes].sort();
}

/** True when the scope may see a record made for these jurisdictions (see the module comment). */
export function coversRecord(scope: ReadScope, jurisdictions: readonly string[] | null | undefined): boolean {
  if (scope.all) return true;
  if (!jurisdictions || jurisdictions.length === 0 || jurisdictions.includes(ALL_JURISDICTIONS)) return false;
  return coversJurisdictions(scope, jurisdictions);
}

/**
 * The same rule in Cypher, for the record variable `v` (its `jurisdictions` property) against the
 * parameter `$scope` built by `scopeParameter` (or another parameter of that shape, `param`, where a
 * query's `$scope` is the extracts' scope). A missing property is null, and null is not true.
 */
export function coveredBy(v: string, param = 'scope'): string {
  if (!/^[a-z][a-zA-Z0-9_]*$/.test(v)) throw new Error(`store/read/record-scope: "${v}" is not a variable`);
  if (!/^[a-z][a-zA-Z0-9_]*$/.test(param))
    throw new Error(`store/read/record-scope: "${param}" is not a parameter name`);
  return `($${param}.all OR (size(${v}.jurisdictions) > 0 AND NOT '*' IN ${v}.jurisdictions
    AND all(j IN ${v}.jurisdictions WHERE j IN $${param}.jurisdictions)))`;
}

/** What `coveredBy` needs of a scope (not its extract ids: records are scoped by jurisdiction). */
export function scopeParameter(scope: ReadScope): { all: boolean; jurisdictions: string[] } {
  return { all: scope.all, jurisdictions: [...scope.jurisdictions] };
}
