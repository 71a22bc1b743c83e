/**
 * Prepares records once, before any pair is compared: every comparison then reads precomputed name
 * forms, a parsed date and identifier sets. Records that cannot be compared (no usable name) are
 * returned as skipped with the reason, and an impossible date is dropped with a note, not the record.
 */
import { addressKey, type ParsedAddress, parseAddress } from './addresses.ts';
import { type ContextOptions, prepareContext } from './context.ts';
import { type PartialDate, parsePartialDate } from './dates.ts';
import { addIdentifier, type IdentifierList, NO_IDENTIFIERS } from './identifiers.ts';
import { type NameForms, NameFormsCache, nameForms, stampNameId } from './names.ts';
import { stripLegalForm } from './organisations.ts';
import {
  type RecordKind,
  type ResolutionRecord,
  SHARED_IDENTIFIER_KINDS,
  type SkippedRecord,
  UNIQUE_IDENTIFIER_KINDS,
} from './types.ts';

export interface PreparedRecord {
  index: number;
  id: string;
  kind: RecordKind;
  source: string;
  forms: NameForms;
  /** Token lists of each spelling's key, for token-level comparison. */
  spellings: string[][];
  legalForms: string[];
  /** Skeletons of given names, when a spelling said which part is which ("FAMILY, Given"). */
  givenNames: string[];
  birth: PartialDate | undefined;
  nationality: string | undefined;
  /**
   * kind, value, kind, value… (identifiers.ts); "document" and "registration" values keep their type
   * and country prefix. The `address` kind holds door keys (street and number) and stored Address ids,
   * for blocking only: addresses are compared by `addresses`.
   */
  identifiers: IdentifierList;
  addresses: ParsedAddress[];
  /**
   * Context (context.ts) as sorted integer ids, split by how many records of the set name the item:
   * `contextRare` (a private contact, a small employer) and `contextCommon` (a supermarket, a big
   * employer); `contextKinds` a bit per kind held (phone, account, organisation), 0 without context.
   */
  contextRare: Int32Array;
  contextCommon: Int32Array;
  contextKinds: number;
}

export interface PreparedSet {
  records: PreparedRecord[];
  skipped: SkippedRecord[];
  /** Records kept whose birth date was impossible or unreadable (the date was ignored). */
  badDates: SkippedRecord[];
}

export function prepareRecords(
  records: readonly ResolutionRecord[],
  now = new Date(),
  contextOptions: Partial<ContextOptions> = {},
): PreparedSet {
  const preparer = new RecordPreparer(now);
  preparer.add(records);
  return preparer.finish(contextOptions);
}

/**
 * Prepares records as they come, page by page (prepareRecords's answer for the pages in order): a
 * shard thread prepares each page of records on arrival and never holds the raw records of a whole
 * run (a gigabyte and more at a million records) beside the prepared ones. `finish` ranks the context,
 * which needs every record, and ends it.
 */
export class RecordPreparer {
  private readonly prepared: PreparedRecord[] = [];
  private readonly skipped: SkippedRecord[] = [];
  private readonly badDates: SkippedRecord[] = [];
  // The caches of a run's preparing, let go by finish (the preparer may outlive it: a sharded run's
  // coordinator keeps it to the end, and they are half a gigabyte at a million records).
  private cache = new NameFormsCache();
  private shared = new SharedForms();
  private addressCache = new AddressCache();
  /** Birth dates parsed per distinct text (null: impossible or unreadable), one object per date. */
  private dates = new Map<string, PartialDate | null>();
  /** Each kept record's raw context, by prepared index, ranked once every record is read. */
  private readonly contexts: (readonly string[] | undefined)[] = [];
  /** Records added, kept or not. */
  input = 0;
  private finished = false;

  constructor(
    private readonly now = new Date(),
    /**
     * False: the raw context is not kept and not ranked (records keep none until adoptContext
     * gives them another thread's, context.ts): a sharded run's workers are handed the coordinator's.
     */
    private readonly rankContext = true,
  ) {}

  add(records: readonly ResolutionRecord[]): void {
    if (this.finished)
      throw new Error('analyse/resolve/prepare: records added after finish; start another RecordPreparer');
    const { prepared, skipped, badDates, cache, shared, contexts, now, addressCache, dates } = this;
    this.input += records.length;
    for (const record of records) {
      // A name needs a letter in some script: "12345" in a name column is an id, not a name.
      let names = record.names.filter((name) => typeof name === 'string' && /\p{L}/u.test(name));
      const legalForms: string[] = [];
      if (record.kind === 'Organisation') {
        names = names.map((name) => {
          const stripped = stripLegalForm(name);
          if (stripped.form) legalForms.push(stripped.form);
          return stripped.name;
        });
      }
      const { forms, spellings } = shared.ofNames(names, cache);
      if (forms.keys.length === 0) {
        skipped.push({ id: record.id, reason: 'no name with letters in any script' });
        continue;
      }
      let birth: PartialDate | undefined;
      if (record.birthDate !== undefined && record.birthDate !== '') {
        let parsed = dates.get(record.birthDate);
        if (parsed === undefined) {
          parsed = parsePartialDate(record.birthDate, now) ?? null;
          dates.set(record.birthDate, parsed);
        }
        birth = parsed ?? undefined;
        if (birth === undefined) {
          badDates.push({
            id: record.id,
            reason: `birth date "${record.birthDate}" is impossible or unreadable`,
          });
        }
      }
      const identifiers: string[] = [];
      for (const identifier of record.identifiers) {
        if (identifier.value === '') continue;
        addIdentifier(identifiers, KIND_NAMES.get(identifier.kind) ?? identifier.kind, identifier.value);
      }
      const addresses = prepareAddresses(record, identifiers, addressCache);
      const givenNames = new Set<string>();
      for (const name of names) {
        const parts = name.split(',');
        if (parts.length !== 2 || record.kind !== 'Person') continue;
        for (const token of nameForms([parts[1]!], cache).skeletons) givenNames.add(token);
      }
      prepared.push({
        index: prepared.length,
        id: record.id,
        kind: record.kind,
        source: record.source,
        forms,
        spellings,
        legalForms: legalForms.length === 0 ? NO_STRINGS : [...new Set(legalForms)].sort(),
        givenNames: givenNames.size === 0 ? NO_STRINGS : [...givenNames].sort(),
        birth,
        nationality: record.nationality?.toUpperCase() || undefined,
        // A copy of exact length: the list grew by push, whose spare capacity (17 slots and more) it would keep.
        identifiers: identifiers.length === 0 ? NO_IDENTIFIERS : identifiers.slice(),
        addresses,
        contextRare: NO_CONTEXT,
        contextCommon: NO_CONTEXT,
        contextKinds: 0,
      });
      if (this.rankContext) contexts.push(record.context);
    }
  }

  finish(contextOptions: Partial<ContextOptions> = {}): PreparedSet {
    this.finished = true;
    this.cache = new NameFormsCache();
    this.shared = new SharedForms();
    this.addressCache = new AddressCache();
    this.dates = new Map();
    if (this.rankContext) prepareContext(this.prepared, this.contexts, contextOptions);
    // The raw context lists are ranked: not needed again.
    this.contexts.length = 0;
    return { records: this.prepared, skipped: this.skipped, badDates: this.badDates };
  }
}

const NO_CONTEXT = new Int32Array(0);

/**
 * One object per distinct set of name forms, shared by the records that write a name alike (a
 * person's records of several sources, a firm's): name forms are the largest part of a prepared
 * record, and half of a generated world's records repeat another's. Read-only after preparing.
 */
class SharedForms {
  private readonly byContent = new Map<string, { forms: NameForms; spellings: string[][] }>();
  /**
   * The shared forms per list of names as written: records repeat their names (a person in several
   * sources, a common name), and nameForms builds six sets and sorts them before the content says
   * they are forms seen before. Keyed by the names joined with U+0000 (one name: itself); a name that
   * holds U+0000 is not memoised, so that no two lists share a key.
   */
  private readonly byNames = new Map<string, { forms: NameForms; spellings: string[][] }>();
  ofNames(names: readonly string[], cache: NameFormsCache): { forms: NameForms; spellings: string[][] } {
    if (names.some((name) => name.includes('\u0000'))) return this.of(nameForms(names, cache));
    const key = names.length === 1 ? names[0]! : names.join('\u0000');
    let found = this.byNames.get(key);
    if (!found) {
      found = this.of(nameForms(names, cache));
      this.byNames.set(key, found);
    }
    return found;
  }
  of(forms: NameForms): { forms: NameForms; spellings: string[][] } {
    const content = `${forms.tokens.join(' ')}\u0000${forms.keys.join('\u0001')}\u0000${forms.ordered.join('\u0001')}`;
    let found = this.byContent.get(content);
    if (!found) {
      // Spellings are the keys' tokens: a record's name is all in its forms object, whose id
      // (stampNameId) then stands for both in the comparison's memo.
      stampNameId(forms);
      found = { forms, spellings: forms.keys.map((key) => key.split(' ')) };
      this.byContent.set(content, found);
    }
    return found;
  }
}

/** Each known identifier kind as one string, whatever object the record carried it in. */
const KIND_NAMES = new Map<string, string>(
  [...UNIQUE_IDENTIFIER_KINDS, ...SHARED_IDENTIFIER_KINDS].map((kind) => [kind, kind]),
);

const NO_ADDRESSES: ParsedAddress[] = [];
const NO_STRINGS: string[] = [];

/**
 * Addresses parsed once per distinct input for a preparer's run: a household's records and one
 * person's records of several sources write one home alike, and a parsed address is five strings
 * and an object. Records share the parsed object and its door key (read-only after preparing).
 */
class AddressCache {
  private readonly byInput = new Map<
    string,
    { parsed: ParsedAddress | undefined; key: string | undefined }
  >();
  of(address: RecordAddressInput): { parsed: ParsedAddress | undefined; key: string | undefined } {
    // parseAddress reads the line, and the postcode and town when they are not empty.
    const input = `${address.line}\u0000${address.postcode || ''}\u0000${address.town || ''}`;
    let found = this.byInput.get(input);
    if (!found) {
      const parsed = parseAddress(address);
      found = { parsed, key: parsed ? addressKey(parsed) : undefined };
      this.byInput.set(input, found);
    }
    return found;
  }
}
type RecordAddressInput = NonNullable<ResolutionRecord['addresses']>[number];

/**
 * Parsed addresses of a record: the structured ones, and each `address` identifier that names no
 * structured one (a stored Address known only by its id: compared as equal or not). Door keys join
 * the `address` identifiers, so blocking meets two records written "14 Station Rd" and "14 STATION ROAD".
 */
function prepareAddresses(
  record: ResolutionRecord,
  identifiers: string[],
  cache: AddressCache,
): ParsedAddress[] {
  const parsed: ParsedAddress[] = [];
  const keys: (string | undefined)[] = [];
  const known = new Set<string>();
  for (const address of record.addresses ?? []) {
    if (typeof address?.line !== 'string') continue;
    if (address.id) known.add(address.id);
    const one = cache.of(address);
    if (one.parsed) {
      parsed.push(one.parsed);
      keys.push(one.key);
    }
  }
  for (let i = 0; i < identifiers.length; i += 2) {
    if (identifiers[i] !== 'address') continue;
    const value = identifiers[i + 1]!;
    if (!known.has(value)) {
      parsed.push({ opaque: value });
      keys.push(value);
    }
  }
  for (const key of keys) if (key !== undefined) addIdentifier(identifiers, 'address', key);
  return parsed.length === 0 ? NO_ADDRESSES : parsed;
}
