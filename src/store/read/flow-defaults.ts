/**
 * moneyFlow's defaults, in their own file so that the store's pair building (store/flow-summary.ts,
 * whose threshold is the hop limit) and the API (serve/schema/operations/money-flow.ts) read one
 * value without importing the whole read.
 */
export const FLOW_DEFAULTS = {
  /** Counterparties kept per hop when the caller does not say (the rest are counted as `truncated`). */
  perHop: 50,
} as const;
