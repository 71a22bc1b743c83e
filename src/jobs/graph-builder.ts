/**
 * Builds the analysis graph (heterogeneous, multi, directed) from streamed store rows. Shared by the
 * in-process path (jobs/detect.ts loadGraph) and the analysis worker, so both see the same graph.
 *
 * Slim by default (issue 16): a node or relationship keeps only the attributes the analysis reads
 * (analyse/attributes.ts), and every string value is interned — a store page arrives as fresh
 * copies of the same extract ids, currencies, dates and kinds on every row, which a big run would
 * otherwise hold millions of times. `keep: 'all'` builds the graph as it was (every property), for
 * checking that the slim graph gives the same analysis (scripts/bench/detect-slim.ts).
 */
import { ANALYSIS_ATTRIBUTES } from '../analyse/attributes.ts';
import { createHGraph } from '../analyse/hgraph.ts';
import type { HGraph, PropValue } from '../analyse/types.ts';
import type { Plain } from '../store/convert.ts';
import type { RelationshipPage, StreamedNode, StreamedRelationship } from '../store/read/projection.ts';

export interface GraphBuilder {
  graph: HGraph;
  node(node: StreamedNode): void;
  relationship(relationship: StreamedRelationship): void;
  /** A page of relationships as columns: the same edges, attributes and order as one call per row. */
  relationships(page: RelationshipPage): void;
  /** Relationships skipped because an end was not streamed (or the id repeated). */
  dangling(): number;
  /**
   * The graph is complete: lets go of the table of interned strings (the graph keeps its copies)
   * and of the graph's relationship-key map (record-graph.ts releaseEdgeKeys).
   */
  finish(): HGraph;
}

export interface GraphBuilderOptions {
  /** `read` (default): the attributes the analysis reads, strings interned; `all`: every property. */
  keep?: 'read' | 'all';
}

/**
 * One copy of each distinct short string value (dates, kinds, currencies, countries repeat on many
 * rows); longer ones (datetimes to the second, references) are mostly distinct, where the table's
 * entry would cost more than it saves. Measured at 32 characters on the 2.95M-relationship world
 * (issue 16): ~40 MB less heap for ~4 s more CPU in the build (2026-12-07-detect-e2e-lean.md).
 */
const INTERN_MAX_LENGTH = 16;

function interner(seen: Map<string, string>): <T extends Plain>(value: T) => T {
  const one = (value: Plain): Plain => {
    if (typeof value === 'string') {
      if (value.length > INTERN_MAX_LENGTH) return value;
      const known = seen.get(value);
      if (known !== undefined) return known;
      seen.set(value, value);
      return value;
    }
    if (Array.isArray(value)) return value.map(one);
    return value;
  };
  return one as <T extends Plain>(value: T) => T;
}

/** A row's properties the analysis graph keeps (analyse/attributes.ts), as they came. */
export function analysisProps(props: Record<string, Plain>): Record<string, Plain> {
  const kept: Record<string, Plain> = {};
  for (const key in props) if (ANALYSIS_ATTRIBUTES.has(key)) kept[key] = props[key]!;
  return kept;
}

export function graphBuilder(options: GraphBuilderOptions = {}): GraphBuilder {
  const graph = createHGraph();
  const all = options.keep === 'all';
  const table = new Map<string, string>();
  const intern = interner(table);
  const attributes = (props: Record<string, Plain>): Record<string, PropValue> => {
    if (all) return props as Record<string, PropValue>;
    const kept: Record<string, PropValue> = {};
    for (const key in props) {
      if (ANALYSIS_ATTRIBUTES.has(key)) kept[key] = intern(props[key]!) as PropValue;
    }
    return kept;
  };
  let dangling = 0;
  return {
    graph,
    node(node) {
      // A spread allocates the object at its final size, properties in the object itself.
      graph.mergeNode(node.id, { ...attributes(node.props), label: node.label });
    },
    relationship(rel) {
      // Both ends were streamed unless one label was filtered out between the two passes.
      const added = graph.addEdgeIfNew(rel.id, rel.from, rel.to, () => ({
        ...attributes(rel.props),
        type: rel.type,
      }));
      if (!added) dangling++;
    },
    relationships(page) {
      // The kept keys' columns, in the page's key order: the attributes object gets the keys in the
      // order the row form gives them (its [key, value] pairs follow the same asked keys).
      const kept: Array<[string, Plain[]]> = [];
      for (let k = 0; k < page.keys.length; k++) {
        if (all || ANALYSIS_ATTRIBUTES.has(page.keys[k]!)) kept.push([page.keys[k]!, page.columns[k]!]);
      }
      const { ids, types, from, to } = page;
      for (let i = 0; i < ids.length; i++) {
        const added = graph.addEdgeIfNew(ids[i]!, from[i]!, to[i]!, () => {
          const props: Record<string, PropValue> = {};
          for (const [key, column] of kept) {
            const value = column[i]!;
            if (value !== null) props[key] = (all ? value : intern(value)) as PropValue;
          }
          return { ...props, type: types[i]! };
        });
        if (!added) dangling++;
      }
    },
    dangling: () => dangling,
    finish() {
      table.clear();
      graph.releaseEdgeKeys();
      return graph;
    },
  };
}
