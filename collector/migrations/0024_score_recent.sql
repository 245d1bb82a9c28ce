-- The Happy Index's trend window as maintained state (ARCHITECTURE.md, "Happy Index, segments and
-- exports"): the same integer terms score_state adds (collector/src/score/decay.ts), kept per UTC day of
-- the event (day = ts / 86,400,000) for the last RECENT_DAYS days, so the score 30 days ago is the state
-- minus these sums instead of a re-read of the window's events. Written by the same statements as
-- score_state (ingest and recompute); days older than the window are pruned per visitor at ingest.
-- Sites with history from before this migration: POST /v1/sites/:site/scores/recompute (or
-- `hoptrail score recompute`) fills it; until then their trends see only events stored since.
CREATE TABLE score_recent (
  site TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  signal TEXT NOT NULL,
  half_life_ms INTEGER NOT NULL,
  era INTEGER NOT NULL,
  w INTEGER NOT NULL,
  wx INTEGER NOT NULL,
  PRIMARY KEY (site, visitor_id, day, signal, half_life_ms, era)
) WITHOUT ROWID;

-- A person's card reads only the kinds of events it shows or tests: their chat events (conversations),
-- survey answers (NPS segments) and newsletter opens and clicks (newsletter-only), not their whole
-- history. Partial indexes: written only for events of those types.
CREATE INDEX events_chat ON events(site, visitor_id, ts, seq, id) WHERE type IN ('chat_started', 'chat_message', 'chat_ended');
CREATE INDEX events_visitor_answers ON events(site, visitor_id, ts) WHERE type = 'survey_answered';
CREATE INDEX events_visitor_newsletter ON events(site, visitor_id) WHERE type IN ('newsletter_open', 'newsletter_click');
