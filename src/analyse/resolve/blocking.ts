/**
 * Blocking: which pairs of records are worth comparing. Comparing every pair of a million records is
 * half a trillion comparisons; records are compared only when they share a block key — a shared
 * identifier, the same name in any spelling, a pair of name tokens within one birth year, a pair of
 * phonetic codes within one birth month, one word's sound and the birthday, an initial and a name
 * token within one birth year.
 *
 * Keys are hashed to 32 bits and radix-sorted with their record, so memory is a few typed arrays
 * (no map of strings, no set of pairs): a hash collision only adds candidates, which are then
 * compared and rejected. Blocks larger than their limit (a hub phone, the commonest surname) are
 * skipped and counted: they identify no one.
 */
import type { PreparedRecord } from './prepare.ts';

export const BLOCK_KINDS = ['identifier', 'nameKey', 'nameTokens', 'phonetic', 'initials'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const BLOCKING_DEFAULTS = {
  /** Records sharing one name-derived key beyond this many are too common a name to block on. */
  maxBlockSize: 200,
  /** A phone or account shared by more records than this is a hub (an agency, a controller's line). */
  maxIdentifierBlock: 50,
  /**
   * An address (door or stored Address) shared by more records than this is a hostel, a crowded
   * house or an agency's mailbox: a household is a few people, and beyond that the door says nothing
   * about who is who while it made most of the 1M-record run's candidates (docs/resolution.md, Speed).
   */
  maxAddressBlock: 12,
  /** Tokens of one spelling used for token-pair keys (the longest kept): bounds keys per record. */
  maxTokensPerSpelling: 5,
};
export type BlockingOptions = typeof BLOCKING_DEFAULTS;

export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function yearOf(record: PreparedRecord): string {
  return record.birth ? String(record.birth.year) : '-';
}

/**
 * Keys that only help when one of the two records is of a kind: an initial meets a full name (two
 * full names meet on their tokens), a key without the year helps only when a record has no year
 * (two dated records meet in their year's block), a key of the year alone only when a record has no
 * month, and a key of the month alone only when a record has no day. Pairs where neither record needs the key are skipped, which keeps such broad keys
 * from proposing millions of pairs.
 */
const NEEDS_INITIAL = 1;
const NEEDS_UNDATED = 2;
const NEEDS_MONTHLESS = 4;
const NEEDS_DAYLESS = 8;
/** Not a need: marks an address key, whose block has its own size limit (maxAddressBlock). */
const ADDRESS_KEY = 128;

type AddKey = (kind: BlockKind, key: string, needs?: number) => void;

/** Every block key of one record, with its kind and what it needs (each emitted once). */
export function blockKeys(record: PreparedRecord, options: BlockingOptions): [BlockKind, string, number][] {
  const found = new RecordKeys();
  collectKeys(record, options, found);
  return found.keys.map((key, k) => [BLOCK_KINDS[found.kinds[k]!]!, key, found.needs[k]!]);
}

/**
 * One record's distinct keys in the order found, as three flat lists: a record has a few dozen keys,
 * so a duplicate is found by scanning them (no map of tuples per record: a million records have tens
 * of millions of keys, and those were garbage the collector walked).
 */
class RecordKeys {
  keys: string[] = [];
  kinds: number[] = [];
  needs: number[] = [];
  add(kind: number, key: string, needs: number): void {
    const { keys } = this;
    for (let k = 0; k < keys.length; k++) if (keys[k] === key) return;
    keys.push(key);
    this.kinds.push(kind);
    this.needs.push(needs);
  }
}

const INITIALS = BLOCK_KINDS.indexOf('initials');

function collectKeys(record: PreparedRecord, options: BlockingOptions, found: RecordKeys): void {
  const add: AddKey = (kind, key, needs = 0) => {
    const kindIndex = BLOCK_KINDS.indexOf(kind);
    found.add(
      kindIndex,
      `${record.kind}:${kind}:${key}`,
      needs | (kindIndex === INITIALS ? NEEDS_INITIAL : 0),
    );
  };
  const identifiers = record.identifiers;
  for (let i = 0; i < identifiers.length; i += 2) {
    const kind = identifiers[i]!;
    add('identifier', `${kind}:${identifiers[i + 1]}`, kind === 'address' ? ADDRESS_KEY : 0);
  }
  const year = yearOf(record);
  // Name keys within one birth year (namesakes born in other years conflict on the date anyway),
  // and without the year for pairs where one record has none.
  const withYear = (kind: BlockKind, key: string) => {
    add(kind, `${key}|${year}`);
    if (year !== '-') add(kind, `${key}|-`, NEEDS_UNDATED);
  };
  for (const key of record.forms.keys) withYear('nameKey', key);
  for (const spelling of record.spellings) {
    const tokens = [...new Set(spelling.filter((t) => t.length >= 2))]
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .slice(0, options.maxTokensPerSpelling)
      .sort();
    for (let i = 0; i < tokens.length; i++) {
      // Two tokens are the whole key of a two-word name: that block exists already.
      if (tokens.length > 2 || spelling.length > 2) {
        for (let j = i + 1; j < tokens.length; j++) withYear('nameTokens', `${tokens[i]}|${tokens[j]}`);
      }
    }
    // An initial meets the token it begins in the other record: "j popescu" and "john popescu".
    // Companies are not written with initials.
    for (const token of record.kind === 'Person' ? spelling : []) {
      for (const other of tokens) {
        if (other === token) continue;
        add('initials', `${token[0]}|${other}|${year}`);
        // Without the year too: one record of the pair may have no date. A common name's block
        // then grows past the limit and is skipped; a rare one still meets.
        if (year !== '-') add('initials', `${token[0]}|${other}|-`, NEEDS_UNDATED);
      }
    }
  }
  // One word's sound and the birthday: a married name keeps the given name and the birthday, a name
  // with typos in every other word keeps one word's sound. Selective because the day is in the key;
  // the month alone serves pairs where one record gives no day (a register's "1969-12"). (The word
  // itself adds nothing the sound does not: one word has one sound.)
  const birth = record.birth;
  if (birth?.month !== undefined) {
    const month = `${birth.year}-${birth.month}`;
    for (const code of record.forms.phonetic) {
      add('phonetic', `${code}|${month}`, NEEDS_DAYLESS);
      if (birth.day !== undefined) add('phonetic', `${code}|${month}-${birth.day}`);
    }
  }
  phoneticPairKeys(record, add);
  // A one-word name (a company, a mononym) has no pairs: its sound alone blocks it.
  if (record.forms.phoneticPairs.length === 0)
    for (const code of record.forms.phonetic) add('phonetic', `${code}|-`);
}

/**
 * Pairs of phonetic codes (a typo in either word keeps its sound) within the birth month: within
 * the year, a million records put every common pair of sounds ("JN|SM0") in a block of the size
 * limit, and these blocks proposed 72 % of all candidates. The month is read both ways when the day
 * could be a month (day and month swapped by a clerk); the year alone serves pairs where one record
 * gives no month, no date at all pairs where one gives none.
 */
function phoneticPairKeys(record: PreparedRecord, add: AddKey): void {
  const birth = record.birth;
  for (const pair of record.forms.phoneticPairs) {
    // A key's needs are the key's, whichever record brings it: the record's own traits satisfy them.
    add('phonetic', `${pair}|-`, NEEDS_UNDATED);
    if (birth === undefined) continue;
    add('phonetic', `${pair}|${birth.year}`, NEEDS_MONTHLESS);
    if (birth.month === undefined) continue;
    add('phonetic', `${pair}|${birth.year}-${birth.month}`);
    if (birth.day !== undefined && birth.day <= 12 && birth.day !== birth.month)
      add('phonetic', `${pair}|${birth.year}-${birth.day}`);
  }
}

class Growable {
  hashes = new Uint32Array(1024);
  records = new Int32Array(1024);
  kinds = new Uint8Array(1024);
  needs = new Uint8Array(1024);
  length = 0;
  push(hash: number, record: number, kind: number, needs: number): void {
    if (this.length === this.hashes.length) {
      const size = this.length * 2;
      const hashes = new Uint32Array(size);
      hashes.set(this.hashes);
      const records = new Int32Array(size);
      records.set(this.records);
      const kinds = new Uint8Array(size);
      kinds.set(this.kinds);
      const needs = new Uint8Array(size);
      needs.set(this.needs);
      Object.assign(this, { hashes, records, kinds, needs });
    }
    this.hashes[this.length] = hash;
    this.records[this.length] = record;
    this.kinds[this.length] = kind;
    this.needs[this.length] = needs;
    this.length++;
  }
}

/**
 * Every record's block keys as columns, one entry per key: its hash, record, kind (index into
 * BLOCK_KINDS) and needs. Typed arrays only, so shard threads can each build the entries of a
 * range of records and share them (jobs/resolve-shards.ts) instead of every thread hashing every
 * record's keys: the parts of consecutive ranges joined in range order are the whole's entries.
 */
export interface BlockEntries {
  hashes: Uint32Array;
  records: Int32Array;
  kinds: Uint8Array;
  needs: Uint8Array;
}

/** The block key entries of the records in `range` (all by default), in record order. */
export function blockEntries(
  records: readonly PreparedRecord[],
  options: Partial<BlockingOptions> = {},
  range: readonly [number, number] = [0, records.length],
): BlockEntries {
  const settings = { ...BLOCKING_DEFAULTS, ...options };
  const entries = new Growable();
  for (let r = range[0]; r < Math.min(range[1], records.length); r++) {
    const record = records[r]!;
    const found = new RecordKeys();
    collectKeys(record, settings, found);
    for (let k = 0; k < found.keys.length; k++)
      entries.push(fnv1a(found.keys[k]!), record.index, found.kinds[k]!, found.needs[k]!);
  }
  // Views, not copies: the grown arrays are dropped with them (or transferred whole to another thread).
  const { length } = entries;
  return {
    hashes: entries.hashes.subarray(0, length),
    records: entries.records.subarray(0, length),
    kinds: entries.kinds.subarray(0, length),
    needs: entries.needs.subarray(0, length),
  };
}

/**
 * Parts of block entries joined in order (the parts of consecutive record ranges: the whole's
 * entries). `shared`: on SharedArrayBuffers, for other threads to read without a copy.
 */
export function joinBlockEntries(parts: readonly BlockEntries[], shared = false): BlockEntries {
  const length = parts.reduce((sum, part) => sum + part.hashes.length, 0);
  const memory = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const joined: BlockEntries = {
    hashes: new Uint32Array(memory(4 * length)),
    records: new Int32Array(memory(4 * length)),
    kinds: new Uint8Array(memory(length)),
    needs: new Uint8Array(memory(length)),
  };
  let at = 0;
  for (const part of parts) {
    joined.hashes.set(part.hashes, at);
    joined.records.set(part.records, at);
    joined.kinds.set(part.kinds, at);
    joined.needs.set(part.needs, at);
    at += part.hashes.length;
  }
  return joined;
}

/** Stable LSD radix sort of entry indices by 32-bit hash (two 16-bit passes). */
function sortByHash(hashes: Uint32Array, length: number): Uint32Array {
  let order = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  let next = new Uint32Array(length);
  for (const shift of [0, 16]) {
    const counts = new Uint32Array(65537);
    for (let i = 0; i < length; i++) counts[((hashes[order[i]!]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!;
    for (let i = 0; i < length; i++) {
      const entry = order[i]!;
      next[counts[(hashes[entry]! >>> shift) & 0xffff]!++] = entry;
    }
    [order, next] = [next, order];
  }
  return order;
}

export interface BlockStats {
  /** Pairs each kind of block proposed first (a pair found by two kinds counts for the first). */
  candidatesByKind: Record<BlockKind, number>;
  /** Pairs each kind proposed in all, duplicates included: how much each kind contributes. */
  pairsByKind: Record<BlockKind, number>;
  blocksByKind: Record<BlockKind, number>;
  /** Blocks skipped as too large, and the records they held. */
  oversizedBlocks: Record<BlockKind, number>;
  keys: number;
  candidates: number;
}

const zero = (): Record<BlockKind, number> =>
  Object.fromEntries(BLOCK_KINDS.map((kind) => [kind, 0])) as Record<BlockKind, number>;

/**
 * Calls `visit(i, j, kind)` once for every candidate pair (i < j, record indices), in a deterministic
 * order (by i, then by i's blocks). Returns the counts per block kind. With `range`, only the pairs
 * whose lower record i is in [from, to): a shard of the run (candidate counts are the shard's; keys,
 * blocks and pairs per kind are every shard's).
 */
export function forEachCandidate(
  records: readonly PreparedRecord[],
  visit: (i: number, j: number, kind: BlockKind) => void,
  options: Partial<BlockingOptions> = {},
  range: readonly [number, number] = [0, records.length],
  /** Every record's entries (blockEntries of all records), when built already (by shard threads). */
  entries: BlockEntries = blockEntries(records, options),
): BlockStats {
  const settings = { ...BLOCKING_DEFAULTS, ...options };
  const traits = new Uint8Array(records.length);
  for (const record of records) {
    if (record.forms.tokens.some((token) => token.length === 1)) traits[record.index]! |= NEEDS_INITIAL;
    const birth = record.birth;
    if (birth === undefined) traits[record.index]! |= NEEDS_UNDATED | NEEDS_MONTHLESS | NEEDS_DAYLESS;
    else if (birth.month === undefined) traits[record.index]! |= NEEDS_MONTHLESS | NEEDS_DAYLESS;
    else if (birth.day === undefined) traits[record.index]! |= NEEDS_DAYLESS;
  }
  const order = sortByHash(entries.hashes, entries.hashes.length);
  const stats: BlockStats = {
    candidatesByKind: zero(),
    pairsByKind: zero(),
    blocksByKind: zero(),
    oversizedBlocks: zero(),
    keys: entries.hashes.length,
    candidates: 0,
  };
  // Blocks as runs of one hash; kept blocks recorded per record (CSR) for pair generation.
  const blockStart: number[] = [];
  const blockEnd: number[] = [];
  const blockKind: number[] = [];
  const blockNeeds: number[] = [];
  const perRecord = new Uint32Array(records.length + 1);
  for (let start = 0; start < order.length; ) {
    const hash = entries.hashes[order[start]!]!;
    let end = start + 1;
    while (end < order.length && entries.hashes[order[end]!] === hash) end++;
    const size = end - start;
    const kindIndex = entries.kinds[order[start]!]!;
    const kind = BLOCK_KINDS[kindIndex]!;
    const marks = entries.needs[order[start]!]!;
    const limit =
      marks & ADDRESS_KEY
        ? settings.maxAddressBlock
        : kind === 'identifier'
          ? settings.maxIdentifierBlock
          : settings.maxBlockSize;
    if (size > limit) stats.oversizedBlocks[kind]++;
    else if (size >= 2) {
      stats.blocksByKind[kind]++;
      stats.pairsByKind[kind] += (size * (size - 1)) / 2;
      blockStart.push(start);
      blockEnd.push(end);
      blockKind.push(kindIndex);
      blockNeeds.push(marks & ~ADDRESS_KEY);
      for (let k = start; k < end; k++) perRecord[entries.records[order[k]!]! + 1]!++;
    }
    start = end;
  }
  for (let r = 1; r < perRecord.length; r++) perRecord[r]! += perRecord[r - 1]!;
  const recordBlocks = new Uint32Array(perRecord[records.length]!);
  const fill = perRecord.slice(0, records.length);
  for (let b = 0; b < blockStart.length; b++) {
    for (let k = blockStart[b]!; k < blockEnd[b]!; k++)
      recordBlocks[fill[entries.records[order[k]!]!]!++] = b;
  }
  const seenBy = new Int32Array(records.length).fill(-1);
  for (let i = range[0]; i < Math.min(range[1], records.length); i++) {
    for (let p = perRecord[i]!; p < perRecord[i + 1]!; p++) {
      const b = recordBlocks[p]!;
      const kind = BLOCK_KINDS[blockKind[b]!]!;
      const needs = blockNeeds[b]!;
      for (let k = blockStart[b]!; k < blockEnd[b]!; k++) {
        const j = entries.records[order[k]!]!;
        if (j <= i || seenBy[j] === i) continue;
        if (needs !== 0 && ((traits[i]! | traits[j]!) & needs) !== needs) continue;
        seenBy[j] = i;
        stats.candidatesByKind[kind]++;
        stats.candidates++;
        visit(i, j, kind);
      }
    }
  }
  return stats;
}
