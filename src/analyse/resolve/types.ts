/**
 * What entity resolution reads and says. A record is one node as a source keyed it (a Person of one
 * bank, an Organisation of one register); resolution proposes which records are one human or one
 * company, and says why.
 */

export type RecordKind = 'Person' | 'Organisation';

/**
 * Identifier kinds. `document`, `tax`, `insurance` and `registration` identify one person or company
 * (a rule may join on them); `phone`, `email`, `account` and `address` are shared by households,
 * by a controller and the people they hold, so they are evidence, never proof.
 */
export const UNIQUE_IDENTIFIER_KINDS = ['document', 'tax', 'insurance', 'registration'] as const;
export const SHARED_IDENTIFIER_KINDS = ['phone', 'email', 'account', 'address'] as const;
export type IdentifierKind =
  | (typeof UNIQUE_IDENTIFIER_KINDS)[number]
  | (typeof SHARED_IDENTIFIER_KINDS)[number];

export interface Identifier {
  kind: IdentifierKind;
  /**
   * The value, normalised by the loader. For `document` and `registration`: "<type>|<country>|<number>"
   * so that the same number issued by two countries stays two identifiers; a conflict is the same
   * type and country with another number.
   */
  value: string;
}

export interface ResolutionRecord {
  id: string;
  kind: RecordKind;
  /** The source that keyed the record; records one source keeps apart are still candidates. */
  source: string;
  /** Every spelling the record carries (display names, aliases, each source's spelling). */
  names: string[];
  /** ISO date or partial date ("1969-12", "1969"). */
  birthDate?: string;
  nationality?: string;
  identifiers: Identifier[];
  /**
   * Home addresses as the source wrote them, compared by parts (src/analyse/resolve/addresses.ts).
   * An `address` identifier whose value is the `id` of one of these is the same address, not a second.
   */
  addresses?: RecordAddress[];
  /**
   * Entity ids of the record's neighbours, as the viewer may read them: the phones its phones
   * called or were called by (`phone:…`), the accounts its accounts paid or were paid by
   * (`account:…`), the organisations that employ it (`organisation:…`). Two records of one human
   * share some of it; namesakes only by chance (context.ts).
   */
  context?: string[];
}

export interface RecordAddress {
  /** The stored Address node, when the address came from the graph. */
  id?: string;
  line: string;
  postcode?: string;
  town?: string;
  country?: string;
}

/** Why a record was left out of resolution: counted and reported, never a crash. */
export interface SkippedRecord {
  id: string;
  reason: string;
}
