-- Delivery health per site and UTC day: events the SDK had to drop from its bounded offline queue
-- (reported with the next batch as `dropped`). Sequence gaps are computed from `events` at read time.
CREATE TABLE ingest_stats (
  site TEXT NOT NULL,
  day TEXT NOT NULL,                    -- YYYY-MM-DD (UTC, by receive time)
  dropped INTEGER NOT NULL DEFAULT 0,   -- events the SDK reported dropped at its queue cap
  PRIMARY KEY (site, day)
) WITHOUT ROWID;
