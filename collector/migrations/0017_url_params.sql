-- Per-site query parameters kept in stored URLs besides utm_* and ad click ids (ingest/minimalUrl.ts).
-- A JSON array of names; NULL keeps only the defaults.
ALTER TABLE sites ADD COLUMN url_params TEXT;
