/**
 * Periods and transfer counts of events, the one rule every read of payments uses. A payment row
 * may stand for `count` transfers between two accounts over a period: `at` is its start, `until`
 * its end (an instant when absent). A window [since, until] selects a dated payment whose period
 * overlaps it; a payment without `at` is undated, kept when no window is asked for and flagged.
 * The fragments name the relationship variable `r`.
 */

/** End of r's period: `until` for an aggregate, else its instant. */
export const PERIOD_END = 'coalesce(r.until, r.at)';

/**
 * Transfers r stands for: its `count` when it is a whole number of at least 1 (the loader writes
 * numbers as floats), else 1 — a count the loader did not validate (an old graph) counts as one
 * transfer rather than failing the read.
 */
export const TRANSFERS =
  'CASE WHEN (r.count IS :: INTEGER OR r.count IS :: FLOAT) AND r.count >= 1 AND r.count = floor(r.count) ' +
  'THEN toInteger(r.count) ELSE 1 END';

/**
 * r inside the window: dated and overlapping it, or undated when no window was asked for
 * ($since and $until both null). Bounds are inclusive.
 */
export const IN_WINDOW = `((r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
    AND ($since IS NULL OR ${PERIOD_END} >= $since) AND ($until IS NULL OR r.at <= $until)))`;
