/**
 * The core of Skein's model: the node labels and relationship types every installation has, typed
 * at compile time. A declared extension (model/extension.ts) adds more at start-up; labels.ts and
 * relationships.ts answer for both. Kept free of imports so the extension module can check against
 * the core without an import cycle.
 */

export const CORE_ENTITY_LABELS = [
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
  // What police exports hold besides people and money: cars and their plates, seized objects
  // (handsets by IMEI, cash, weapons, drugs), offences that occurred at a place, and
  // suspicious-activity reports with the capacity of each party.
  'Vehicle',
  'Item',
  'Offence',
  'Report',
] as const;

/** Labels Skein writes for its own bookkeeping, never loaded from an extract. */
export const SYSTEM_LABELS = [
  'Extract',
  'AnalysisRun',
  'Network',
  'IndicatorMatch',
  'Annotation',
  'SchemaMigration',
  'ResolutionRun',
  'Judgement',
  // One per scope with a running resolution run (store/write-resolution.ts): two cannot both start.
  'RunLock',
] as const;

export type CoreEntityLabel = (typeof CORE_ENTITY_LABELS)[number];
export type SystemLabel = (typeof SYSTEM_LABELS)[number];

export interface CoreRelationshipSpec {
  from: readonly CoreEntityLabel[];
  to: readonly CoreEntityLabel[];
  /**
   * Events (a payment, a call) are distinct facts even between the same endpoints, so each input
   * row makes its own relationship; structural links (holds, employs) are one fact however often
   * they are mentioned, so repeated mentions merge into one relationship.
   */
  event: boolean;
  /**
   * For structural links: the property whose value tells different facts between the same pair
   * apart (family, knows, lives with are three RELATED_TO facts, not one). The link then merges on
   * its endpoints and this value, so each kind keeps its own properties and provenance.
   */
  distinct?: string;
}

/** Reported parties and offences take the roles and capacities below (validated at load). */
export const CORE_RELATIONSHIPS = {
  HOLDS: { from: ['Person', 'Organisation'], to: ['Account'], event: false },
  PAID: { from: ['Account'], to: ['Account'], event: true },
  CASH: { from: ['Account'], to: ['Location'], event: true },
  EMPLOYS: { from: ['Organisation'], to: ['Person'], event: false },
  DIRECTS: { from: ['Person'], to: ['Organisation'], event: false },
  OWNS: { from: ['Person', 'Organisation'], to: ['Organisation', 'Vehicle', 'Item'], event: false },
  USES: { from: ['Person', 'Organisation'], to: ['Vehicle', 'Item'], event: false },
  HAS_PHONE: { from: ['Person', 'Organisation', 'Item'], to: ['Phone'], event: false },
  HAS_EMAIL: { from: ['Person', 'Organisation'], to: ['Email'], event: false },
  REGISTERED_AT: { from: ['Person', 'Organisation', 'Vehicle'], to: ['Address'], event: false },
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
  WITHIN: { from: ['Location'], to: ['Location'], event: false },
  RELATED_TO: { from: ['Person'], to: ['Person'], event: false, distinct: 'kind' },
  INVOLVED_IN: {
    from: ['Person', 'Organisation', 'Vehicle', 'Item'],
    to: ['Case', 'Offence'],
    event: false,
  },
  OCCURRED_AT: { from: ['Offence'], to: ['Location', 'Address'], event: false },
  SEIZED_FROM: {
    from: ['Item', 'Vehicle'],
    to: ['Person', 'Organisation', 'Address', 'Location'],
    event: false,
  },
  PARTY_TO: {
    from: ['Person', 'Organisation', 'Account'],
    to: ['Report'],
    event: false,
    distinct: 'capacity',
  },
  // Entity resolution's answers (model/resolution-contract.ts): written by resolution runs and
  // investigators' judgements, never loaded from an extract.
  POSSIBLY_SAME_AS: { from: ['Person', 'Organisation'], to: ['Person', 'Organisation'], event: false },
  SAME_AS: { from: ['Person', 'Organisation'], to: ['Person', 'Organisation'], event: false },
  NOT_SAME_AS: { from: ['Person', 'Organisation'], to: ['Person', 'Organisation'], event: false },
} as const satisfies Record<string, CoreRelationshipSpec>;

export type CoreRelationshipType = keyof typeof CORE_RELATIONSHIPS;

/** Relationships Skein writes for provenance and analysis results. */
export const SYSTEM_RELATIONSHIPS = ['MENTIONS', 'FOUND', 'HAS_MEMBER', 'MATCHED', 'ANNOTATES'] as const;

/** Id prefixes of the core labels (model/ids.ts); an extension declares its own. */
export const CORE_ID_PREFIX: Record<CoreEntityLabel | 'Extract', string> = {
  Person: 'person',
  Organisation: 'org',
  Account: 'account',
  Phone: 'phone',
  Email: 'email',
  Address: 'address',
  IdentityDocument: 'doc',
  Location: 'location',
  Route: 'route',
  Journey: 'journey',
  BenefitClaim: 'claim',
  Case: 'case',
  Vehicle: 'vehicle',
  Item: 'item',
  Offence: 'offence',
  Report: 'report',
  Extract: 'extract',
};

/** The kinds of seized object an Item records (`kind`); anything else is `other` with a description. */
export const ITEM_KINDS = ['handset', 'sim', 'cash', 'weapon', 'drugs', 'document', 'other'] as const;

/** The capacity in which a party appears in a report (PARTY_TO {capacity}). */
export const REPORT_CAPACITIES = ['reporting', 'subject', 'counterparty', 'beneficiary', 'other'] as const;
