-- The overview's newsletter funnel, kept at write time (store/newsletterFunnel.ts): per (campaign,
-- recipient) their part in the campaign report, recomputed from their own rows by the newsletterFunnel
-- projection when their opens, clicks or browser visits are stored (and by erasure); per campaign the
-- sums, kept by the triggers below, so the overview reads one small row per campaign instead of
-- rebuilding every report. The sums equal the report's sentTo, opens.uniqueHuman, clicks.uniqueClickers
-- and visits.visited.
CREATE TABLE newsletter_funnel (
  site TEXT NOT NULL,
  campaign TEXT NOT NULL,
  recipient TEXT NOT NULL,
  human INTEGER NOT NULL,   -- 1: a unique human open (an open, and a human one, a click or a visit)
  clicker INTEGER NOT NULL, -- 1: a human click
  came INTEGER NOT NULL,    -- 1: a browser of theirs viewed a page after their first click (or open)
  visited INTEGER NOT NULL, -- 1: clicker and came
  since INTEGER,            -- ms: their first click, else first open (NULL: none left); retention reads it
  PRIMARY KEY (site, campaign, recipient)
) WITHOUT ROWID;
-- A browser's page view finds the recipient's rows by recipient (the projection, erasure); retention
-- finds the rows its cutoff reaches by since.
CREATE INDEX newsletter_funnel_recipient ON newsletter_funnel(site, recipient);
CREATE INDEX newsletter_funnel_since ON newsletter_funnel(site, since);

CREATE TABLE newsletter_funnel_counts (
  site TEXT NOT NULL,
  campaign TEXT NOT NULL,
  sent INTEGER NOT NULL DEFAULT 0,        -- newsletter_recipients rows
  human_opens INTEGER NOT NULL DEFAULT 0, -- sum(newsletter_funnel.human)
  clickers INTEGER NOT NULL DEFAULT 0,    -- sum(newsletter_funnel.clicker)
  visited INTEGER NOT NULL DEFAULT 0,     -- sum(newsletter_funnel.visited)
  PRIMARY KEY (site, campaign)
) WITHOUT ROWID;

-- Triggers, not application statements: every path that writes or deletes these rows keeps the sums
-- (ingest, erasure, retention; for recipients also the release before this one, during a deploy).
CREATE TRIGGER newsletter_funnel_added AFTER INSERT ON newsletter_funnel BEGIN
  INSERT OR IGNORE INTO newsletter_funnel_counts (site, campaign) VALUES (NEW.site, NEW.campaign);
  UPDATE newsletter_funnel_counts
  SET human_opens = human_opens + NEW.human, clickers = clickers + NEW.clicker, visited = visited + NEW.visited
  WHERE site = NEW.site AND campaign = NEW.campaign;
END;

CREATE TRIGGER newsletter_funnel_changed AFTER UPDATE ON newsletter_funnel BEGIN
  UPDATE newsletter_funnel_counts
  SET human_opens = human_opens + NEW.human - OLD.human, clickers = clickers + NEW.clicker - OLD.clicker,
      visited = visited + NEW.visited - OLD.visited
  WHERE site = NEW.site AND campaign = NEW.campaign;
END;

CREATE TRIGGER newsletter_funnel_removed AFTER DELETE ON newsletter_funnel BEGIN
  UPDATE newsletter_funnel_counts
  SET human_opens = human_opens - OLD.human, clickers = clickers - OLD.clicker, visited = visited - OLD.visited
  WHERE site = OLD.site AND campaign = OLD.campaign;
END;

CREATE TRIGGER newsletter_recipient_added AFTER INSERT ON newsletter_recipients BEGIN
  INSERT OR IGNORE INTO newsletter_funnel_counts (site, campaign) VALUES (NEW.site, NEW.campaign);
  UPDATE newsletter_funnel_counts SET sent = sent + 1 WHERE site = NEW.site AND campaign = NEW.campaign;
END;

CREATE TRIGGER newsletter_recipient_removed AFTER DELETE ON newsletter_recipients BEGIN
  UPDATE newsletter_funnel_counts SET sent = sent - 1 WHERE site = OLD.site AND campaign = OLD.campaign;
END;

-- Backfill: sent from the recipients, then every recipient with an open or a click, recomputed by the
-- same statement the projection runs (store/newsletterFunnel.ts backfillFunnelSql; a test checks that
-- this file holds it), whose inserts the triggers add up.
INSERT INTO newsletter_funnel_counts (site, campaign, sent)
SELECT site, campaign, count(*) FROM newsletter_recipients GROUP BY site, campaign;

INSERT INTO newsletter_funnel (site, campaign, recipient, human, clicker, came, visited, since)
    SELECT site, campaign, recipient, opened AND (human_open OR clicker OR came), clicker, came, clicker AND came, since
    FROM (
      SELECT q.site, q.campaign, q.recipient, q.opened, q.human_open, q.clicker, q.since,
             q.since IS NOT NULL AND EXISTS (
               SELECT 1 FROM identities i CROSS JOIN events v INDEXED BY events_visitor_time
                 ON v.site = i.site AND v.visitor_id = i.visitor_id AND v.ts >= q.since AND v.type = 'pageview'
               WHERE i.site = q.site AND i.customer_id = q.recipient AND i.visitor_id NOT LIKE 'customer:%') AS came
      FROM (
        SELECT p.site, p.campaign, p.recipient,
               EXISTS (SELECT 1 FROM events o INDEXED BY events_visitor_time WHERE o.site = p.site AND o.visitor_id = 'customer:' || p.recipient AND o.type = 'newsletter_open'
   AND o.source IN ('pixel', 'click') AND o.name = p.campaign AND o.props->>'recipient' = p.recipient) AS opened,
               EXISTS (SELECT 1 FROM events o INDEXED BY events_visitor_time WHERE o.site = p.site AND o.visitor_id = 'customer:' || p.recipient AND o.type = 'newsletter_open'
   AND o.source IN ('pixel', 'click') AND o.name = p.campaign AND o.props->>'recipient' = p.recipient AND o.props->>'class' = 'human') AS human_open,
               EXISTS (SELECT 1 FROM events k INDEXED BY events_visitor_time WHERE k.site = p.site AND k.visitor_id = 'customer:' || p.recipient AND k.type = 'newsletter_click'
   AND k.source IN ('pixel', 'click') AND k.name = p.campaign AND k.props->>'recipient' = p.recipient AND k.props->>'class' IS NOT 'scanner'
                       AND (SELECT count(DISTINCT b.props->>'linkId') FROM events b INDEXED BY events_visitor_time
                            WHERE b.site = p.site AND b.visitor_id = 'customer:' || p.recipient AND b.type = 'newsletter_click'
   AND b.source IN ('pixel', 'click') AND b.name = p.campaign AND b.props->>'recipient' = p.recipient AND abs(b.ts - k.ts) <= 5000) < 3) AS clicker,
               coalesce((SELECT min(k.ts) FROM events k INDEXED BY events_visitor_time WHERE k.site = p.site AND k.visitor_id = 'customer:' || p.recipient AND k.type = 'newsletter_click'
   AND k.source IN ('pixel', 'click') AND k.name = p.campaign AND k.props->>'recipient' = p.recipient),
                        (SELECT min(o.ts) FROM events o INDEXED BY events_visitor_time WHERE o.site = p.site AND o.visitor_id = 'customer:' || p.recipient AND o.type = 'newsletter_open'
   AND o.source IN ('pixel', 'click') AND o.name = p.campaign AND o.props->>'recipient' = p.recipient)) AS since
        FROM (SELECT DISTINCT site, campaign, recipient FROM (SELECT site, name AS campaign, props->>'recipient' AS recipient FROM events
     WHERE type IN ('newsletter_open', 'newsletter_click') AND source IN ('pixel', 'click'))) AS p
      ) AS q
    ) WHERE true
    ON CONFLICT (site, campaign, recipient) DO UPDATE SET
      human = excluded.human, clicker = excluded.clicker, came = excluded.came, visited = excluded.visited, since = excluded.since
    WHERE human <> excluded.human OR clicker <> excluded.clicker OR came <> excluded.came OR visited <> excluded.visited
       OR since IS NOT excluded.since;
