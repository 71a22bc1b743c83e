// money flow, money leaving the frontier accounts (OUT): store/read/money.ts.
// A hop with a window or a minimum amount reads the payments themselves: such a bound cuts through
// most pairs of a busy account (twelve payments to one person over six months straddle any window),
// and reading each straddling summary's payments one subquery at a time cost more than one pass over
// the payments (measured on the 49,515-payment account, same run: a Feb-May window 2.0 s that way,
// against 1.3 s for one pass over every payment without a window). The payments followed and the
// end are those of hop-out.cypher / hop-in.cypher.
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})-[r:PAID]->(b:Account)
WHERE NOT b.id IN $seen AND REL_VISIBLE(r) AND VISIBLE(b)
  AND ((r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
    AND ($since IS NULL OR coalesce(r.until, r.at) >= $since) AND ($until IS NULL OR r.at <= $until)
    AND (f.after IS NULL OR coalesce(r.until, r.at) >= f.after)))
  AND ($minAmount IS NULL OR r.amount >= $minAmount)
WITH b, collect(DISTINCT a.id) AS via, sum(r.amount) AS total, sum(CASE WHEN (r.count IS :: INTEGER OR r.count IS :: FLOAT) AND r.count >= 1 AND r.count = floor(r.count) THEN toInteger(r.count) ELSE 1 END) AS count, count(r) AS records,
     sum(CASE WHEN r.at IS NULL THEN CASE WHEN (r.count IS :: INTEGER OR r.count IS :: FLOAT) AND r.count >= 1 AND r.count = floor(r.count) THEN toInteger(r.count) ELSE 1 END ELSE 0 END) AS undated,
     collect(DISTINCT r.currency) AS currencies, min(r.at) AS first, max(coalesce(r.until, r.at)) AS last
ORDER BY total DESC, b.id
WITH count(*) AS found,
     collect({b: b, via: via, total: total, count: count, records: records, undated: undated,
             currencies: currencies, first: first, last: last})[..$perHop] AS kept
UNWIND kept AS k
WITH found, k, k.b AS b
RETURN found, b.id AS counterparty, k.via AS via, k.total AS total, k.count AS count, k.records AS records,
       k.undated AS undated, k.currencies AS currencies, k.first AS first, k.last AS last,
       labels(b) AS labels, PROPS(b) AS props
ORDER BY total DESC, counterparty
