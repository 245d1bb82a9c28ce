-- Identity: which visitor ids (devices, browsers) identified as which customer, and the customer's traits.
CREATE TABLE customers (
  site TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  traits TEXT NOT NULL DEFAULT '{}',  -- JSON, merged (RFC 7396) by each identify
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (site, customer_id)
) WITHOUT ROWID;

-- Many-to-many: a customer has several devices; a shared device may identify as several customers.
CREATE TABLE identities (
  site TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  PRIMARY KEY (site, customer_id, visitor_id)
) WITHOUT ROWID;
CREATE INDEX identities_visitor ON identities(site, visitor_id);
