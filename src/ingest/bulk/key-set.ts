/**
 * The event keys a bulk load has written, per relationship type: the online loader skips an event
 * whose key is already in the graph (the key's uniqueness constraint), so the bulk load must too,
 * over tens of millions of events. A natural key (`n:` + 32 hex digits, mapping/apply.ts) is kept
 * as its 128 bits in an open-addressing table of 32-bit words (16 bytes an event, not a string per
 * event); every other key (per-row keys of key-less events) as the string. Exact either way: two
 * keys are the same event exactly when their strings are equal.
 */
export class EventKeySet {
  private table: Uint32Array;
  /** Slot count minus one (a power of two minus one). */
  private mask: number;
  private used = 0;
  /** A key whose 128 bits are all zero cannot be told from an empty slot: kept aside. */
  private zero = new Set<string>();
  private readonly other = new Set<string>();

  constructor(initialSlots = 1 << 16) {
    this.table = new Uint32Array(initialSlots * 4);
    this.mask = initialSlots - 1;
  }

  get size(): number {
    return this.used + this.zero.size + this.other.size;
  }

  /** Adds `type`'s `key`; false when it was already there (the event is a duplicate). */
  add(type: string, key: string): boolean {
    // The 32 hex digits read in place (no pattern test, no slices): tens of millions of keys.
    const w0h = naturalWord(key, 2);
    const w1 = naturalWord(key, 10);
    const w2 = naturalWord(key, 18);
    const w3 = naturalWord(key, 26);
    if (
      key.length !== 34 ||
      key.charCodeAt(0) !== 110 /* n */ ||
      key.charCodeAt(1) !== 58 /* : */ ||
      w0h < 0 ||
      w1 < 0 ||
      w2 < 0 ||
      w3 < 0
    ) {
      const tagged = `${type}\u001f${key}`;
      if (this.other.has(tagged)) return false;
      this.other.add(tagged);
      return true;
    }
    // The type is folded into the first word: one table for every type.
    const w0 = (w0h ^ hashString(type)) >>> 0;
    if ((w0 | w1 | w2 | w3) === 0) {
      if (this.zero.has(type)) return false;
      this.zero.add(type);
      return true;
    }
    if ((this.used + 1) * 4 > (this.mask + 1) * 3) this.grow();
    if (!this.insert(w0, w1, w2, w3)) return false;
    this.used += 1;
    return true;
  }

  private insert(w0: number, w1: number, w2: number, w3: number): boolean {
    const table = this.table;
    let slot = (w1 ^ Math.imul(w2, 0x9e3779b1)) & this.mask;
    for (;;) {
      const at = slot * 4;
      if ((table[at]! | table[at + 1]! | table[at + 2]! | table[at + 3]!) === 0) {
        table[at] = w0;
        table[at + 1] = w1;
        table[at + 2] = w2;
        table[at + 3] = w3;
        return true;
      }
      if (table[at] === w0 && table[at + 1] === w1 && table[at + 2] === w2 && table[at + 3] === w3)
        return false;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    this.table = new Uint32Array(slots * 4);
    this.mask = slots - 1;
    for (let at = 0; at < old.length; at += 4) {
      if ((old[at]! | old[at + 1]! | old[at + 2]! | old[at + 3]!) !== 0)
        this.insert(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
    }
  }
}

/** The 8 lowercase hex digits of `key` from `at` as an unsigned word; -1 if any is not one (or the key ends). */
function naturalWord(key: string, at: number): number {
  let word = 0;
  for (let i = at; i < at + 8; i++) {
    const c = key.charCodeAt(i); // NaN past the end: fails both tests
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 48;
    else if (c >= 97 && c <= 102) digit = c - 87;
    else return -1;
    word = (word << 4) | digit;
  }
  return word >>> 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
