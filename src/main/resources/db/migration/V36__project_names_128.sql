-- A tracker project's name may have 128 characters, as an integration's (integration.project is varchar(128)):
-- the fingerprints and the ingest staging held 64, so the events of a longer project could not be stored.
-- Raising a varchar's length changes only the catalogue: no row or index is rewritten.
ALTER TABLE fingerprint ALTER COLUMN project TYPE varchar(128);
ALTER TABLE ingest_batch ALTER COLUMN project TYPE varchar(128);
