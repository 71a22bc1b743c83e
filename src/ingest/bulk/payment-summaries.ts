/**
 * Money summaries of a bulk load, built while merging instead of by migration 011 after the
 * import: on a million imported payments that statement took minutes where the whole import took
 * seconds. The summaries are exactly what store/flow-summary.ts computes with Cypher from the stored
 * payments (per payer, payee, recording extract and currency: SUMMARY_FIELDS there), the
 * bulk test compares both graphs by checksum. Only payments the merge keeps are added (a payment
 * whose key was seen before is skipped, as the online loader skips it).
 */

/** What a summary needs of one PAID, taken from its properties by the normalising thread. */
export interface PaymentFacts {
  from: string;
  to: string;
  /** `r.extract`; null where a payment has none (then so has its summary). */
  extract: string | null;
  /** `coalesce(r.currency, '')`. */
  currency: string;
  amount: number | null;
  at: string | null;
  /** `coalesce(r.until, r.at)`. */
  end: string | null;
  /** store/read/period.ts TRANSFERS: a whole `count` of at least 1, else 1. */
  transfers: number;
}

/** The facts of one PAID's properties (as the batch holds them); null when it is not money. */
export function paymentFacts(from: string, to: string, props: Record<string, unknown>): PaymentFacts {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const count = props.count;
  const at = text(props.at);
  return {
    from,
    to,
    extract: text(props.extract),
    currency: text(props.currency) ?? '',
    amount: typeof props.amount === 'number' ? props.amount : null,
    at,
    end: text(props.until) ?? at,
    transfers: typeof count === 'number' && count >= 1 && Number.isInteger(count) ? count : 1,
  };
}

/** The summary columns Neo4j holds as integers (count() and sum() of integers); the rest are floats or text. */
export const SUMMARY_LONGS: ReadonlySet<string> = new Set(['records', 'transfers', 'undated', 'amounts']);

/**
 * Cypher's `round(x, 6)`: half up (away from zero) on the number's shortest decimal form, as Java's
 * BigDecimal.valueOf(x).setScale(6, HALF_UP) does — not on its binary value, as toFixed would.
 */
export function cypherRound6(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  // Most sums are amounts in cents: their shortest decimal form has at most six decimals already,
  // and rounding it changes nothing (no exponent in that form: |x| between 1e-7 and 1e21).
  const shortest = String(x);
  const point = shortest.indexOf('.');
  if (!shortest.includes('e') && (point === -1 || shortest.length - point - 1 <= 6)) return x;
  return roundDecimal6(x);
}

/** cypherRound6 without its shortcut, digit by digit: what the shortcut is tested against. */
export function roundDecimal6(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  // |x| = 0.<digits> × 10^(exponent + 1): its first `keep` digits reach the sixth decimal.
  const digits = mantissa.replace('.', '');
  const keep = Number(exponent) + 1 + 6;
  if (keep >= digits.length) return x;
  if (keep < 0) return 0;
  let millionths = BigInt(keep === 0 ? '0' : digits.slice(0, keep));
  if (digits.charCodeAt(keep) >= 53 /* '5' */) millionths += 1n;
  const text = millionths.toString().padStart(7, '0');
  // parseFloat of the decimal is correctly rounded, as BigDecimal.doubleValue() is.
  const value = Number.parseFloat(`${text.slice(0, -6)}.${text.slice(-6)}`);
  // A decimal has no negative zero: -0.0000001 rounds to 0, not -0.
  return x < 0 && value !== 0 ? -value : value;
}

/** A summary's four ids mixed into one 32-bit hash (murmur3's finaliser over a multiply-add chain). */
function hashIds(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ c;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ d;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Numeric columns per summary (Float64: sums and counts beyond 2^31 stay exact up to 2^53). */
const NUM = {
  records: 0,
  transfers: 1,
  sum: 2,
  absSum: 3,
  undated: 4,
  amounts: 5,
  minAmount: 6,
  maxAmount: 7,
};
const NUMS = 8;
/** Text columns per summary, as indexes into the interned strings (-1: none). */
const TXT = { from: 0, to: 1, extract: 2, currency: 3, first: 4, last: 5, minEnd: 6, maxAt: 7 };
const TXTS = 8;

/** Summaries per page of the columns (1.5 MB a page). */
const PAGE_BITS = 14;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

/** The optional text properties after extract and amounts, in the order they are set: name, column, presence bit. */
const OPTIONAL_TEXTS: readonly (readonly [string, number, number])[] = [
  ['first', TXT.first, 8],
  ['last', TXT.last, 16],
  ['minEnd', TXT.minEnd, 32],
  ['maxAt', TXT.maxAt, 64],
];

/**
 * The summaries of one extract's payments, held as columns: a summary per distinct payer, payee and
 * currency can be as many as the payments (the benchmark's random statement: a million pairs in a
 * million rows), so each costs a 4-byte hash slot and 96 bytes of typed arrays, every string (ids, dates,
 * currencies) held once. Written and cleared at the end of each extract (a summary never spans two:
 * its extract is its payments' own).
 */
export class PaymentSummaries {
  /**
   * Open addressing over the summaries: slot → summary index + 1 (0 empty), found by the hash of
   * its four interned ids and compared on its own text columns. Ten million summaries then cost
   * 4 bytes a slot, not a key string and a map entry each (about 80 bytes).
   */
  private slots = new Int32Array(1 << 12);
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  /**
   * The columns in pages of PAGE summaries: they grow a page at a time, with no copy and no
   * half-empty doubling (at ten million summaries a doubled array had room for 16.7M, 1.6 GB, and
   * the copy that made it held 0.8 GB more).
   */
  private numPages: Float64Array[] = [];
  private txtPages: Int32Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * The last strings interned per kind and their ids: a payment's extract and currency are nearly
   * always the previous payment's, one of its accounts the statement holder's. Comparing a string
   * or two costs less than hashing a new one for the map (each row's strings are new ones).
   * Slots: 0 and 1 accounts (the last two), 2 extract, 3 currency, 4 dates.
   */
  private readonly recentText: (string | undefined)[] = [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  private readonly recentId = [0, 0, 0, 0, 0];
  private nextAccountSlot = 0;

  private lookup(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  private intern(text: string | null, slot = 4): number {
    if (text === null) return -1;
    if (this.recentText[slot] === text) return this.recentId[slot] as number;
    const id = this.lookup(text);
    this.recentText[slot] = text;
    this.recentId[slot] = id;
    return id;
  }

  private account(text: string): number {
    const recent = this.recentText;
    if (recent[0] === text) return this.recentId[0] as number;
    if (recent[1] === text) return this.recentId[1] as number;
    const id = this.lookup(text);
    const slot = this.nextAccountSlot;
    recent[slot] = text;
    this.recentId[slot] = id;
    this.nextAccountSlot = slot ^ 1;
    return id;
  }

  /** The summary of these ids, or ~slot (negative) of the empty slot where it would go. */
  private find(from: number, to: number, extract: number, currency: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hashIds(from, to, extract, currency) & mask;
    for (;;) {
      const held = slots[slot] as number;
      if (held === 0) return ~slot;
      const txts = this.txtPages[(held - 1) >>> PAGE_BITS] as Int32Array;
      const t = ((held - 1) & PAGE_MASK) * TXTS;
      if (
        txts[t + TXT.from] === from &&
        txts[t + TXT.to] === to &&
        txts[t + TXT.extract] === extract &&
        txts[t + TXT.currency] === currency
      )
        return held - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** Puts summary `i` in `slot`; doubles the table (re-placing every summary) past 3/4 full. */
  private place(slot: number, i: number): void {
    this.slots[slot] = i + 1;
    if (this.count * 4 <= this.slots.length * 3) return;
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.count; k++) {
      const txts = this.txtPages[k >>> PAGE_BITS] as Int32Array;
      const t = (k & PAGE_MASK) * TXTS;
      let at =
        hashIds(
          txts[t + TXT.from] as number,
          txts[t + TXT.to] as number,
          txts[t + TXT.extract] as number,
          txts[t + TXT.currency] as number,
        ) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = k + 1;
    }
    this.slots = slots;
  }

  /** The lower (`sign` -1) or higher (+1) of the column's string and `text`, as Cypher's min()/max() order strings. */
  private pick(txts: Int32Array, at: number, text: string | null, sign: 1 | -1): void {
    if (text === null) return;
    const current = txts[at] as number;
    if (current === -1) {
      txts[at] = this.intern(text);
      return;
    }
    const held = this.strings[current] as string;
    if (sign < 0 ? text < held : text > held) txts[at] = this.intern(text);
  }

  add(p: PaymentFacts): void {
    const from = this.account(p.from);
    const to = this.account(p.to);
    const extract = this.intern(p.extract, 2);
    const currency = this.intern(p.currency, 3);
    const found = this.find(from, to, extract, currency);
    let i = found;
    if (found < 0) {
      i = this.count++;
      if (i >>> PAGE_BITS === this.numPages.length) {
        this.numPages.push(new Float64Array(PAGE * NUMS));
        this.txtPages.push(new Int32Array(PAGE * TXTS));
      }
      const nums = this.numPages[i >>> PAGE_BITS] as Float64Array;
      const n = (i & PAGE_MASK) * NUMS;
      nums.fill(0, n, n + NUMS);
      nums[n + NUM.minAmount] = Number.NaN;
      nums[n + NUM.maxAmount] = Number.NaN;
      const txts = this.txtPages[i >>> PAGE_BITS] as Int32Array;
      const t = (i & PAGE_MASK) * TXTS;
      txts.fill(-1, t, t + TXTS);
      txts[t + TXT.from] = from;
      txts[t + TXT.to] = to;
      txts[t + TXT.extract] = extract;
      txts[t + TXT.currency] = currency;
      // After its ids are in place: a resize of the table re-hashes every summary from them.
      this.place(~found, i);
    }
    const nums = this.numPages[i >>> PAGE_BITS] as Float64Array;
    const n = (i & PAGE_MASK) * NUMS;
    nums[n + NUM.records] = (nums[n + NUM.records] as number) + 1;
    nums[n + NUM.transfers] = (nums[n + NUM.transfers] as number) + p.transfers;
    if (p.amount !== null) {
      nums[n + NUM.sum] = (nums[n + NUM.sum] as number) + p.amount;
      nums[n + NUM.absSum] = (nums[n + NUM.absSum] as number) + Math.abs(p.amount);
      nums[n + NUM.amounts] = (nums[n + NUM.amounts] as number) + 1;
      const min = nums[n + NUM.minAmount] as number;
      const max = nums[n + NUM.maxAmount] as number;
      if (Number.isNaN(min) || p.amount < min) nums[n + NUM.minAmount] = p.amount;
      if (Number.isNaN(max) || p.amount > max) nums[n + NUM.maxAmount] = p.amount;
    }
    const txts = this.txtPages[i >>> PAGE_BITS] as Int32Array;
    const t = (i & PAGE_MASK) * TXTS;
    if (p.at === null) nums[n + NUM.undated] = (nums[n + NUM.undated] as number) + p.transfers;
    else {
      this.pick(txts, t + TXT.first, p.at, -1);
      this.pick(txts, t + TXT.maxAt, p.at, 1);
      this.pick(txts, t + TXT.minEnd, p.end, -1);
    }
    this.pick(txts, t + TXT.last, p.end, 1);
  }

  private text(txts: Int32Array, at: number): string | null {
    const id = txts[at] as number;
    return id === -1 ? null : (this.strings[id] as string);
  }

  /**
   * Every summary as the relationship's endpoints and properties (nulls left out, as Neo4j does),
   * and which of the optional properties it holds (`present`, a bit each): summaries with the same
   * bits have the same import columns, so the writer types their columns once per combination.
   */
  *relationships(): Generator<{ from: string; to: string; props: Record<string, unknown>; present: number }> {
    for (let i = 0; i < this.count; i++) {
      const nums = this.numPages[i >>> PAGE_BITS] as Float64Array;
      const txts = this.txtPages[i >>> PAGE_BITS] as Int32Array;
      const n = (i & PAGE_MASK) * NUMS;
      const t = (i & PAGE_MASK) * TXTS;
      const transfers = nums[n + NUM.transfers] as number;
      if (!Number.isSafeInteger(transfers)) {
        throw new Error(
          `ingest/bulk: a money summary's transfers (${transfers}) is beyond a whole number Neo4j stores exactly; please report`,
        );
      }
      const props: Record<string, unknown> = {
        currency: this.text(txts, t + TXT.currency),
        records: nums[n + NUM.records],
        transfers,
        total: cypherRound6(nums[n + NUM.sum] as number),
        absTotal: cypherRound6(nums[n + NUM.absSum] as number),
        undated: nums[n + NUM.undated],
        amounts: nums[n + NUM.amounts],
      };
      let present = 0;
      const extract = this.text(txts, t + TXT.extract);
      if (extract !== null) {
        props.extract = extract;
        present |= 1;
      }
      const minAmount = nums[n + NUM.minAmount] as number;
      if (!Number.isNaN(minAmount)) {
        props.minAmount = minAmount;
        present |= 2;
      }
      const maxAmount = nums[n + NUM.maxAmount] as number;
      if (!Number.isNaN(maxAmount)) {
        props.maxAmount = maxAmount;
        present |= 4;
      }
      for (const [name, column, bit] of OPTIONAL_TEXTS) {
        const value = this.text(txts, t + column);
        if (value === null) continue;
        props[name] = value;
        present |= bit;
      }
      yield {
        from: this.text(txts, t + TXT.from) as string,
        to: this.text(txts, t + TXT.to) as string,
        props,
        present,
      };
    }
  }

  /** Forgets every summary (after they were written). */
  clear(): void {
    this.slots = new Int32Array(1 << 12);
    this.strings.length = 0;
    this.stringIds.clear();
    this.recentText.fill(undefined);
    this.numPages = [];
    this.txtPages = [];
    this.count = 0;
  }
}
