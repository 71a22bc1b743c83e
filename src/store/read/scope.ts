/**
 * Need-to-know in every read: a viewer sees a node only when an extract it may see mentions it,
 * a relationship only when it came from such an extract, and a node's property values, name
 * spellings and search terms only as those extracts recorded them. Every repository query takes a
 * `$scope` parameter and filters with VISIBLE(x) / REL_VISIBLE(r) / PROPS(x) (expanded by
 * store/cypher.ts), so totals and "N more" never count what the viewer may not see. Records that
 * are not seized data (analysis runs, annotations, audit records, jobs) are scoped by the
 * jurisdictions they were made for, with the same object.
 *
 * Incomplete loads: an extract whose load failed or is still running has written part of its
 * file (how much depends on the batch size). Its data is read by no one until the load completes
 * — not by viewers of its jurisdiction, not by viewers of all, not by analysis — so every scope
 * leaves it out. A viewer of all then reads through the restricted form of each query over the
 * complete extracts (store/cypher.ts `statementForScope`); with no incomplete extract, nothing
 * changes and the full-scope queries stay as fast as before.
 */
import { holdsAllJurisdictions, normaliseJurisdiction } from '../../model/jurisdiction.ts';
import { incompleteExtracts, readableExtracts } from './extracts.ts';

export interface ReadScope {
  /** True for viewers entitled to every jurisdiction. */
  all: boolean;
  /** Ids of the extracts the viewer may see (ignored when `all`). */
  extracts: string[];
  /** ISO 3166-1 alpha-2 codes the viewer holds, sorted (empty when `all`). */
  jurisdictions: string[];
  /**
   * Extracts in the viewer's reach whose load is not complete (failed or running): listed with
   * their status, their data read by no one. When `all` and this is not empty, `extracts` lists
   * every complete extract and queries filter by it.
   */
  incomplete?: string[];
  /**
   * May read minors' personal details (the `minors` role, or analysis, which reads for itself);
   * absent or false, a minor's details are withheld (store/read/facts.ts, store/minors-cypher.ts).
   */
  minors?: boolean;
}

export const FULL_SCOPE: ReadScope = { all: true, extracts: [], jurisdictions: [] };

/**
 * The one way to build a scope: '*' (or null) is everything, otherwise the extracts of the given
 * jurisdictions as they are now. An empty list sees nothing.
 */
export async function scopeForJurisdictions(jurisdictions: readonly string[] | null): Promise<ReadScope> {
  if (jurisdictions === null || holdsAllJurisdictions(jurisdictions)) return fullScopeNow();
  const codes = [...new Set(jurisdictions.map((j) => normaliseJurisdiction(j) ?? j))].sort();
  if (codes.length === 0) return { all: false, extracts: [], jurisdictions: [] };
  const { complete, incomplete } = await readableExtracts(codes);
  return { all: false, extracts: complete, jurisdictions: codes, incomplete };
}

/**
 * Everything, as it is now: FULL_SCOPE when every load is complete (one small query that returns
 * the incomplete extracts, usually none), else every complete extract with the incomplete ones named.
 */
export async function fullScopeNow(): Promise<ReadScope> {
  if ((await incompleteExtracts()).length === 0) return FULL_SCOPE;
  const { complete, incomplete } = await readableExtracts(null);
  return { all: true, extracts: complete, jurisdictions: [], incomplete };
}

/** True when the scope may see a record made for these jurisdictions (every one of them). */
export function coversJurisdictions(scope: ReadScope, jurisdictions: readonly string[]): boolean {
  return scope.all || jurisdictions.every((j) => scope.jurisdictions.includes(j));
}
