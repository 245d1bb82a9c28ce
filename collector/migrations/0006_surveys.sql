-- Surveys: definitions (validated JSON, see schema/survey.ts) and per-site survey settings (fatigue
-- budget, cross-channel window). Answers are events (survey_shown / survey_answered / survey_dismissed);
-- results are read from them through the partial index below. See ARCHITECTURE.md ("Surveys").
CREATE TABLE surveys (
  site TEXT NOT NULL,
  id TEXT NOT NULL,
  definition TEXT NOT NULL,     -- JSON, the validated definition (id and status included)
  active INTEGER NOT NULL,      -- 1 when status = 'active': what /surveys/active serves
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (site, id)
) WITHOUT ROWID;

CREATE TABLE survey_settings (
  site TEXT PRIMARY KEY,
  settings TEXT NOT NULL,       -- JSON, schema/surveySettings.ts
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Results and cross-channel fatigue read survey events by survey id; only survey events are indexed.
CREATE INDEX events_survey ON events (site, json_extract(props, '$.surveyId'), ts)
  WHERE type IN ('survey_shown', 'survey_answered', 'survey_dismissed');
