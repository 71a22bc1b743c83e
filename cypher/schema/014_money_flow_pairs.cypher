// Money per payer and payee (issue 16, moneyFlow <= 15 ms): one PAID_PAIR per pair of accounts, the
// sum of its PAID_SUMMARY over every extract and currency (src/store/flow-summary.ts, whose
// rebuildFlowSummaries() runs the same regrouping; loads keep them from now on). Indexed by payer
// (OUT) and by payee (IN) with rank (minus the total) and the other side's id, so a full-scope
// flow's first hop reads the largest counterparties in index order, ties by id, without a sort.
// Dropped first, so a half-applied migration is simply applied again.
CREATE INDEX paid_pair_out IF NOT EXISTS FOR ()-[p:PAID_PAIR]-() ON (p.payer, p.rank, p.payee);
CREATE INDEX paid_pair_in IF NOT EXISTS FOR ()-[p:PAID_PAIR]-() ON (p.payee, p.rank, p.payer);
MATCH ()-[p:PAID_PAIR]->()
CALL (p) { DELETE p } IN TRANSACTIONS OF 10000 ROWS;
MATCH (a:Account) WHERE EXISTS { (a)-[:PAID_SUMMARY]->() }
CALL (a) {
  MATCH (a)-[s:PAID_SUMMARY]->(b:Account)
  WITH a, b, round(sum(s.total), 6) AS total, sum(s.transfers) AS transfers, sum(s.records) AS records,
       sum(s.undated) AS undated, collect(DISTINCT s.currency) AS currencies, min(s.first) AS first,
       max(s.last) AS last, collect(DISTINCT s.extract) AS extracts
  CREATE (a)-[p:PAID_PAIR]->(b)
  SET p.payer = a.id, p.payee = b.id, p.total = total, p.rank = -total, p.transfers = transfers,
      p.records = records, p.undated = undated, p.first = first, p.last = last,
      p.currencies = COLLECT { UNWIND currencies AS c RETURN c ORDER BY c },
      p.extracts = COLLECT { UNWIND extracts AS x RETURN x ORDER BY x }
} IN TRANSACTIONS OF 200 ROWS;
