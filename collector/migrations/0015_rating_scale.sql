-- Rating answers carry their question's scale (props.scale, 3–10; see schema/vocabulary.ts): the score
-- maps a rating 1..scale to 0–100, and a rating without a scale says nothing. Answers stored before the
-- scale travelled with them get it from their survey's definition (same survey id, same question id).
-- Answers whose survey was deleted stay without one. Scores counted these answers before the backfill:
-- rebuild them with POST /v1/sites/:site/scores/recompute (collector/README.md, "Upgrading").
-- `type IN (...)` lets SQLite read the partial survey index instead of every event.
UPDATE events
SET props = json_set(props, '$.scale', (
  SELECT q.value ->> '$.scale'
  FROM surveys s, json_each(s.definition, '$.questions') q
  WHERE s.site = events.site AND s.id = events.props ->> '$.surveyId'
    AND q.value ->> '$.id' = events.props ->> '$.questionId' AND q.value ->> '$.type' = 'rating'))
WHERE type IN ('survey_shown', 'survey_answered', 'survey_dismissed') AND type = 'survey_answered'
  AND props ->> '$.questionType' = 'rating'
  AND props ->> '$.scale' IS NULL
  AND EXISTS (
    SELECT 1
    FROM surveys s, json_each(s.definition, '$.questions') q
    WHERE s.site = events.site AND s.id = events.props ->> '$.surveyId'
      AND q.value ->> '$.id' = events.props ->> '$.questionId' AND q.value ->> '$.type' = 'rating');
