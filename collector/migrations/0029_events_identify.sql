-- A campaign's landings (store/revenue.ts, campaignRevenue): the `newsletter:<campaign>` identify events
-- of each recipient's browsers. Without it the report read every event of every recipient's browsers to
-- find them (2 s of the newsletter report at 3,000 recipients). Identify events are few, so the index is small.
CREATE INDEX events_identify ON events(site, visitor_id, session_id) WHERE type = 'identify';
