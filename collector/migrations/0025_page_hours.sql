-- Page views counted per site, hour and path, kept at ingest by the pageHours projection. The
-- overview's top pages summed a month of pageview index entries per request (seconds at 5,000,000
-- events); whole hours now come from here and only the partial hours at the range's ends from events.
-- Counts, not people: erasing a person leaves them; retention purges hours before its cutoff.
CREATE TABLE page_hours (
  site TEXT NOT NULL,
  hour INTEGER NOT NULL, -- start of the hour, ms since the epoch (UTC)
  path TEXT NOT NULL,    -- '' for a page view without a path
  views INTEGER NOT NULL,
  PRIMARY KEY (site, hour, path)
) WITHOUT ROWID;

INSERT INTO page_hours (site, hour, path, views)
SELECT site, ts - ts % 3600000, coalesce(path, ''), count(*) FROM events WHERE type = 'pageview' GROUP BY 1, 2, 3;
