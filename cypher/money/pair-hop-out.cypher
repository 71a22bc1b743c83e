// money flow, money leaving the frontier accounts (OUT): store/read/money.ts.
// Hop 1 of a flow without a window or minimum amount, from one account, for a viewer who may read
// the pairs (money.ts readsPairs). Only an account with more counterparties on that side than the
// pairs' threshold has pairs there (store/flow-summary.ts PAIR_DEFAULTS) - all of them, or none - so
// the statement asks whether it has any: then its pairs, one per counterparty already summed over
// extracts and currencies, read through the rank index in rank order - largest total first, ties by
// id, as the other hops order - so the $perHop kept are the first that pass, with no grouping or sort
// of the thousands of counterparties a busy account has (the ORDER BY names the index's three keys:
// with the first left out, the planner sorted every pair rather than read them in order); `found`
// counts them all (the answer's `truncated`). Otherwise its few summaries, as whole-hop sums them:
// the same answer either way (tests compare both with the payments). $scope.all in the test: a
// restricted viewer (never sent here) would sum its own summaries rather than read a total that
// includes another jurisdiction's payments. The rank index is hinted as a SEEK: unhinted, the
// planner's choice rests on statistics, and a plain USING INDEX may also be fulfilled by a scan of
// the whole index.
OPTIONAL MATCH (account:Account {id: $id})
WITH coalesce($scope.all, false) = true AND account IS NOT NULL AND EXISTS { (account)-[p:PAID_PAIR_OUT]->() } AS paired
CALL (paired) {
  WITH paired WHERE paired
  CALL () {
    MATCH (a:Account {id: $id})-[p:PAID_PAIR_OUT]->(b:Account)
    WHERE NOT b.id IN $seen AND VISIBLE(b)
    RETURN count(*) AS found
  }
  CALL () {
    MATCH ()-[p:PAID_PAIR_OUT]->(b:Account) USING INDEX SEEK p:PAID_PAIR_OUT(payer, rank, payee)
    WHERE p.payer = $id AND p.rank IS NOT NULL AND p.payee IS NOT NULL
      AND NOT p.payee IN $seen AND VISIBLE(b)
    RETURN p, b ORDER BY p.payer, p.rank, p.payee LIMIT $perHop
  }
  RETURN found, b, [$id] AS via, p.total AS total, p.transfers AS count, p.records AS records,
         p.undated AS undated, p.currencies AS currencies, p.first AS first, p.last AS last
  UNION ALL
  WITH paired WHERE NOT paired
  UNWIND $frontier AS f
  MATCH (a:Account {id: f.id})-[s:PAID_SUMMARY]->(b:Account)
  WHERE NOT b.id IN $seen AND REL_VISIBLE(s) AND VISIBLE(b)
  WITH b, sum(s.total) AS total
  ORDER BY total DESC, b.id
  WITH count(*) AS found, collect(b)[..$perHop] AS kept
  UNWIND kept AS b
  CALL (b) {
    UNWIND $frontier AS f
    MATCH (a:Account {id: f.id})-[s:PAID_SUMMARY]->(b) USING INDEX a:Account(id)
    WHERE REL_VISIBLE(s)
    RETURN collect(DISTINCT a.id) AS via, sum(s.total) AS total, sum(s.transfers) AS count, sum(s.records) AS records,
           sum(s.undated) AS undated, collect(DISTINCT s.currency) AS currencies, min(s.first) AS first, max(s.last) AS last
  }
  RETURN found, b, via, total, count, records, undated, currencies, first, last
}
RETURN found, b.id AS counterparty, via, total, count, records, undated, currencies, first, last,
       labels(b) AS labels, PROPS(b) AS props
ORDER BY total DESC, counterparty
