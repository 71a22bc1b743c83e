/**
 * Context evidence: the neighbours a record's source saw (the numbers a seized phone called, the
 * accounts a bank customer paid, the employer). Two records of one human share some of them; two
 * namesakes share one only by chance, and then mostly a common one — a supermarket half the town
 * pays, an employer of thousands. So what counts is how rare the shared item is: an item named by
 * at most `maxRareDegree` records of the run is private (a friend's phone, a small firm), any other
 * is common and says little. Levels, strongest first: `shared-2` (two private items or more in
 * common), `shared` (one), `common` (only common items), `none` (both records know context of one
 * kind — both saw calls, or both saw payments — and share nothing); null when they know no kind in
 * common (a phone's calls and a register's employer cannot disagree).
 *
 * Items are interned to integers once per run and kept as sorted Int32Arrays, so comparing two
 * records is a merge of two short arrays, with no allocation.
 */
import type { PreparedRecord } from './prepare.ts';

export const CONTEXT_LEVELS = ['shared-2', 'shared', 'common', 'none'] as const;
export type ContextLevel = (typeof CONTEXT_LEVELS)[number];

export const CONTEXT_DEFAULTS = {
  /**
   * Records of the run naming an item for it to count as private. A person's acquaintance is named
   * by the records of their own acquaintances (4 to 12 on the generated worlds, at any size); a big
   * employer or a supermarket by hundreds, growing with the data.
   */
  maxRareDegree: 25,
};
export type ContextOptions = typeof CONTEXT_DEFAULTS;

/** One bit per kind of context, from the entity id's prefix. */
const KIND_BITS: Record<string, number> = { phone: 1, account: 2, organisation: 4, email: 8 };
const OTHER_KIND = 16;

function kindBit(id: string): number {
  const cut = id.indexOf(':');
  return (cut > 0 ? KIND_BITS[id.slice(0, cut)] : undefined) ?? OTHER_KIND;
}

/**
 * Fills `contextRare`, `contextCommon` and `contextKinds` of the prepared records from their raw
 * context (`contexts[i]` belongs to `records[i]`): items interned in order of first sight, counted
 * once per record, split by their count.
 */
export function prepareContext(
  records: PreparedRecord[],
  contexts: readonly (readonly string[] | undefined)[],
  options: Partial<ContextOptions> = {},
): void {
  const { maxRareDegree } = { ...CONTEXT_DEFAULTS, ...options };
  const ids = new Map<string, number>();
  const degree: number[] = [];
  const interned: Int32Array[] = [];
  for (let r = 0; r < records.length; r++) {
    const raw = contexts[r];
    if (!raw || raw.length === 0) {
      interned.push(EMPTY);
      continue;
    }
    const own = new Set<number>();
    let kinds = 0;
    for (const item of raw) {
      if (typeof item !== 'string' || item === '') continue;
      let id = ids.get(item);
      if (id === undefined) {
        id = degree.push(0) - 1;
        ids.set(item, id);
      }
      if (!own.has(id)) {
        own.add(id);
        degree[id]!++;
      }
      kinds |= kindBit(item);
    }
    records[r]!.contextKinds = kinds;
    interned.push(Int32Array.from(own).sort());
  }
  // Every record's items in one buffer, each record's rare and common items views of it: a typed
  // array of its own costs a buffer object per record (about 100 bytes), more than most contexts hold.
  let total = 0;
  for (const items of interned) total += items.length;
  const store = new Int32Array(total);
  let offset = 0;
  for (let r = 0; r < records.length; r++) {
    const items = interned[r]!;
    if (items.length === 0) continue;
    let rare = 0;
    for (const id of items) if (degree[id]! <= maxRareDegree) rare++;
    let x = offset;
    let y = offset + rare;
    for (const id of items) {
      if (degree[id]! <= maxRareDegree) store[x++] = id;
      else store[y++] = id;
    }
    const end = offset + items.length;
    records[r]!.contextRare = rare > 0 ? store.subarray(offset, offset + rare) : EMPTY;
    records[r]!.contextCommon = rare < items.length ? store.subarray(offset + rare, end) : EMPTY;
    interned[r] = EMPTY;
    offset = end;
  }
}
const EMPTY = new Int32Array(0);

/**
 * Every record's ranked context (prepareContext's output) as columns, to hand to another thread
 * that prepared the same records in the same order: a sharded run ranks the context once, on the
 * coordinator, and its workers keep no raw context at all (at a million records, lists of strings
 * per record). Record r's rare then common items are `store[starts[r]..starts[r + 1]]`, the first
 * `rare[r]` of them rare.
 */
export interface ContextColumns {
  store: Int32Array;
  starts: Uint32Array;
  rare: Uint32Array;
  kinds: Int32Array;
}

export function contextColumns(records: readonly PreparedRecord[]): ContextColumns {
  const n = records.length;
  const starts = new Uint32Array(n + 1);
  for (let r = 0; r < n; r++)
    starts[r + 1] = starts[r]! + records[r]!.contextRare.length + records[r]!.contextCommon.length;
  const store = new Int32Array(starts[n]!);
  const rare = new Uint32Array(n);
  const kinds = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const record = records[r]!;
    store.set(record.contextRare, starts[r]!);
    store.set(record.contextCommon, starts[r]! + record.contextRare.length);
    rare[r] = record.contextRare.length;
    kinds[r] = record.contextKinds;
  }
  return { store, starts, rare, kinds };
}

/** Sets the records' context from columns of the same records (contextColumns), as views of `store`. */
export function adoptContext(records: readonly PreparedRecord[], columns: ContextColumns): void {
  const { store, starts, rare, kinds } = columns;
  if (starts.length !== records.length + 1)
    throw new Error(
      `analyse/resolve/context: context of ${starts.length - 1} records handed to ${records.length}`,
    );
  for (let r = 0; r < records.length; r++) {
    const record = records[r]!;
    const from = starts[r]!;
    const cut = from + rare[r]!;
    const end = starts[r + 1]!;
    record.contextRare = cut > from ? store.subarray(from, cut) : EMPTY;
    record.contextCommon = end > cut ? store.subarray(cut, end) : EMPTY;
    record.contextKinds = kinds[r]!;
  }
}

/** Items two sorted arrays share, counted up to `stop`. */
function sharedCount(a: Int32Array, b: Int32Array, stop: number): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      if (++shared >= stop) return shared;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/** The context level of a pair as an index of CONTEXT_LEVELS, or -1 (null). */
export function contextLevel(a: PreparedRecord, b: PreparedRecord): number {
  if ((a.contextKinds & b.contextKinds) === 0) return -1;
  const rare = sharedCount(a.contextRare, b.contextRare, 2);
  if (rare >= 2) return 0;
  if (rare === 1) return 1;
  return sharedCount(a.contextCommon, b.contextCommon, 1) > 0 ? 2 : 3;
}

/** The union of sorted arrays, sorted: a record's context read with its partners' (collective.ts). */
export function mergeContext(arrays: readonly Int32Array[]): Int32Array {
  const all = new Set<number>();
  for (const array of arrays) for (const id of array) all.add(id);
  return Int32Array.from(all).sort();
}
