-- The rules job scans unlinked fingerprints of a project in id order; once most are linked, the state/count
-- index walks past every linked row (160 ms per batch over 1,000,000 fingerprints). This partial index holds
-- only the unlinked ones (0.18 ms per batch, EXPLAIN ANALYZE).
create index ix_fingerprint_project_id_unlinked on fingerprint (project, id) where jira_issue_key is null;
