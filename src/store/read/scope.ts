/**
 * Need-to-know in every read: a viewer sees a node only when an extract it may see mentions it,
 * a relationship only when it came from such an extract, and a node's property values, name
 * spellings and search terms only as those extracts recorded them. Every repository query takes a
 * `$scope` parameter and filters with VISIBLE(x) / REL_VISIBLE(r) / PROPS(x) (expanded by
 * store/cypher.ts), so totals and "N more" never count what the viewer may not see. Records that
 * are not seized data (analysis runs, annotations, audit records, jobs) are scoped by the
 * jurisdictions they were made for, with the same object.
 */
import { holdsAllJurisdictions, normaliseJurisdiction } from '../../model/jurisdiction.ts';
import { listExtracts } from './extracts.ts';

export interface ReadScope {
  /** True for viewers entitled to every jurisdiction. */
  all: boolean;
  /** Ids of the extracts the viewer may see (ignored when `all`). */
  extracts: string[];
  /** ISO 3166-1 alpha-2 codes the viewer holds, sorted (empty when `all`). */
  jurisdictions: string[];
}

export const FULL_SCOPE: ReadScope = { all: true, extracts: [], jurisdictions: [] };

/**
 * The one way to build a scope: '*' (or null) is everything, otherwise the extracts of the given
 * jurisdictions as they are now. An empty list sees nothing.
 */
export async function scopeForJurisdictions(jurisdictions: readonly string[] | null): Promise<ReadScope> {
  if (jurisdictions === null || holdsAllJurisdictions(jurisdictions)) return FULL_SCOPE;
  const codes = [...new Set(jurisdictions.map((j) => normaliseJurisdiction(j) ?? j))].sort();
  if (codes.length === 0) return { all: false, extracts: [], jurisdictions: [] };
  const extracts = await listExtracts(codes);
  return { all: false, extracts: extracts.map((e) => e.id), jurisdictions: codes };
}

/** True when the scope may see a record made for these jurisdictions (every one of them). */
export function coversJurisdictions(scope: ReadScope, jurisdictions: readonly string[]): boolean {
  return scope.all || jurisdictions.every((j) => scope.jurisdictions.includes(j));
}
