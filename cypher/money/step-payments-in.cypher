// money flow, money arriving at the frontier accounts (IN): store/read/money.ts.
// The payments behind one step (its evidence), by the hop's own rules (hop-out.cypher /
// hop-in.cypher), oldest first (undated last), paged (read/page.ts readPage).
UNWIND $frontier AS f
MATCH (a:Account {id: f.id})<-[r:PAID]-(o:Account {id: $counterparty})
WHERE REL_VISIBLE(r) AND VISIBLE(o)
  AND ((r.at IS NULL AND $since IS NULL AND $until IS NULL) OR (r.at IS NOT NULL
    AND ($since IS NULL OR coalesce(r.until, r.at) >= $since) AND ($until IS NULL OR r.at <= $until)
    AND (f.before IS NULL OR r.at <= f.before)))
  AND ($minAmount IS NULL OR r.amount >= $minAmount)
WITH a, r, o ORDER BY r.at IS NULL, r.at, a.id, elementId(r)
WITH collect({relId: elementId(r), rel: REL_PROPS(r), account: a.id, labels: labels(o), props: PROPS(o)}) AS items
RETURN size(items) AS total, items[$skip..$skip + $limit] AS page
