/**
 * The node labels of Skein's model: the core (model/core.ts, typed) and those a declared extension
 * adds (model/extension.ts). Cypher may only ever receive a label that is in one of these lists:
 * labels cannot be query parameters, so the allow-list is what keeps user input out of query text.
 */
import { CORE_ENTITY_LABELS, type CoreEntityLabel, SYSTEM_LABELS, type SystemLabel } from './core.ts';
import { currentExtension } from './extension.ts';

export { CORE_ENTITY_LABELS, type CoreEntityLabel, SYSTEM_LABELS, type SystemLabel } from './core.ts';

/** The core entity labels (the GraphQL EntityType enum); entityLabels() adds the extension's. */
export const ENTITY_LABELS = CORE_ENTITY_LABELS;

/** A label declared by the installed extension; only isEntityLabel and assertNodeLabel make one. */
export type ExtensionLabel = string & { readonly __modelExtension: 'label' };

export type EntityLabel = CoreEntityLabel | ExtensionLabel;
export type NodeLabel = EntityLabel | SystemLabel;

/** The core node labels, entity and system (what the schema migrations constrain). */
export const NODE_LABELS: readonly (CoreEntityLabel | SystemLabel)[] = [
  ...CORE_ENTITY_LABELS,
  ...SYSTEM_LABELS,
];

export function isCoreEntityLabel(value: string): value is CoreEntityLabel {
  return (CORE_ENTITY_LABELS as readonly string[]).includes(value);
}

export function isExtensionLabel(value: string): value is ExtensionLabel {
  return currentExtension().labels.some((label) => label.name === value);
}

/** Every entity label in force: the core's, then the extension's in declaration order. */
export function entityLabels(): readonly EntityLabel[] {
  return [...CORE_ENTITY_LABELS, ...extensionLabels()];
}

/** The labels the installed extension declares. */
export function extensionLabels(): readonly ExtensionLabel[] {
  return currentExtension().labels.map((label) => label.name as ExtensionLabel);
}

export function isEntityLabel(value: string): value is EntityLabel {
  return isCoreEntityLabel(value) || isExtensionLabel(value);
}

export function isNodeLabel(value: string): value is NodeLabel {
  return isEntityLabel(value) || (SYSTEM_LABELS as readonly string[]).includes(value);
}

/** Returns the label unchanged, or throws: the only way a label reaches Cypher text. */
export function assertNodeLabel(value: string): NodeLabel {
  if (!isNodeLabel(value)) {
    throw new Error(
      `model/labels: "${value}" is not a node label of the model; use one of ${[...entityLabels(), ...SYSTEM_LABELS].join(', ')} ` +
        '(or declare it in the model extension, docs/model.md)',
    );
  }
  return value;
}
