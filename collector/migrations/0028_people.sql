-- One row per person (store/subject.ts: a customer over all their devices, or an anonymous visitor),
-- keyed by the person key in `visitor_id` (the naming rule of store/personTables.ts): the person's
-- first–last seen span over its members and its Happy Index, computed at `scored_at` (store/people.ts).
-- Reads that need every person's score (the overview's Happy Index summary, visitors sorted by score)
-- read these rows instead of scoring everyone. A row whose inputs changed has scored_at NULL and is
-- scored again before such a read; the per-minute cron scores those and re-scores the oldest (decay).
CREATE TABLE people (
  site TEXT NOT NULL,
  visitor_id TEXT NOT NULL, -- the person key
  first_seen INTEGER,       -- ms, over the members; NULL until first scored
  last_seen INTEGER,
  score REAL,               -- the Happy Index at scored_at; NULL until first scored
  scored_at INTEGER,        -- ms; NULL: its members or their state changed since, to be scored again
  PRIMARY KEY (site, visitor_id)
) WITHOUT ROWID;
-- Visitors by score walk this index a page at a time; the overview's summary counts people per score
-- (at most 1,001 values) in its order, from the index alone, without sorting.
CREATE INDEX people_by_score ON people(site, score DESC, visitor_id DESC, last_seen, first_seen);
-- The overview's customers: people whose span overlaps the range.
CREATE INDEX people_seen ON people(site, last_seen, first_seen);
-- What to score next: the changed rows (NULL sorts first), then the oldest scores.
CREATE INDEX people_age ON people(site, scored_at);

-- Triggers, not application statements: every path that adds, moves or removes a visitor row (ingest's
-- summary and identity, erasure, retention) marks the persons it belongs to, before and after, as changed.
-- Ingest updates each of a batch's visitors, so a batch that changes a person's score state marks it too.
CREATE TRIGGER people_visitor_added AFTER INSERT ON visitors BEGIN
  INSERT INTO people (site, visitor_id)
  VALUES (NEW.site, CASE WHEN NEW.customer_id IS NULL THEN NEW.visitor_id ELSE 'customer:' || NEW.customer_id END)
  ON CONFLICT (site, visitor_id) DO UPDATE SET scored_at = NULL WHERE scored_at IS NOT NULL;
END;

CREATE TRIGGER people_visitor_changed AFTER UPDATE OF customer_id, first_seen, last_seen ON visitors BEGIN
  UPDATE people SET scored_at = NULL
  WHERE site = OLD.site AND scored_at IS NOT NULL
    AND visitor_id = CASE WHEN OLD.customer_id IS NULL THEN OLD.visitor_id ELSE 'customer:' || OLD.customer_id END;
  INSERT INTO people (site, visitor_id)
  VALUES (NEW.site, CASE WHEN NEW.customer_id IS NULL THEN NEW.visitor_id ELSE 'customer:' || NEW.customer_id END)
  ON CONFLICT (site, visitor_id) DO UPDATE SET scored_at = NULL WHERE scored_at IS NOT NULL;
END;

CREATE TRIGGER people_visitor_removed AFTER DELETE ON visitors BEGIN
  UPDATE people SET scored_at = NULL
  WHERE site = OLD.site AND scored_at IS NOT NULL
    AND visitor_id = CASE WHEN OLD.customer_id IS NULL THEN OLD.visitor_id ELSE 'customer:' || OLD.customer_id END;
END;

-- Every person there is, to be scored by the first read or the cron.
INSERT INTO people (site, visitor_id)
SELECT DISTINCT site, CASE WHEN customer_id IS NULL THEN visitor_id ELSE 'customer:' || customer_id END FROM visitors;
