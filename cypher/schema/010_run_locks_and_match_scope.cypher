// Resolution runs (issue 13): one running run per scope, made certain by the database. A run holds a
// :RunLock whose id is "resolution:<scopeKey>", created in the transaction that creates the run and
// deleted when it completes, fails or is abandoned; two starts at once cannot both create it.
CREATE CONSTRAINT run_lock_id IF NOT EXISTS FOR (n:RunLock) REQUIRE n.id IS UNIQUE;
// A completed run replaces the earlier answers of its scope (store/write-resolution.ts
// replacePreviousAnswers) by `scopeKey`: an index seek per type instead of a scan of every match.
CREATE INDEX same_as_scope IF NOT EXISTS FOR ()-[r:SAME_AS]-() ON (r.scopeKey);
CREATE INDEX possibly_same_as_scope IF NOT EXISTS FOR ()-[r:POSSIBLY_SAME_AS]-() ON (r.scopeKey);
