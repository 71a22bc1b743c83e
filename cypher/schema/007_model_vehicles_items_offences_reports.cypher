// Core labels for what police exports hold besides people and money (src/model/core.ts): vehicles,
// seized items, offences and suspicious-activity reports. Unique ids, as for every entity label.
CREATE CONSTRAINT vehicle_id IF NOT EXISTS FOR (n:Vehicle) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT item_id IF NOT EXISTS FOR (n:Item) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT offence_id IF NOT EXISTS FOR (n:Offence) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT report_id IF NOT EXISTS FOR (n:Report) REQUIRE n.id IS UNIQUE;
// Identifiers of the new labels (a plate, a VIN, an IMEI, a report reference) are found like any
// other: a full-text index's labels cannot be changed, so the index is made again with them.
CREATE FULLTEXT INDEX entity_ids_v2 IF NOT EXISTS
FOR (n:Person|Organisation|Account|Phone|Email|Address|IdentityDocument|Location|BenefitClaim|Case|Vehicle|Item|Offence|Report)
ON EACH [n.id]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } };
DROP INDEX entity_ids IF EXISTS;
// Several facts between one pair keep their kinds (store/write.ts): RELATED_TO merges on its
// endpoints and `factKey` (its kind), PARTY_TO on its capacity. Links loaded before carry the
// kind their first recorder gave; they get it as their fact key, so a reload finds them.
MATCH ()-[r:RELATED_TO]->() WHERE r.factKey IS NULL
CALL (r) { SET r.factKey = coalesce(toString(r.kind), '') } IN TRANSACTIONS OF 10000 ROWS;
