// money flow, money arriving at the frontier accounts (IN): store/read/money.ts.
// A hop where every summary is `all` by construction - no window, no minimum amount, no time bound
// on the frontier (hop 1 of every flow without a window) - sums the summaries alone, in two passes:
// rank every counterparty by its total (one sum per counterparty), then sum the rest of the fields
// for the $perHop kept only. Measured on the account paying 4,231 people: every field summed for
// every counterparty and carried through the sort cost 6x the ranking alone.
// In the inner CALL, each frontier account is found by its id (hinted), then its summaries with b:
// unhinted, the planner expanded every summary into (or out of) b, and a counterparty that thousands
// of accounts pay (18,186 summaries in the demo world) cost 12-15 ms for an account with five.
CALL () {
  UNWIND $frontier AS f
  MATCH (a:Account {id: f.id})<-[s:PAID_SUMMARY]-(b:Account)
  WHERE NOT b.id IN $seen AND REL_VISIBLE(s) AND VISIBLE(b)
  WITH b, sum(s.total) AS total
  ORDER BY total DESC, b.id
  WITH count(*) AS found, collect(b)[..$perHop] AS kept
  UNWIND kept AS b
  CALL (b) {
    UNWIND $frontier AS f
    MATCH (a:Account {id: f.id})<-[s:PAID_SUMMARY]-(b) USING INDEX a:Account(id)
    WHERE REL_VISIBLE(s)
    RETURN collect(DISTINCT a.id) AS via, sum(s.total) AS total, sum(s.transfers) AS count, sum(s.records) AS records,
           sum(s.undated) AS undated, collect(DISTINCT s.currency) AS currencies, min(s.first) AS first, max(s.last) AS last
  }
  RETURN found, b, via, total, count, records, undated, currencies, first, last
}
RETURN found, b.id AS counterparty, via, total, count, records, undated, currencies, first, last,
       labels(b) AS labels, PROPS(b) AS props
ORDER BY total DESC, counterparty
