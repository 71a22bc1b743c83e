/**
 * Relationship types of the model with the labels they may join: the core (model/core.ts) and
 * those a declared extension adds. Like labels, types reach Cypher text only from this allow-list.
 */
import { CORE_RELATIONSHIPS, type CoreRelationshipType } from './core.ts';
import { currentExtension } from './extension.ts';
import type { EntityLabel } from './labels.ts';

export { CORE_RELATIONSHIPS, type CoreRelationshipType, SYSTEM_RELATIONSHIPS } from './core.ts';

export interface RelationshipSpec {
  from: readonly EntityLabel[];
  to: readonly EntityLabel[];
  /**
   * Events (a payment, a call) are distinct facts even between the same endpoints, so each input
   * row makes its own relationship; structural links (holds, employs) are one fact however often
   * they are mentioned, so repeated mentions merge into one relationship.
   */
  event: boolean;
  /** Structural links: the property that tells facts between one pair apart (see core.ts). */
  distinct?: string;
}

/** The core relationships (typed): kept under this name for code that reads a core type's spec. */
export const RELATIONSHIPS = CORE_RELATIONSHIPS;

/** A type declared by the installed extension; only isRelationshipType and assert make one. */
export type ExtensionRelationshipType = string & { readonly __modelExtension: 'type' };
export type RelationshipType = CoreRelationshipType | ExtensionRelationshipType;

/** The core types (the GraphQL RelationshipType enum); relationshipTypes() adds the extension's. */
export const RELATIONSHIP_TYPES = Object.keys(CORE_RELATIONSHIPS) as CoreRelationshipType[];

export function isCoreRelationshipType(value: string): value is CoreRelationshipType {
  return Object.hasOwn(CORE_RELATIONSHIPS, value);
}

export function isExtensionRelationshipType(value: string): value is ExtensionRelationshipType {
  return currentExtension().relationships.some((spec) => spec.name === value);
}

export function isRelationshipType(value: string): value is RelationshipType {
  return isCoreRelationshipType(value) || isExtensionRelationshipType(value);
}

/** The types the installed extension declares. */
export function extensionRelationshipTypes(): ExtensionRelationshipType[] {
  return currentExtension().relationships.map((spec) => spec.name as ExtensionRelationshipType);
}

/** Every relationship type in force: the core's, then the extension's. */
export function relationshipTypes(): RelationshipType[] {
  return [...RELATIONSHIP_TYPES, ...extensionRelationshipTypes()];
}

/** The spec of a type of the model (core or extension); throws for anything else. */
export function relationshipSpec(type: string): RelationshipSpec {
  if (isCoreRelationshipType(type)) return CORE_RELATIONSHIPS[type] as RelationshipSpec;
  const declared = currentExtension().relationships.find((spec) => spec.name === type);
  if (declared === undefined) assertRelationshipType(type);
  return declared as unknown as RelationshipSpec;
}

export function assertRelationshipType(value: string): RelationshipType {
  if (!isRelationshipType(value)) {
    throw new Error(
      `model/relationships: "${value}" is not a relationship type of the model; use one of ${relationshipTypes().join(', ')} ` +
        '(or declare it in the model extension, docs/model.md)',
    );
  }
  return value;
}

/**
 * What makes a structural link one fact between its endpoints: the value of the type's `distinct`
 * property ('' when the row gives none or the type has no such property). Stored on the link as
 * `factKey` and part of its merge key, so family and knows between one pair stay two facts.
 */
export function factKeyOf(type: RelationshipType, props: Record<string, unknown>): string {
  const distinct = relationshipSpec(type).distinct;
  if (distinct === undefined) return '';
  const value = props[distinct];
  return value === undefined || value === null ? '' : String(value);
}
