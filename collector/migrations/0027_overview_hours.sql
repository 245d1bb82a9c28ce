-- Survey answers (NPS, CSAT) and web-vitals samples counted per site and hour, kept at ingest by the
-- surveyHours and vitalHours projections, so the overview reads a range's whole hours from here and only
-- its partial end hours from the rows (as page_hours, 0025). Erasure subtracts a person's rows
-- (store/hourlyCountsErasure.ts); retention purges hours before its cutoff.

-- Numeric answers to nps and csat questions, per value (the score is a sum over values).
CREATE TABLE survey_hours (
  site TEXT NOT NULL,
  hour INTEGER NOT NULL, -- start of the hour, ms since the epoch (UTC)
  kind TEXT NOT NULL,    -- the question type: nps | csat
  value REAL NOT NULL,
  answers INTEGER NOT NULL,
  PRIMARY KEY (site, hour, kind, value)
) WITHOUT ROWID;

-- Samples per metric and value bucket (the bucket expression is VITAL_BUCKET in
-- store/projections/vitalHours.ts, word for word), with their ratings. The overview finds the bucket
-- holding p75 from these counts, then the exact value among that bucket's vital_samples.
CREATE TABLE vital_hours (
  site TEXT NOT NULL,
  hour INTEGER NOT NULL,
  name TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  good INTEGER NOT NULL,
  needs_improvement INTEGER NOT NULL,
  poor INTEGER NOT NULL,
  PRIMARY KEY (site, hour, name, bucket)
) WITHOUT ROWID;

-- The partial end hours: answers and samples by time (each a few hours' rows at most per read).
CREATE INDEX events_answers_time ON events(site, ts) WHERE type = 'survey_answered';
CREATE INDEX vital_samples_time ON vital_samples(site, ts, rating); -- with the key: covering

INSERT INTO survey_hours (site, hour, kind, value, answers)
SELECT site, ts - ts % 3600000, props->>'questionType', props->>'value', count(*) FROM events
WHERE type = 'survey_answered' AND props->>'questionType' IN ('nps', 'csat') AND json_type(props, '$.value') IN ('integer', 'real')
GROUP BY 1, 2, 3, 4
ON CONFLICT DO NOTHING;

INSERT INTO vital_hours (site, hour, name, bucket, samples, good, needs_improvement, poor)
SELECT site, ts - ts % 3600000, name,
       min(CAST(value / (CASE name WHEN 'CLS' THEN 0.01 WHEN 'INP' THEN 20.0 WHEN 'TTFB' THEN 50.0 ELSE 100.0 END) AS INTEGER), 200),
       count(*), sum(rating = 'good'), sum(rating = 'needs-improvement'), sum(rating = 'poor')
FROM vital_samples
GROUP BY 1, 2, 3, 4
ON CONFLICT DO NOTHING;
