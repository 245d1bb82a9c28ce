-- Newsletters: what was prepared, so clicks resolve a link id to a destination (never a URL from the
-- request), and the recipients tokens were issued for (the report's "sent to").
CREATE TABLE newsletters (
  site TEXT NOT NULL,
  campaign TEXT NOT NULL,
  unsigned_recipient INTEGER NOT NULL DEFAULT 0,  -- 1: recipient ids come unsigned from the email tool
  sent_at INTEGER NOT NULL,                       -- ms; the send time if given, else prepare time
  expires_at INTEGER NOT NULL,                    -- ms; tokens stop working after this
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site, campaign)
) WITHOUT ROWID;

CREATE TABLE newsletter_links (
  site TEXT NOT NULL,
  campaign TEXT NOT NULL,
  link_id INTEGER NOT NULL,
  url TEXT NOT NULL,          -- absolute http(s), checked at prepare
  PRIMARY KEY (site, campaign, link_id)
) WITHOUT ROWID;

CREATE TABLE newsletter_recipients (
  site TEXT NOT NULL,
  campaign TEXT NOT NULL,
  recipient TEXT NOT NULL,
  PRIMARY KEY (site, campaign, recipient)
) WITHOUT ROWID;

-- The campaign report reads a campaign's opens and clicks by name; this keeps it off a full scan.
CREATE INDEX events_newsletter ON events(site, name, type) WHERE type IN ('newsletter_open', 'newsletter_click');
