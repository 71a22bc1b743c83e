// Money pairs only where a first hop ranks counterparties away (issue 16: the online loader at a
// million rows within 1.5x its floor with pairs). Migration 014's PAID_PAIR, one per payer and
// payee for every pair, cost the loader nearly what the summaries did; now an account has pairs on
// a side only when it has more than 50 counterparties there (moneyFlow's default hop limit; see
// src/store/flow-summary.ts PAIR_DEFAULTS): PAID_PAIR_OUT belong to the payer, PAID_PAIR_IN to the
// payee, each indexed in rank order from its owner. The statements after the indexes are, word for
// word, src/store/flow-summary.ts ALL_PAIR_STATEMENTS(50) (test/unit/store/flow-pairs-migration.test.ts).
// Everything is dropped first, so a half-applied migration is simply applied again.
DROP INDEX paid_pair_out IF EXISTS;
DROP INDEX paid_pair_in IF EXISTS;
MATCH ()-[p:PAID_PAIR]->()
CALL (p) { DELETE p } IN TRANSACTIONS OF 10000 ROWS;
CREATE INDEX pair_out_rank IF NOT EXISTS FOR ()-[p:PAID_PAIR_OUT]-() ON (p.payer, p.rank, p.payee);
CREATE INDEX pair_in_rank IF NOT EXISTS FOR ()-[p:PAID_PAIR_IN]-() ON (p.payee, p.rank, p.payer);
MATCH ()-[p:PAID_PAIR_OUT]->()
CALL (p) { DELETE p } IN TRANSACTIONS OF 10000 ROWS;
MATCH ()-[p:PAID_PAIR_IN]->()
CALL (p) { DELETE p } IN TRANSACTIONS OF 10000 ROWS;
MATCH (x:Account) WHERE COUNT { (x)-[:PAID_SUMMARY]->() } > 50
CALL (x) {
  WITH x WHERE COUNT { MATCH (x)-[s:PAID_SUMMARY]->(y:Account) RETURN DISTINCT y } > 50
  MATCH (x)-[s:PAID_SUMMARY]->(y:Account)
  WITH x, y, round(sum(s.total), 6) AS total, sum(s.transfers) AS transfers, sum(s.records) AS records,
       sum(s.undated) AS undated, collect(DISTINCT s.currency) AS currencies, min(s.first) AS first,
       max(s.last) AS last, collect(DISTINCT s.extract) AS extracts
  CREATE (x)-[p:PAID_PAIR_OUT]->(y)
  SET p.payer = x.id, p.payee = y.id, p.total = total, p.rank = -total, p.transfers = transfers,
      p.records = records, p.undated = undated, p.first = first, p.last = last,
      p.currencies = COLLECT { UNWIND currencies AS c RETURN c ORDER BY c },
      p.extracts = COLLECT { UNWIND extracts AS e RETURN e ORDER BY e }
} IN TRANSACTIONS OF 200 ROWS;
MATCH (x:Account) WHERE COUNT { ()-[:PAID_SUMMARY]->(x) } > 50
CALL (x) {
  WITH x WHERE COUNT { MATCH (y:Account)-[s:PAID_SUMMARY]->(x) RETURN DISTINCT y } > 50
  MATCH (y:Account)-[s:PAID_SUMMARY]->(x)
  WITH x, y, round(sum(s.total), 6) AS total, sum(s.transfers) AS transfers, sum(s.records) AS records,
       sum(s.undated) AS undated, collect(DISTINCT s.currency) AS currencies, min(s.first) AS first,
       max(s.last) AS last, collect(DISTINCT s.extract) AS extracts
  CREATE (y)-[p:PAID_PAIR_IN]->(x)
  SET p.payer = y.id, p.payee = x.id, p.total = total, p.rank = -total, p.transfers = transfers,
      p.records = records, p.undated = undated, p.first = first, p.last = last,
      p.currencies = COLLECT { UNWIND currencies AS c RETURN c ORDER BY c },
      p.extracts = COLLECT { UNWIND extracts AS e RETURN e ORDER BY e }
} IN TRANSACTIONS OF 200 ROWS;
