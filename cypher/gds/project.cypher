// The in-database projection for community detection: store/gds.ts (its module comment says what
// it mirrors of analyse/project.ts). One Cypher aggregation: rows (s, t, w) of every link kind,
// summed per ordered pair, projected with gds.graph.project.
//
// Money and calls count only events inside the run's window (the in-process projection's rule:
// a payment's period [at, coalesce(until, at)] overlaps it, `until` exclusive; undated events only
// without a window).
//
// Each end of a payment, call or travel payment stands for its holders (visible HOLDS or
// HAS_PHONE from a person or organisation), or for itself when nobody holds it: the CALL blocks
// that return hs1, hs2 and payers, written out per end.
CALL {
  MATCH (a1:Account)-[r:PAID]->(a2:Account) WHERE REL_VISIBLE(r) AND ((r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
  AND ($since IS NULL OR coalesce(r.until, r.at) >= $since) AND ($until IS NULL OR r.at < $until)))
  WITH a1, a2, sum(CASE WHEN r.count >= 1 THEN toInteger(r.count) ELSE 1 END) AS n,
       sum(abs(coalesce(toFloat(r.amount), 0.0))) AS amount
  
  CALL {
    WITH a1
    OPTIONAL MATCH (h:Person|Organisation)-[hr:HOLDS]->(a1) WHERE REL_VISIBLE(hr)
    WITH a1, collect(DISTINCT h) AS hs
    RETURN CASE WHEN size(hs) = 0 THEN [a1] ELSE hs END AS hs1
  }
  
  CALL {
    WITH a2
    OPTIONAL MATCH (h:Person|Organisation)-[hr:HOLDS]->(a2) WHERE REL_VISIBLE(hr)
    WITH a2, collect(DISTINCT h) AS hs
    RETURN CASE WHEN size(hs) = 0 THEN [a2] ELSE hs END AS hs2
  }
  UNWIND hs1 AS x UNWIND hs2 AS y
  WITH x, y, n, amount WHERE x <> y
  WITH CASE WHEN x.id < y.id THEN x ELSE y END AS s, CASE WHEN x.id < y.id THEN y ELSE x END AS t, n, amount
  WITH s, t, sum(n) AS n, sum(amount) AS amount
  RETURN s, t, $w.moneyPerLogCount * log(1 + n) / log(2) + $w.moneyPerLogAmount * log10(1 + amount) AS w
  UNION ALL
  MATCH (p1:Phone)-[r:CALLED]->(p2:Phone) WHERE REL_VISIBLE(r) AND ((r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
  AND ($since IS NULL OR coalesce(r.until, r.at) >= $since) AND ($until IS NULL OR r.at < $until)))
  WITH p1, p2, sum(CASE WHEN r.count >= 1 THEN toInteger(r.count) ELSE 1 END) AS n
  
  CALL {
    WITH p1
    OPTIONAL MATCH (h:Person|Organisation)-[hr:HAS_PHONE]->(p1) WHERE REL_VISIBLE(hr)
    WITH p1, collect(DISTINCT h) AS hs
    RETURN CASE WHEN size(hs) = 0 THEN [p1] ELSE hs END AS hs1
  }
  
  CALL {
    WITH p2
    OPTIONAL MATCH (h:Person|Organisation)-[hr:HAS_PHONE]->(p2) WHERE REL_VISIBLE(hr)
    WITH p2, collect(DISTINCT h) AS hs
    RETURN CASE WHEN size(hs) = 0 THEN [p2] ELSE hs END AS hs2
  }
  UNWIND hs1 AS x UNWIND hs2 AS y
  WITH x, y, n WHERE x <> y
  WITH CASE WHEN x.id < y.id THEN x ELSE y END AS s, CASE WHEN x.id < y.id THEN y ELSE x END AS t, n
  WITH s, t, sum(n) AS n
  RETURN s, t, $w.callPerLogCount * log(1 + n) / log(2) AS w
  UNION ALL
  MATCH (x:Person|Organisation)-[r:HAS_PHONE|HAS_EMAIL|REGISTERED_AT|HOLDS|HAS_DOCUMENT|OWNS|USES]->(i)
  WHERE (i:Phone OR i:Email OR i:Address OR i:Account OR i:IdentityDocument OR i:Vehicle OR i:Item)
    AND REL_VISIBLE(r)
  WITH i, collect(DISTINCT x) AS xs
  WHERE size(xs) >= 2 AND size(xs) <= $maxActors
  WITH xs, size(xs) AS k, CASE WHEN i:Phone THEN $w.sharedPhone WHEN i:Email THEN $w.sharedEmail
    WHEN i:Address THEN $w.sharedAddress WHEN i:Account THEN $w.sharedAccount
    WHEN i:IdentityDocument THEN $w.sharedDocument WHEN i:Vehicle THEN $w.sharedVehicle
    ELSE $w.sharedItem END AS weight
  UNWIND xs AS s UNWIND xs AS t
  WITH s, t, k, weight WHERE s.id < t.id
  RETURN s, t, weight / (k - 1) AS w
  UNION ALL
  MATCH (x:Person|Organisation)-[r:EMPLOYS|DIRECTS|OWNS|RELATED_TO|SAME_AS]->(y:Person|Organisation)
  WHERE REL_VISIBLE(r) AND x <> y
  RETURN x AS s, y AS t, CASE type(r) WHEN 'EMPLOYS' THEN $w.employment WHEN 'DIRECTS' THEN $w.directorship
    WHEN 'OWNS' THEN $w.ownership WHEN 'RELATED_TO' THEN $w.family ELSE $w.sameAs END AS w
  UNION ALL
  MATCH (x:Person)-[r:HELD_DOCUMENT]->(:IdentityDocument)<-[r2:HAS_DOCUMENT]-(y:Person)
  WHERE REL_VISIBLE(r) AND REL_VISIBLE(r2) AND x <> y
  RETURN x AS s, y AS t, $w.heldDocument AS w
  UNION ALL
  MATCH (x:Person)-[r:CLAIMS]->(:BenefitClaim)-[r2:PAID_INTO]->(a:Account)<-[r3:HOLDS]-(y:Person|Organisation)
  WHERE REL_VISIBLE(r) AND REL_VISIBLE(r2) AND REL_VISIBLE(r3) AND x <> y
  RETURN x AS s, y AS t, $w.claimPayee AS w
  UNION ALL
  MATCH (payer:Person|Account)-[r:PAID_FOR]->(:Journey)<-[r2:TOOK]-(y:Person)
  WHERE REL_VISIBLE(r) AND REL_VISIBLE(r2)
  
  CALL {
    WITH payer
    OPTIONAL MATCH (h:Person|Organisation)-[hr:HOLDS]->(payer) WHERE REL_VISIBLE(hr)
    WITH payer, collect(DISTINCT h) AS hs
    RETURN CASE WHEN size(hs) = 0 THEN [payer] ELSE hs END AS payers
  }
  UNWIND payers AS x
  WITH x, y WHERE x <> y
  RETURN x AS s, y AS t, $w.travelPayer AS w
}
WITH s, t, sum(w) AS w WHERE w > 0
WITH gds.graph.project($graph, s, t, {relationshipProperties: {w: w}}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
