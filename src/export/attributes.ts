/**
 * Flat attribute records for the graph formats (GEXF, GraphML): scalars only, the same names in
 * both, provenance in its own attributes so Gephi or yEd can filter and colour by source.
 */
import {
  cellText,
  type ExportEdge,
  type ExportNode,
  edgeProvenanceText,
  nodeProvenanceText,
  type Value,
} from './types.ts';

export type Scalar = string | number | boolean;

function scalar(value: Value | undefined): Scalar | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return cellText(value);
}

/** Node attributes; entity properties are prefixed `p_` so they never shadow the fixed ones. */
export function nodeAttributes(node: ExportNode): Record<string, Scalar> {
  const out: Record<string, Scalar> = {
    type: node.label,
    name: node.name,
    extract_ids: node.provenance.map((p) => p.extractId).join('; '),
    jurisdictions: [...new Set(node.provenance.map((p) => p.jurisdiction ?? ''))].sort().join('; '),
    sha256: node.provenance.map((p) => p.sha256).join('; '),
    first_rows: node.provenance.map((p) => p.firstRow).join('; '),
    provenance: nodeProvenanceText(node.provenance),
  };
  for (const [key, value] of Object.entries(node.props)) {
    const v = scalar(value);
    if (v !== undefined) out[`p_${key}`] = v;
  }
  return out;
}

export function edgeAttributes(edge: ExportEdge): Record<string, Scalar> {
  const out: Record<string, Scalar> = {
    type: edge.type,
    extract_id: edge.provenance?.extractId ?? '',
    row: edge.provenance?.row ?? -1,
    provenance: edgeProvenanceText(edge.provenance),
  };
  for (const [key, value] of Object.entries(edge.props)) {
    const v = scalar(value);
    if (v !== undefined) out[`p_${key}`] = v;
  }
  return out;
}

/** Weight for layouts in Gephi: money for payments, seconds for calls, else 1. */
export function edgeWeight(edge: ExportEdge): number {
  if (typeof edge.props.amount === 'number' && edge.props.amount > 0) return edge.props.amount;
  if (typeof edge.props.seconds === 'number' && edge.props.seconds > 0) return edge.props.seconds;
  return 1;
}
