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

/**
 * The summaries of one extract's payments, held as columns: a summary per distinct payer, payee and
 * currency can be as many as the payments (the benchmark's random statement: a million pairs in a
 * million rows), so each costs a short key and 96 bytes of typed arrays, every string (ids, dates,
 * currencies) held once. Written and cleared at the end of each extract (a summary never spans two:
 * its extract is its payments' own).
 */
export class PaymentSummaries {
  private readonly index = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private nums = new Float64Array(NUMS * 1024);
  private txts = new Int32Array(TXTS * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private intern(text: string | null): number {
    if (text === null) return -1;
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  private grow(): void {
    const nums = new Float64Array(this.nums.length * 2);
    nums.set(this.nums);
    this.nums = nums;
    const txts = new Int32Array(this.txts.length * 2);
    txts.set(this.txts);
    this.txts = txts;
  }

  /** The lower (`sign` -1) or higher (+1) of the column's string and `text`, as Cypher's min()/max() order strings. */
  private pick(at: number, text: string | null, sign: 1 | -1): void {
    if (text === null) return;
    const current = this.txts[at] as number;
    if (current === -1) {
      this.txts[at] = this.intern(text);
      return;
    }
    const held = this.strings[current] as string;
    if (sign < 0 ? text < held : text > held) this.txts[at] = this.intern(text);
  }

  add(p: PaymentFacts): void {
    const from = this.intern(p.from);
    const to = this.intern(p.to);
    const extract = this.intern(p.extract);
    const currency = this.intern(p.currency);
    const key = `${from},${to},${extract},${currency}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.count++;
      if (this.count * NUMS > this.nums.length) this.grow();
      this.index.set(key, i);
      const n = i * NUMS;
      this.nums.fill(0, n, n + NUMS);
      this.nums[n + NUM.minAmount] = Number.NaN;
      this.nums[n + NUM.maxAmount] = Number.NaN;
      const t = i * TXTS;
      this.txts.fill(-1, t, t + TXTS);
      this.txts[t + TXT.from] = from;
      this.txts[t + TXT.to] = to;
      this.txts[t + TXT.extract] = extract;
      this.txts[t + TXT.currency] = currency;
    }
    const n = i * NUMS;
    const nums = this.nums;
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
    const t = i * TXTS;
    if (p.at === null) nums[n + NUM.undated] = (nums[n + NUM.undated] as number) + p.transfers;
    else {
      this.pick(t + TXT.first, p.at, -1);
      this.pick(t + TXT.maxAt, p.at, 1);
      this.pick(t + TXT.minEnd, p.end, -1);
    }
    this.pick(t + TXT.last, p.end, 1);
  }

  /** Every summary as the relationship's endpoints and properties (nulls left out, as Neo4j does). */
  *relationships(): Generator<{ from: string; to: string; props: Record<string, unknown> }> {
    const text = (at: number): string | null => {
      const id = this.txts[at] as number;
      return id === -1 ? null : (this.strings[id] as string);
    };
    for (let i = 0; i < this.count; i++) {
      const n = i * NUMS;
      const t = i * TXTS;
      const num = (k: number) => this.nums[n + k] as number;
      const props: Record<string, unknown> = {
        currency: text(t + TXT.currency),
        records: num(NUM.records),
        transfers: num(NUM.transfers),
        total: cypherRound6(num(NUM.sum)),
        absTotal: cypherRound6(num(NUM.absSum)),
        undated: num(NUM.undated),
        amounts: num(NUM.amounts),
      };
      const optional: Record<string, unknown> = {
        extract: text(t + TXT.extract),
        minAmount: Number.isNaN(num(NUM.minAmount)) ? null : num(NUM.minAmount),
        maxAmount: Number.isNaN(num(NUM.maxAmount)) ? null : num(NUM.maxAmount),
        first: text(t + TXT.first),
        last: text(t + TXT.last),
        minEnd: text(t + TXT.minEnd),
        maxAt: text(t + TXT.maxAt),
      };
      for (const [k, v] of Object.entries(optional)) if (v !== null) props[k] = v;
      yield { from: text(t + TXT.from) as string, to: text(t + TXT.to) as string, props };
    }
  }

  /** Forgets every summary (after they were written). */
  clear(): void {
    this.index.clear();
    this.strings.length = 0;
    this.stringIds.clear();
    this.nums = new Float64Array(NUMS * 1024);
    this.txts = new Int32Array(TXTS * 1024);
    this.count = 0;
  }
}
