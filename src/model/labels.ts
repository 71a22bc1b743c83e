/**
 * The node labels of Skein's canonical model (README "Data model"). Cypher may only ever receive a
 * label that is in one of these lists: labels cannot be query parameters, so the allow-list is what
 * keeps user input out of query text.
 */
export const ENTITY_LABELS = [
  'Person',
  'Organisation',
  'Account',
  'Phone',
  'Email',
  'Address',
  'IdentityDocument',
  'Location',
  'Route',
  'Journey',
  'BenefitClaim',
  'Case',
] as const;

/** Labels Skein writes for its own bookkeeping, never loaded from an extract. */
export const SYSTEM_LABELS = [
  'Extract',
  'AnalysisRun',
  'Network',
  'IndicatorMatch',
  'Annotation',
  'SchemaMigration',
] as const;

export type EntityLabel = (typeof ENTITY_LABELS)[number];
export type SystemLabel = (typeof SYSTEM_LABELS)[number];
export type NodeLabel = EntityLabel | SystemLabel;

export const NODE_LABELS: readonly NodeLabel[] = [...ENTITY_LABELS, ...SYSTEM_LABELS];

export function isEntityLabel(value: string): value is EntityLabel {
  return (ENTITY_LABELS as readonly string[]).includes(value);
}

export function isNodeLabel(value: string): value is NodeLabel {
  return (NODE_LABELS as readonly string[]).includes(value);
}

/** Returns the label unchanged, or throws: the only way a label reaches Cypher text. */
export function assertNodeLabel(value: string): NodeLabel {
  if (!isNodeLabel(value)) {
    throw new Error(
      `model/labels: "${value}" is not a node label of the model; use one of ${NODE_LABELS.join(', ')}`,
    );
  }
  return value;
}
