-- One row per visit (site, session id), written at ingest from the session's first page view by the
-- sessions projection: where it came from (channel, source, medium, campaign, referrer host, landing
-- path, classified by acquisition/classifySession.ts) and on what (browser, OS, device type from the
-- user agent; country from the edge). Neither the user agent nor the IP address is stored. Channel
-- values are CHANNELS in acquisition/channels.ts (not repeated here as a CHECK, so the list lives once).
-- Sessions before this migration are not classified: the request facts they need were never kept.
CREATE TABLE sessions (
  site TEXT NOT NULL,
  session_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  channel TEXT NOT NULL,
  source TEXT,
  medium TEXT,
  campaign TEXT,
  referrer_host TEXT,
  landing_path TEXT,
  browser TEXT,
  os TEXT,
  device_type TEXT,
  country TEXT,
  PRIMARY KEY (site, session_id)
) WITHOUT ROWID;

-- The reports read a site's sessions in a date range; erasure and retention find a person's sessions.
CREATE INDEX sessions_time ON sessions(site, started_at);
CREATE INDEX sessions_visitor ON sessions(site, visitor_id);
