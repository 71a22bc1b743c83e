// money flow, money arriving at the frontier accounts (IN): store/read/money.ts.
// A hop after the first reads the pairs' summaries (store/flow-summary.ts: one per payer, payee,
// recording extract and currency), not their payments. Each summary's bounds decide, exactly,
// whether every one of its payments passes the hop's rules (`all`: the summary's sums are the
// answer), none does, or some do (`some`: only then are that summary's own payments read and summed
// by the hop's rules). The frontier's time bounds leave most pairs `all`.
// Which payments a hop follows. Dated: its period [at, coalesce(until, at)] overlaps the window and,
// OUT, ends no earlier than the money reached the payer (f.after); IN, starts no later than it left
// (f.before). Undated: only without a window. A payment stands for its `count` transfers when that
// is a whole number of at least 1 (read/period.ts TRANSFERS).
// The end: the hop's $perHop largest counterparties, with how many there were in all. Only those
// kept cross the wire with their properties: an employer's account pays thousands of people, and
// sending every one back to be dropped cost more than ranking them.
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})<-[s:PAID_SUMMARY]-(b:Account)
WHERE NOT b.id IN $seen AND REL_VISIBLE(s) AND VISIBLE(b)
WITH f, a, b, s, CASE
    WHEN $minAmount IS NOT NULL AND (s.maxAmount IS NULL OR s.maxAmount < $minAmount) THEN 'none'
    WHEN (s.undated = 0 OR $since IS NOT NULL OR $until IS NOT NULL)
      AND (s.minEnd IS NULL OR ($since IS NOT NULL AND s.last < $since) OR ($until IS NOT NULL AND s.first > $until)
        OR (f.before IS NOT NULL AND s.first > f.before)) THEN 'none'
    WHEN ($minAmount IS NULL OR (s.amounts = s.records AND s.minAmount >= $minAmount))
      AND (s.undated = 0 OR ($since IS NULL AND $until IS NULL))
      AND (s.minEnd IS NULL OR (($since IS NULL OR s.minEnd >= $since) AND ($until IS NULL OR s.maxAt <= $until)
        AND (f.before IS NULL OR s.maxAt <= f.before))) THEN 'all'
    ELSE 'some' END AS part
WHERE part <> 'none'
CALL (f, a, b, s, part) {
  WITH s, part WHERE part = 'all'
  RETURN s.total AS pTotal, s.transfers AS pCount, s.records AS pRecords, s.undated AS pUndated,
         s.first AS pFirst, s.last AS pLast
  UNION ALL
  WITH f, a, b, s, part WHERE part = 'some'
  MATCH (a)<-[r:PAID]-(b)
  WHERE r.extract = s.extract AND coalesce(r.currency, '') = s.currency AND REL_VISIBLE(r)
    AND ((r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
    AND ($since IS NULL OR coalesce(r.until, r.at) >= $since) AND ($until IS NULL OR r.at <= $until)
    AND (f.before IS NULL OR r.at <= f.before)))
    AND ($minAmount IS NULL OR r.amount >= $minAmount)
  WITH s, sum(r.amount) AS pTotal, sum(CASE WHEN (r.count IS :: INTEGER OR r.count IS :: FLOAT) AND r.count >= 1 AND r.count = floor(r.count) THEN toInteger(r.count) ELSE 1 END) AS pCount, count(r) AS pRecords,
       sum(CASE WHEN r.at IS NULL THEN CASE WHEN (r.count IS :: INTEGER OR r.count IS :: FLOAT) AND r.count >= 1 AND r.count = floor(r.count) THEN toInteger(r.count) ELSE 1 END ELSE 0 END) AS pUndated, min(r.at) AS pFirst, max(coalesce(r.until, r.at)) AS pLast
  RETURN pTotal, pCount, pRecords, pUndated, pFirst, pLast
}
WITH b, collect(DISTINCT a.id) AS via, sum(pTotal) AS total, sum(pCount) AS count, sum(pRecords) AS records,
     sum(pUndated) AS undated, collect(DISTINCT s.currency) AS currencies, min(pFirst) AS first, max(pLast) AS last
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
