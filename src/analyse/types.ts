/**
 * Shapes shared by the analysis modules. The heterogeneous graph is the store's subgraph as it is:
 * a multi, directed graph (record-graph.ts: graphology's API without its per-edge objects) keyed
 * by node `id` (attributes: label + properties) and by a relationship id
 * (attributes: type + properties, including provenance `extract` and `row`). Indicators run on it;
 * the entity graph (project.ts) is derived from it for community detection.
 */
import type { UndirectedGraph } from 'graphology';
import type { IndicatorMatch } from '../model/analysis-contract.ts';
import type { EntityLabel } from '../model/labels.ts';
import type { RelationshipType } from '../model/relationships.ts';
import type { IndicatorCategory } from '../model/roles.ts';
import type { RecordGraph } from './record-graph.ts';

export type PropValue = string | number | boolean | null | PropValue[];

export interface HNodeAttributes {
  label: EntityLabel;
  [prop: string]: PropValue | undefined;
}

export interface HEdgeAttributes {
  type: RelationshipType;
  [prop: string]: PropValue | undefined;
}

/** The heterogeneous graph: nodes keyed by model id, edges keyed by relationship id. */
export type HGraph = RecordGraph;

/** Why two entities are linked in the entity graph: one entry per kind of evidence. */
export type LinkKind =
  | 'money'
  | 'call'
  | 'shared-phone'
  | 'shared-email'
  | 'shared-address'
  | 'shared-account'
  | 'shared-document'
  | 'held-document'
  | 'employment'
  | 'directorship'
  | 'ownership'
  | 'family'
  | 'same-as'
  | 'claim-payee'
  | 'travel-payer'
  | 'shared-vehicle'
  | 'shared-item'
  /** A link a model extension declares (`ext:<label or type>`, docs/model.md). */
  | `ext:${string}`;

export interface EEdgeAttributes {
  weight: number;
  /** Weight contributed by each kind of link (sums to `weight` before hub damping). */
  kinds: Partial<Record<LinkKind, number>>;
}

export interface ENodeAttributes {
  label: EntityLabel;
  name?: string;
}

/** The weighted, undirected entity graph handed to community detection. */
export type EGraph = UndirectedGraph<ENodeAttributes, EEdgeAttributes>;

/** One match of one indicator: declared once, in the stored-result contract (model/). */
export type { IndicatorMatch } from '../model/analysis-contract.ts';

export interface IndicatorDefinition<P extends object = Record<string, unknown>> {
  id: string;
  version: number;
  category: IndicatorCategory;
  /** `control`: someone directs or skims; `context`: circumstances that also fit innocent lives. */
  kind: 'control' | 'context';
  title: string;
  source: string;
  weight: number;
  defaults: P;
  match(graph: HGraph, params?: Partial<P>): IndicatorMatch[];
}
