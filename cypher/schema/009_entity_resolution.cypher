// Entity resolution (issue 13): resolution runs and investigators' judgements are records of their
// own (model/resolution-contract.ts), each unique by id; match relationships MERGE on their `key`
// (type, ordered pair, scope), so a re-run never duplicates one and a run finds the pair it judged.
CREATE CONSTRAINT resolution_run_id IF NOT EXISTS FOR (n:ResolutionRun) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (n:Judgement) REQUIRE n.id IS UNIQUE;
CREATE INDEX resolution_run_status IF NOT EXISTS FOR (r:ResolutionRun) ON (r.status);
CREATE INDEX judgement_pair IF NOT EXISTS FOR (j:Judgement) ON (j.a, j.b);
CREATE INDEX same_as_key IF NOT EXISTS FOR ()-[r:SAME_AS]-() ON (r.key);
CREATE INDEX possibly_same_as_key IF NOT EXISTS FOR ()-[r:POSSIBLY_SAME_AS]-() ON (r.key);
CREATE INDEX not_same_as_key IF NOT EXISTS FOR ()-[r:NOT_SAME_AS]-() ON (r.key);
CREATE INDEX possibly_same_as_run IF NOT EXISTS FOR ()-[r:POSSIBLY_SAME_AS]-() ON (r.runId);
CREATE INDEX same_as_run IF NOT EXISTS FOR ()-[r:SAME_AS]-() ON (r.runId);
