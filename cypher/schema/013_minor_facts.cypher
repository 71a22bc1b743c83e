// The minors rule's facts (issue 18): each person's birth dates and dated facts with the extracts
// a viewer must see for each to count, then each document's, phone's, e-mail address's and
// account's holders with theirs, stored so reads filter lists instead of walking every dated link
// (src/store/minor-facts.ts, whose refreshMinorFacts() runs these same statements; the online
// loader keeps them from now on). Recomputed, so applying them again is safe.
MATCH (v:Person) WHERE true
CALL (v) { 
  WITH v, [b IN COLLECT { MATCH (x:Extract)-[m:MENTIONS]->(v) WHERE m.p_birthDate IS NOT NULL
        RETURN {d: left(toString(m.p_birthDate), 10), by: x.id} AS b ORDER BY x.id }
      + CASE WHEN v.birthDate IS NULL THEN [] ELSE [{d: left(toString(v.birthDate), 10), by: ''}] END
      WHERE b.d =~ '\d{4}(-\d{2}(-\d{2})?)?'] AS found
  WITH v, [b IN found | b {.*, until: CASE size(b.d) WHEN 10 THEN right('000' + toString(toInteger(left(b.d, 4)) + 18), 4) + substring(b.d, 4) WHEN 7 THEN CASE WHEN toInteger(substring(b.d, 5, 2)) >= 12 THEN right('000' + toString(toInteger(left(b.d, 4)) + 19), 4) + '-01-01' ELSE right('000' + toString(toInteger(left(b.d, 4)) + 18), 4) + '-' + right('0' + toString(toInteger(substring(b.d, 5, 2)) + 1), 2) + '-01' END ELSE right('000' + toString(toInteger(left(b.d, 4)) + 19), 4) + '-01-01' END}] AS births,
    COLLECT { MATCH (x:Extract)-[:MENTIONS]->(v) RETURN DISTINCT x.id ORDER BY x.id } AS seenBy
  WITH v, births, seenBy, CASE WHEN size(births) = 0 THEN [] ELSE COLLECT {
    CALL (v) {
      MATCH (v)-[r:TOOK|CLAIMS|REGISTERED_AT|EMPLOYS|INVOLVED_IN|HAS_DOCUMENT]-(n)<-[:MENTIONS]-(x:Extract)
      WHERE coalesce(r.at, r.from) IS NOT NULL AND r.extract IS NOT NULL
      RETURN type(r) AS t, left(toString(coalesce(r.at, r.from)), 10) AS d, r.extract AS a, x.id AS b
      UNION ALL
      MATCH (v)-[r:TOOK|CLAIMS|REGISTERED_AT|EMPLOYS|INVOLVED_IN|HAS_DOCUMENT]-(n)<-[m:MENTIONS]-(x:Extract)
      WHERE coalesce(m.p_date, m.p_start, m.p_issued) IS NOT NULL
      UNWIND [e IN [r.extract] + coalesce(r.extracts, []) WHERE e IS NOT NULL] AS e
      RETURN type(r) AS t, left(toString(coalesce(m.p_date, m.p_start, m.p_issued)), 10) AS d, x.id AS a, e AS b
      UNION ALL
      MATCH (v)-[h:HOLDS|HAS_PHONE]->()-[p:PAID|CALLED]-()
      WHERE p.at IS NOT NULL AND p.extract IS NOT NULL
      WITH type(p) AS t, h, p.extract AS b, min(left(toString(p.at), 10)) AS d
      UNWIND [e IN [h.extract] + coalesce(h.extracts, []) WHERE e IS NOT NULL] AS a
      RETURN t, d, a, b
    }
    WITH t, a, b, min(d) AS d WHERE d =~ '\d{4}-\d{2}-\d{2}'
    RETURN {kind: CASE t WHEN 'TOOK' THEN 'journey' WHEN 'CLAIMS' THEN 'benefitClaim' WHEN 'REGISTERED_AT' THEN 'address' WHEN 'EMPLOYS' THEN 'employment' WHEN 'INVOLVED_IN' THEN 'offence' WHEN 'HAS_DOCUMENT' THEN 'document' WHEN 'PAID' THEN 'payment' ELSE 'call' END, d: d, a: a, b: b} AS ev ORDER BY d, t, a, b
  } END AS events
  WITH v, births, seenBy, events, COLLECT {
    UNWIND births AS b UNWIND events AS e
    WITH b, e WHERE e.d < b.until
    RETURN DISTINCT {by: b.by, a: e.a, b: e.b} AS term ORDER BY term.by, term.a, term.b
  } AS terms
  SET v.mnr_seenBy = seenBy,
    v.mnr_birth = CASE WHEN size(births) = 0 THEN null ELSE [b IN births | b.d] END,
    v.mnr_birthBy = CASE WHEN size(births) = 0 THEN null ELSE [b IN births | b.by] END,
    v.mnr_until = CASE WHEN size(births) = 0 THEN null ELSE [b IN births | b.until] END,
    v.mnr_evDate = CASE WHEN size(births) = 0 THEN null ELSE [e IN events | e.d] END,
    v.mnr_evKind = CASE WHEN size(births) = 0 THEN null ELSE [e IN events | e.kind] END,
    v.mnr_evA = CASE WHEN size(births) = 0 THEN null ELSE [e IN events | e.a] END,
    v.mnr_evB = CASE WHEN size(births) = 0 THEN null ELSE [e IN events | e.b] END,
    v.mnr_ifBy = CASE WHEN size(terms) = 0 THEN null ELSE [t IN terms | t.by] END,
    v.mnr_ifA = CASE WHEN size(terms) = 0 THEN null ELSE [t IN terms | t.a] END,
    v.mnr_ifB = CASE WHEN size(terms) = 0 THEN null ELSE [t IN terms | t.b] END } IN TRANSACTIONS OF 200 ROWS;
MATCH (k) WHERE (k:IdentityDocument OR k:Phone OR k:Email OR k:Account) AND true
CALL (k) { 
  WITH k, COLLECT { MATCH (h)-[:HAS_DOCUMENT|HOLDS|HAS_PHONE|HAS_EMAIL]->(k) RETURN DISTINCT h ORDER BY h.id } AS found
  WITH k, CASE WHEN any(h IN found WHERE h:Person AND h.mnr_birth IS NOT NULL) THEN found ELSE [] END AS hs
  WITH k, hs,
    COLLECT { UNWIND range(0, size(hs) - 1) AS j WITH j, hs[j] AS h MATCH (h)-[r:HAS_DOCUMENT|HOLDS|HAS_PHONE|HAS_EMAIL]->(k)
      UNWIND [e IN [r.extract] + coalesce(r.extracts, []) WHERE e IS NOT NULL] AS e
      RETURN DISTINCT {of: j, rec: e} AS x ORDER BY x.of, x.rec } AS links,
    COLLECT { UNWIND range(0, size(hs) - 1) AS j WITH j, hs[j] AS h WHERE h:Person
      UNWIND range(0, size(coalesce(h.mnr_ifA, [])) - 1) AS t
      RETURN {of: j, by: h.mnr_ifBy[t], a: h.mnr_ifA[t], b: h.mnr_ifB[t]} AS x } AS terms,
    COLLECT { UNWIND range(0, size(hs) - 1) AS j WITH j, hs[j] AS h WHERE h:Person
      UNWIND range(0, size(coalesce(h.mnr_until, [])) - 1) AS u
      RETURN {of: j, by: h.mnr_birthBy[u], until: h.mnr_until[u]} AS x } AS untils
  SET k.mnr_hCount = CASE WHEN size(hs) = 0 THEN null ELSE size(hs) END,
    k.mnr_hOf = CASE WHEN size(hs) = 0 THEN null ELSE [x IN links | x.of] END,
    k.mnr_hRec = CASE WHEN size(hs) = 0 THEN null ELSE [x IN links | x.rec] END,
    k.mnr_tOf = CASE WHEN size(terms) = 0 THEN null ELSE [x IN terms | x.of] END,
    k.mnr_tBy = CASE WHEN size(terms) = 0 THEN null ELSE [x IN terms | x.by] END,
    k.mnr_tA = CASE WHEN size(terms) = 0 THEN null ELSE [x IN terms | x.a] END,
    k.mnr_tB = CASE WHEN size(terms) = 0 THEN null ELSE [x IN terms | x.b] END,
    k.mnr_uOf = CASE WHEN size(untils) = 0 THEN null ELSE [x IN untils | x.of] END,
    k.mnr_uBy = CASE WHEN size(untils) = 0 THEN null ELSE [x IN untils | x.by] END,
    k.mnr_uUntil = CASE WHEN size(untils) = 0 THEN null ELSE [x IN untils | x.until] END } IN TRANSACTIONS OF 200 ROWS;
