-- Revenue, goals and funnels. See ARCHITECTURE.md ("Revenue, goals and funnels").

-- One row per order id and site: the first purchase stored for an order id (INSERT OR IGNORE by the
-- orders projection). A repeat purchase event with the same order id stays in events but adds no
-- revenue. session_id joins a purchase to the session it happened in (newsletter campaigns, channels).
CREATE TABLE orders (
  site TEXT NOT NULL,
  order_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  value REAL NOT NULL,
  currency TEXT NOT NULL,
  ts INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (site, order_id)
) WITHOUT ROWID;
CREATE INDEX orders_visitor ON orders(site, visitor_id);
CREATE INDEX orders_time ON orders(site, ts);

-- Every refund event (partial refunds add up), netted against the order it names. visitor_id (the
-- refund event's) lets erasure and retention find the row after its event is gone.
CREATE TABLE refunds (
  site TEXT NOT NULL,
  event_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  value REAL NOT NULL,
  currency TEXT NOT NULL,
  ts INTEGER NOT NULL,
  PRIMARY KEY (site, event_id)
) WITHOUT ROWID;
CREATE INDEX refunds_order ON refunds(site, order_id);

-- A site's goals: what counts as a conversion. matcher is JSON (goals/goalMatcher.ts):
-- { kind: 'page', path } | { kind: 'event', name, props? } | { kind: 'purchase' }.
CREATE TABLE goals (
  site TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  matcher TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site, id)
) WITHOUT ROWID;

-- A site's funnels: ordered steps (each a goal matcher, JSON array) completed within window_ms.
CREATE TABLE funnels (
  site TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  steps TEXT NOT NULL,
  window_ms INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site, id)
) WITHOUT ROWID;
