-- Newsletter links carry an opaque recipient reference instead of the recipient id: a keyed hash per
-- (site, campaign, recipient), kept here and resolved by the collector. NULL for recipients prepared
-- before references existed (their tokens carry the id and still verify; see newsletter/tokens.ts).
ALTER TABLE newsletter_recipients ADD COLUMN ref TEXT;
CREATE UNIQUE INDEX newsletter_recipients_ref ON newsletter_recipients(site, campaign, ref) WHERE ref IS NOT NULL;

-- The site's own hosts, where a newsletter click may carry the landing identity (ht_nl). Declared with
-- the write key (PUT /v1/sites/:site/hosts): a JSON array of hostnames, `*.example.com` for subdomains.
CREATE TABLE own_hosts (
  site TEXT NOT NULL PRIMARY KEY,
  hosts TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Hostnames the SDK sent page views from (projection seenHosts): the own hosts of a site that declared none.
CREATE TABLE seen_hosts (
  site TEXT NOT NULL,
  host TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  PRIMARY KEY (site, host)
) WITHOUT ROWID;
