// money flow, money arriving at the frontier accounts (IN): store/read/money.ts.
// Undated transfers a window left out at this hop (the payments the hop would follow otherwise):
// a summary's undated count when every payment clears the minimum amount, else its undated payments.
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})<-[s:PAID_SUMMARY]-(b:Account)
WHERE s.undated > 0 AND NOT b.id IN $seen AND REL_VISIBLE(s) AND VISIBLE(b)
WITH a, b, s, $minAmount IS NULL OR (s.amounts = s.records AND s.minAmount >= $minAmount) AS whole
CALL (a, b, s, whole) {
  WITH a, b, s, whole WHERE NOT whole
  MATCH (a)<-[r:PAID]-(b)
  WHERE r.at IS NULL AND r.extract = s.extract AND coalesce(r.currency, '') = s.currency AND r.amount >= $minAmount
  RETURN sum(CASE WHEN (r.count IS :: INTEGER OR r.count IS :: FLOAT) AND r.count >= 1 AND r.count = floor(r.count) THEN toInteger(r.count) ELSE 1 END) AS partial
}
RETURN sum(CASE WHEN whole THEN s.undated ELSE partial END) AS undated
