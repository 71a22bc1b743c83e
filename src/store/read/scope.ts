/**
 * Need-to-know in every read: a viewer sees a node only when an extract it may see mentions it,
 * and a relationship only when it came from such an extract. Every repository query takes a
 * `$scope` parameter and filters with VISIBLE(x) / REL_VISIBLE(r) (expanded by store/cypher.ts), so
 * totals and "N more" never count what the viewer may not see.
 */
export interface ReadScope {
  /** True for viewers entitled to every jurisdiction. */
  all: boolean;
  /** Ids of the extracts the viewer may see (ignored when `all`). */
  extracts: string[];
}

export const FULL_SCOPE: ReadScope = { all: true, extracts: [] };
