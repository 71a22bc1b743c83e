/**
 * Relationship types of the canonical model with the labels they may join. Like labels, types
 * reach Cypher text only from this allow-list.
 */
import type { EntityLabel } from './labels.ts';

export interface RelationshipSpec {
  from: readonly EntityLabel[];
  to: readonly EntityLabel[];
  /**
   * Events (a payment, a call) are distinct facts even between the same endpoints, so each input
   * row makes its own relationship; structural links (holds, employs) are one fact however often
   * they are mentioned, so repeated mentions merge into one relationship.
   */
  event: boolean;
}

export const RELATIONSHIPS = {
  HOLDS: { from: ['Person', 'Organisation'], to: ['Account'], event: false },
  PAID: { from: ['Account'], to: ['Account'], event: true },
  CASH: { from: ['Account'], to: ['Location'], event: true },
  EMPLOYS: { from: ['Organisation'], to: ['Person'], event: false },
  DIRECTS: { from: ['Person'], to: ['Organisation'], event: false },
  OWNS: { from: ['Person', 'Organisation'], to: ['Organisation'], event: false },
  HAS_PHONE: { from: ['Person', 'Organisation'], to: ['Phone'], event: false },
  HAS_EMAIL: { from: ['Person', 'Organisation'], to: ['Email'], event: false },
  REGISTERED_AT: { from: ['Person', 'Organisation'], to: ['Address'], event: false },
  HAS_DOCUMENT: { from: ['Person'], to: ['IdentityDocument'], event: false },
  HELD_DOCUMENT: { from: ['Person'], to: ['IdentityDocument'], event: false },
  CALLED: { from: ['Phone'], to: ['Phone'], event: true },
  CLAIMS: { from: ['Person'], to: ['BenefitClaim'], event: false },
  PAID_INTO: { from: ['BenefitClaim'], to: ['Account'], event: false },
  AT_ADDRESS: { from: ['BenefitClaim'], to: ['Address'], event: false },
  TOOK: { from: ['Person'], to: ['Journey'], event: false },
  ON: { from: ['Journey'], to: ['Route'], event: false },
  PAID_FOR: { from: ['Account', 'Person'], to: ['Journey'], event: false },
  FROM: { from: ['Route'], to: ['Location'], event: false },
  TO: { from: ['Route'], to: ['Location'], event: false },
  VIA: { from: ['Route'], to: ['Location'], event: false },
  LOCATED_IN: { from: ['Address'], to: ['Location'], event: false },
  RELATED_TO: { from: ['Person'], to: ['Person'], event: false },
  INVOLVED_IN: { from: ['Person', 'Organisation'], to: ['Case'], event: false },
  POSSIBLY_SAME_AS: { from: ['Person'], to: ['Person'], event: false },
  SAME_AS: { from: ['Person'], to: ['Person'], event: false },
  NOT_SAME_AS: { from: ['Person'], to: ['Person'], event: false },
} as const satisfies Record<string, RelationshipSpec>;

export type RelationshipType = keyof typeof RELATIONSHIPS;
export const RELATIONSHIP_TYPES = Object.keys(RELATIONSHIPS) as RelationshipType[];

/** Relationships Skein writes for provenance and analysis results. */
export const SYSTEM_RELATIONSHIPS = ['MENTIONS', 'FOUND', 'HAS_MEMBER', 'MATCHED', 'ANNOTATES'] as const;

export function isRelationshipType(value: string): value is RelationshipType {
  return Object.hasOwn(RELATIONSHIPS, value);
}

export function assertRelationshipType(value: string): RelationshipType {
  if (!isRelationshipType(value)) {
    throw new Error(
      `model/relationships: "${value}" is not a relationship type of the model; use one of ${RELATIONSHIP_TYPES.join(', ')}`,
    );
  }
  return value;
}
