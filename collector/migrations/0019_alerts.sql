-- Alerts: subscriptions (a trigger and a destination per site), the delivery outbox, and the small state
-- the per-minute cron keeps to find what happened (collector/src/alerts, ARCHITECTURE.md "Closing the loop").

-- trigger / destination: JSON as validated by alerts/subscriptionSchema.ts; never holds a secret.
-- sealed_secret: the Standard Webhooks signing secret (whsec_…), sealed like webhook_secrets (sealSecret.ts,
--   site + "alert:<id>" as associated data); shown once at creation.
-- sealed_credentials: the destination's own credentials (Zendesk email/token), sealed the same way, or NULL.
CREATE TABLE alert_subscriptions (
  site TEXT NOT NULL REFERENCES sites(id),
  id TEXT NOT NULL,
  name TEXT,
  trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('survey_answer', 'segment', 'ticket', 'score_drop')),
  trigger TEXT NOT NULL,
  destination TEXT NOT NULL,
  sealed_secret TEXT NOT NULL,
  sealed_credentials TEXT,
  hint TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site, id)
);

-- The outbox: one row per (subscription, occurrence), id = the webhook-id (idempotency id), so raising the
-- same occurrence twice enqueues nothing new. payload: the exact body sent. The row stays as the delivery log.
-- status: pending (due at next_attempt_at) | delivered | dead (dead-lettered after the last try).
-- lease_until: an attempt in flight; another drainer skips the row until then (at-least-once, not twice at once).
CREATE TABLE alert_deliveries (
  site TEXT NOT NULL,
  id TEXT NOT NULL,
  subscription_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  visitor_id TEXT,
  customer_id TEXT,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,          -- pending | delivered | dead (no CHECK: personTables.test.ts fills person tables with synthetic values)
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  last_status INTEGER,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  PRIMARY KEY (site, id)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_at);
CREATE INDEX alert_deliveries_log ON alert_deliveries (site, subscription_id, created_at);

-- Events an alert may act on (survey answers, ticket updates and openings), copied by the ingest projection
-- in the same transaction as the events (only for sites with subscriptions); the cron drains it.
CREATE TABLE alert_inbox (
  site TEXT NOT NULL,
  event_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  type TEXT NOT NULL,
  ts INTEGER NOT NULL,
  props TEXT,
  PRIMARY KEY (site, event_id)
);

-- People with new events since the last cron run (segment and score-drop triggers re-evaluate only them).
CREATE TABLE alert_touched (
  site TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  PRIMARY KEY (site, visitor_id)
);

-- Last known segment membership per segment subscription and person (person key, store/subject.ts).
CREATE TABLE alert_segment_members (
  site TEXT NOT NULL,
  subscription_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  PRIMARY KEY (site, subscription_id, visitor_id)
);

-- Tickets opened and not yet resolved, for sites with ticket subscriptions ("open longer than N hours").
CREATE TABLE alert_open_tickets (
  site TEXT NOT NULL,
  helpdesk TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  subject TEXT,
  PRIMARY KEY (site, helpdesk, ticket_id)
);
CREATE INDEX alert_open_tickets_age ON alert_open_tickets (site, opened_at);
