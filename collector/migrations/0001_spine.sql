-- Sites, API keys, events and the per-visitor summary. See ARCHITECTURE.md ("Storage").

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Keys are stored as SHA-256 hex of the key; the key itself is shown once, at creation.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(id),
  kind TEXT NOT NULL CHECK (kind IN ('read', 'write')),
  hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX api_keys_site ON api_keys(site, kind);

-- One row per event. (site, id) is the dedup key: a retried batch inserts nothing new.
-- batch_id marks the request that stored the row, so the visitor summary counts only new rows.
CREATE TABLE events (
  site TEXT NOT NULL,
  id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  name TEXT,
  ts INTEGER NOT NULL,          -- corrected, clamped event time (ms)
  client_ts INTEGER NOT NULL,   -- what the client said
  received_at INTEGER NOT NULL, -- server time (ms)
  url TEXT,
  path TEXT,
  props TEXT,                   -- JSON
  source TEXT NOT NULL,         -- browser | pixel | click | server | webhook
  batch_id TEXT NOT NULL,
  PRIMARY KEY (site, id)
) WITHOUT ROWID;
CREATE INDEX events_visitor_time ON events(site, visitor_id, ts, seq, id);

CREATE TABLE visitors (
  site TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  customer_id TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  events INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site, visitor_id)
) WITHOUT ROWID;
CREATE INDEX visitors_recent ON visitors(site, last_seen DESC, visitor_id DESC);
