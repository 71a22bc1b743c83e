// The audit trail: one (:AuditRecord) per consultation, load, export or analysis run, chained by
// hash to the one before (seq, prevHash, hash); (:AuditHead) holds the chain's end and is locked by
// every append, so appends are serialised even across server processes.
CREATE CONSTRAINT audit_record_seq IF NOT EXISTS FOR (a:AuditRecord) REQUIRE a.seq IS UNIQUE;
CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (h:AuditHead) REQUIRE h.id IS UNIQUE;
CREATE INDEX audit_record_actor IF NOT EXISTS FOR (a:AuditRecord) ON (a.actor);
CREATE INDEX audit_record_at IF NOT EXISTS FOR (a:AuditRecord) ON (a.at);
