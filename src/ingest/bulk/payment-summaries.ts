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

interface Summary {
  from: string;
  to: string;
  extract: string | null;
  currency: string;
  records: number;
  transfers: number;
  sum: number;
  absSum: number;
  undated: number;
  amounts: number;
  minAmount: number | null;
  maxAmount: number | null;
  first: string | null;
  last: string | null;
  minEnd: string | null;
  maxAt: string | null;
}

/** The summary columns Neo4j holds as integers (count() and sum() of integers); the rest are floats or text. */
export const SUMMARY_LONGS: ReadonlySet<string> = new Set(['records', 'transfers', 'undated', 'amounts']);

const lower = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a <= b ? a : b;
const higher = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a >= b ? a : b;

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

export class PaymentSummaries {
  private readonly byKey = new Map<string, Summary>();

  get size(): number {
    return this.byKey.size;
  }

  add(p: PaymentFacts): void {
    const key = `${p.from}\u001f${p.to}\u001f${p.extract ?? '\u0000'}\u001f${p.currency}`;
    let s = this.byKey.get(key);
    if (s === undefined) {
      s = {
        from: p.from,
        to: p.to,
        extract: p.extract,
        currency: p.currency,
        records: 0,
        transfers: 0,
        sum: 0,
        absSum: 0,
        undated: 0,
        amounts: 0,
        minAmount: null,
        maxAmount: null,
        first: null,
        last: null,
        minEnd: null,
        maxAt: null,
      };
      this.byKey.set(key, s);
    }
    s.records += 1;
    s.transfers += p.transfers;
    if (p.amount !== null) {
      s.sum += p.amount;
      s.absSum += Math.abs(p.amount);
      s.amounts += 1;
      s.minAmount = s.minAmount === null || p.amount < s.minAmount ? p.amount : s.minAmount;
      s.maxAmount = s.maxAmount === null || p.amount > s.maxAmount ? p.amount : s.maxAmount;
    }
    if (p.at === null) s.undated += p.transfers;
    else {
      s.first = lower(s.first, p.at);
      s.maxAt = higher(s.maxAt, p.at);
      s.minEnd = lower(s.minEnd, p.end);
    }
    s.last = higher(s.last, p.end);
  }

  /** Every summary as the relationship's endpoints and properties (nulls left out, as Neo4j does). */
  *relationships(): Generator<{ from: string; to: string; props: Record<string, unknown> }> {
    for (const s of this.byKey.values()) {
      const props: Record<string, unknown> = {
        currency: s.currency,
        records: s.records,
        transfers: s.transfers,
        total: cypherRound6(s.sum),
        absTotal: cypherRound6(s.absSum),
        undated: s.undated,
        amounts: s.amounts,
      };
      if (s.extract !== null) props.extract = s.extract;
      const optional = {
        minAmount: s.minAmount,
        maxAmount: s.maxAmount,
        first: s.first,
        last: s.last,
        minEnd: s.minEnd,
        maxAt: s.maxAt,
      };
      for (const [k, v] of Object.entries(optional)) if (v !== null) props[k] = v;
      yield { from: s.from, to: s.to, props };
    }
  }
}
