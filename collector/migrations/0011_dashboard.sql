-- Dashboard (issue 8): indexes for the overview and the visitors table, and daily segment snapshots.

-- Top pages and web-vitals p75 for a date range read only these rows, from the index alone.
CREATE INDEX events_pageviews ON events(site, ts, path) WHERE type = 'pageview';
CREATE INDEX events_vitals ON events(site, name, ts, props) WHERE type = 'vital';
-- Visitors table sorted by events (keyset on (events, visitor_id)).
CREATE INDEX visitors_events ON visitors(site, events DESC, visitor_id DESC);

-- One row per site, day (UTC midnight, ms) and built-in segment: size, and how many people entered or
-- left it since the previous snapshot. Written by the daily cron or POST .../segments/snapshots.
CREATE TABLE segment_days (
  site TEXT NOT NULL,
  day INTEGER NOT NULL,
  segment TEXT NOT NULL,
  size INTEGER NOT NULL,
  entered INTEGER NOT NULL,
  left_count INTEGER NOT NULL,
  PRIMARY KEY (site, day, segment)
) WITHOUT ROWID;

-- Moves between segments of one family (e.g. nps-passives -> nps-promoters) between the previous
-- snapshot and this one.
CREATE TABLE segment_moves (
  site TEXT NOT NULL,
  day INTEGER NOT NULL,
  from_segment TEXT NOT NULL,
  to_segment TEXT NOT NULL,
  people INTEGER NOT NULL,
  PRIMARY KEY (site, day, from_segment, to_segment)
) WITHOUT ROWID;

-- Each visitor's built-in segments at the latest snapshot (JSON array), and at the latest snapshot of an
-- earlier day (`previous`): a second snapshot on one day compares with the day before, not with itself.
CREATE TABLE segment_membership (
  site TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  segments TEXT NOT NULL,
  day INTEGER NOT NULL,
  previous TEXT,
  PRIMARY KEY (site, visitor_id)
) WITHOUT ROWID;

-- Daily average Happy Index per site (the overview's trend line), written with the segment snapshot.
CREATE TABLE score_days (
  site TEXT NOT NULL,
  day INTEGER NOT NULL,
  people INTEGER NOT NULL,
  average REAL NOT NULL,
  PRIMARY KEY (site, day)
) WITHOUT ROWID;
