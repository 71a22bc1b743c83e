// Full-text search over names and identifiers. `name` is the display name; `search` holds every
// identifier spelling worth finding (E.164 and national phone digits, IBAN with and without spaces,
// document numbers, e-mail, postcode), written by the loader.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Person|Organisation|Account|Phone|Email|Address|IdentityDocument|Location|BenefitClaim|Case)
ON EACH [n.name, n.search]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } };

// Candidate matching between spellings of one person across extracts.
CREATE INDEX person_name_key IF NOT EXISTS FOR (n:Person) ON (n.nameKey);
CREATE INDEX person_birth_date IF NOT EXISTS FOR (n:Person) ON (n.birthDate);

// Time windows on events (money flows, calls, timelines).
CREATE INDEX paid_at IF NOT EXISTS FOR ()-[r:PAID]-() ON (r.at);
CREATE INDEX called_at IF NOT EXISTS FOR ()-[r:CALLED]-() ON (r.at);
CREATE INDEX cash_at IF NOT EXISTS FOR ()-[r:CASH]-() ON (r.at);

// Provenance look-ups: which rows of which extract made this relationship.
CREATE INDEX paid_extract IF NOT EXISTS FOR ()-[r:PAID]-() ON (r.extract);
CREATE INDEX called_extract IF NOT EXISTS FOR ()-[r:CALLED]-() ON (r.extract);

// Analysis results by run.
CREATE INDEX network_run IF NOT EXISTS FOR (n:Network) ON (n.runId);
