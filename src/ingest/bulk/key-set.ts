/**
 * The event keys a bulk load has written, per relationship type: the online loader skips an event
 * whose key is already in the graph (the key's uniqueness constraint), so the bulk load must too,
 * over tens of millions of events. A natural key (`n:` + 32 hex digits, mapping/apply.ts) is kept
 * as its 128 bits in an open-addressing table of 32-bit words (16 bytes an event, not a string per
 * event); every other key (per-row keys of key-less events) as the string. Exact either way: two
 * keys are the same event exactly when their strings are equal.
 */
const NATURAL_KEY = /^n:[0-9a-f]{32}$/;

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
    if (!NATURAL_KEY.test(key)) {
      const tagged = `${type}\u001f${key}`;
      if (this.other.has(tagged)) return false;
      this.other.add(tagged);
      return true;
    }
    // The type is folded into the first word: one table for every type.
    const typeHash = hashString(type);
    const w0 = (Number.parseInt(key.slice(2, 10), 16) ^ typeHash) >>> 0;
    const w1 = Number.parseInt(key.slice(10, 18), 16) >>> 0;
    const w2 = Number.parseInt(key.slice(18, 26), 16) >>> 0;
    const w3 = Number.parseInt(key.slice(26, 34), 16) >>> 0;
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

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
