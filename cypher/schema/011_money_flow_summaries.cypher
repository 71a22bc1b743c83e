// Money summarised at load (issue 16): one PAID_SUMMARY per payer, payee, recording extract and
// currency, built here from the payments of a database loaded before summaries existed; the online
// loader keeps them from now on (src/store/flow-summary.ts, whose rebuildFlowSummaries() runs the
// same two statements). Dropped first, so a half-applied migration is simply applied again.
MATCH ()-[s:PAID_SUMMARY]->()
CALL (s) { DELETE s } IN TRANSACTIONS OF 10000 ROWS;
MATCH (a:Account) WHERE EXISTS { (a)-[:PAID]->() }
CALL (a) {
  MATCH (a)-[r:PAID]->(b:Account)
  WITH a, b, r.extract AS extract, coalesce(r.currency, '') AS currency,
     count(r) AS records,
     sum(CASE WHEN (r.count IS :: INTEGER OR r.count IS :: FLOAT) AND r.count >= 1 AND r.count = floor(r.count) THEN toInteger(r.count) ELSE 1 END) AS transfers,
     round(sum(r.amount), 6) AS total, round(sum(abs(r.amount)), 6) AS absTotal,
     sum(CASE WHEN r.at IS NULL THEN CASE WHEN (r.count IS :: INTEGER OR r.count IS :: FLOAT) AND r.count >= 1 AND r.count = floor(r.count) THEN toInteger(r.count) ELSE 1 END ELSE 0 END) AS undated,
     count(r.amount) AS amounts, min(r.amount) AS minAmount, max(r.amount) AS maxAmount,
     min(r.at) AS first, max(coalesce(r.until, r.at)) AS last,
     min(CASE WHEN r.at IS NOT NULL THEN coalesce(r.until, r.at) END) AS minEnd, max(r.at) AS maxAt
  CREATE (a)-[s:PAID_SUMMARY {extract: extract, currency: currency}]->(b)
  SET s.records = records, s.transfers = transfers, s.total = total, s.absTotal = absTotal,
    s.undated = undated, s.amounts = amounts, s.minAmount = minAmount, s.maxAmount = maxAmount,
    s.first = first, s.last = last, s.minEnd = minEnd, s.maxAt = maxAt
} IN TRANSACTIONS OF 200 ROWS;
