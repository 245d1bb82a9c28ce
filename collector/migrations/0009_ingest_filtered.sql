-- Events the collector refused to store on purpose (bots, datacenter traffic), counted per site, day
-- and reason, so nothing is dropped silently.
CREATE TABLE ingest_filtered (
  site TEXT NOT NULL,
  day TEXT NOT NULL,      -- YYYY-MM-DD (UTC)
  reason TEXT NOT NULL,   -- bot_user_agent | headless_browser | datacenter_network
  events INTEGER NOT NULL,
  PRIMARY KEY (site, day, reason)
) WITHOUT ROWID;
