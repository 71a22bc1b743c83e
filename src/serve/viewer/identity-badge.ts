/**
 * The page's identity badge (issue #13): a person or organisation whose records the viewer may
 * know to be one (exports carry `identity` and `identityRecords`, store/read/subgraph.ts) shows how
 * many records it has, on its node's label and in the details panel. Pure: no DOM.
 */
import type { ExportNode } from '../../export/types.ts';

export interface IdentityBadge {
  id: string;
  /** Every record of the identity, this one included. */
  records: string[];
}

/** The node's identity, or null when the record is alone. */
export function identityOf(node: ExportNode): IdentityBadge | null {
  const id = node.props.identity;
  const records = node.props.identityRecords;
  if (typeof id !== 'string' || !Array.isArray(records) || records.length < 2) return null;
  return { id, records: records.map(String) };
}

/** The label drawn on the graph: the name, and `⧉ N` for a record of an identity of N records. */
export function labelWithBadge(node: ExportNode): string {
  const identity = identityOf(node);
  return identity ? `${node.name} ⧉${identity.records.length}` : node.name;
}

/**
 * "Merge identities": each record in view → the record that stands for its identity (the
 * smallest id of that identity among the records in view; itself when alone), so the drawing
 * shows one node per identity and moves every link of the others onto it.
 */
export function representatives(nodes: Iterable<ExportNode>): Map<string, string> {
  const inView = new Map<string, ExportNode>();
  for (const node of nodes) inView.set(node.id, node);
  const out = new Map<string, string>();
  for (const node of inView.values()) {
    const identity = identityOf(node);
    const present = identity ? identity.records.filter((r) => inView.has(r)).sort() : [];
    out.set(node.id, present[0] ?? node.id);
  }
  return out;
}
