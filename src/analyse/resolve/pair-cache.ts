/**
 * A memo of small answers (0–255) per ordered pair of 32-bit ids, on typed arrays: open addressing,
 * nothing allocated per lookup. The resolver asks the same questions of the same two names again and
 * again (a common name meets its namesakes' records in every block), and a `Map` keyed by strings or
 * pairs of objects would itself be garbage by the million, which the collector walks. Bounded: the
 * table doubles up to `maxSlots` and is emptied when that is half full, so memory stays at most
 * 9 bytes a slot whatever the run's size. A forgotten answer is only computed again.
 */
export class PairCache {
  private firsts: Uint32Array;
  private seconds: Uint32Array;
  private answers: Uint8Array;
  /** Slots used; a slot is empty when its first id is 0 (ids are stored plus one). */
  private used = 0;

  constructor(
    private readonly maxSlots = 1 << 22,
    initialSlots = 1 << 14,
  ) {
    if (!Number.isInteger(Math.log2(maxSlots)) || !Number.isInteger(Math.log2(initialSlots)))
      throw new Error('analyse/resolve/pair-cache: slot counts must be powers of two');
    this.firsts = new Uint32Array(initialSlots);
    this.seconds = new Uint32Array(initialSlots);
    this.answers = new Uint8Array(initialSlots);
  }

  /** The answer stored for (x, y), or -1. Ids are integers in [0, 2^32 - 2]. */
  get(x: number, y: number): number {
    const mask = this.firsts.length - 1;
    const first = (x + 1) >>> 0;
    for (let slot = slotOf(x, y, mask); ; slot = (slot + 1) & mask) {
      const stored = this.firsts[slot]!;
      if (stored === 0) return -1;
      if (stored === first && this.seconds[slot] === y) return this.answers[slot]!;
    }
  }

  set(x: number, y: number, answer: number): void {
    if (2 * (this.used + 1) > this.firsts.length) {
      if (this.firsts.length < this.maxSlots) this.grow();
      else this.clear();
    }
    this.place(x, y, answer);
  }

  get size(): number {
    return this.used;
  }

  clear(): void {
    this.firsts.fill(0);
    this.used = 0;
  }

  private place(x: number, y: number, answer: number): void {
    const mask = this.firsts.length - 1;
    const first = (x + 1) >>> 0;
    let slot = slotOf(x, y, mask);
    while (this.firsts[slot] !== 0) {
      if (this.firsts[slot] === first && this.seconds[slot] === y) {
        this.answers[slot] = answer;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.firsts[slot] = first;
    this.seconds[slot] = y;
    this.answers[slot] = answer;
    this.used++;
  }

  private grow(): void {
    const { firsts, seconds, answers } = this;
    const size = firsts.length * 2;
    this.firsts = new Uint32Array(size);
    this.seconds = new Uint32Array(size);
    this.answers = new Uint8Array(size);
    this.used = 0;
    for (let slot = 0; slot < firsts.length; slot++)
      if (firsts[slot] !== 0) this.place(firsts[slot]! - 1, seconds[slot]!, answers[slot]!);
  }
}

function slotOf(x: number, y: number, mask: number): number {
  let h = Math.imul(x ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return h & mask;
}
