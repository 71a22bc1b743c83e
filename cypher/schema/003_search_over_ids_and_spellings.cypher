// The search index also covers `id`, which holds the natural key (E.164 phone, IBAN in electronic
// form, document number, e-mail), so identifiers are found without a copy of them. `search` keeps
// every other spelling worth finding (all name spellings across extracts), refreshed after a load.
DROP INDEX entity_search IF EXISTS;
CREATE FULLTEXT INDEX entity_search_v2 IF NOT EXISTS
FOR (n:Person|Organisation|Account|Phone|Email|Address|IdentityDocument|Location|BenefitClaim|Case)
ON EACH [n.name, n.id, n.search]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } };

// Event keys identify one payment, call or cash movement across overlapping extracts; the loader
// looks them up by key, so each is unique and indexed.
CREATE CONSTRAINT paid_key IF NOT EXISTS FOR ()-[r:PAID]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT cash_key IF NOT EXISTS FOR ()-[r:CASH]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT called_key IF NOT EXISTS FOR ()-[r:CALLED]-() REQUIRE r.key IS UNIQUE;
