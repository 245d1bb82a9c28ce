-- Web-vitals samples as numbers, in value order per metric (issue 8: the overview's p75 at 500k events).
-- Reading p75 from events meant parsing each vital's props JSON and sorting them per request (~450 ms
-- for 180,000 vitals); here the primary key keeps each metric's values sorted, so counts are one narrow
-- scan and p75 is an OFFSET into that order. Kept at ingest by the vitalSamples projection; erased and
-- purged with their events (event_id).
CREATE TABLE vital_samples (
  site TEXT NOT NULL,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  ts INTEGER NOT NULL,
  rating TEXT NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (site, name, value, ts, event_id)
) WITHOUT ROWID;

INSERT INTO vital_samples (site, name, value, ts, rating, event_id)
SELECT site, name, props->>'value', ts, props->>'rating', id FROM events
WHERE type = 'vital' AND props->>'value' IS NOT NULL AND props->>'rating' IS NOT NULL;

-- The overview read vitals through this index; vital_samples replaces it.
DROP INDEX events_vitals;
