-- Happy Index, segments and clusters. See ARCHITECTURE.md ("Happy Index, segments and exports").

-- Decay-free sufficient statistics per visitor id, signal and era (see collector/src/score/decay.ts):
-- integer sums of 4096·2^((t − eraStart)/h) and of that times the observed value. Adding a batch is an
-- integer increment (commutative, exact); only the two newest eras per (visitor, signal) are kept.
CREATE TABLE score_state (
  site TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  signal TEXT NOT NULL,
  half_life_ms INTEGER NOT NULL,
  era INTEGER NOT NULL,
  w INTEGER NOT NULL,
  wx INTEGER NOT NULL,
  PRIMARY KEY (site, visitor_id, signal, half_life_ms, era)
) WITHOUT ROWID;

-- Per-site overrides of the score model (JSON as PUT), and the half-life per signal it resolves to
-- (JSON {signal: ms}), which the ingest projection reads in SQL.
CREATE TABLE score_config (
  site TEXT PRIMARY KEY,
  config TEXT NOT NULL,
  half_lives TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Custom segments: a rule (JSON, see collector/src/segments/segmentRule.ts) saved per site.
CREATE TABLE segments (
  site TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  rule TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site, id)
) WITHOUT ROWID;

-- The latest RFM-style clustering per site (JSON: groups with sizes and centroids).
CREATE TABLE clusterings (
  site TEXT PRIMARY KEY,
  result TEXT NOT NULL,
  computed_at INTEGER NOT NULL
);

-- Exports read a site's events in time order across visitors.
CREATE INDEX events_site_time ON events(site, ts, id);
