import type { ActiveSurvey, SurveyDefinition } from '../schema/survey';
import { pageRegex } from '../surveys/pageRegex';
import { DEFAULT_SURVEY_SETTINGS, type SurveySettings } from '../schema/surveySettings';
import { TYPE } from '../schema/vocabulary';

export interface StoredSurvey {
  survey: SurveyDefinition;
  createdAt: number;
  updatedAt: number;
}

type Row = { definition: string; created_at: number; updated_at: number };
const toStored = (r: Row): StoredSurvey => ({ survey: JSON.parse(r.definition), createdAt: r.created_at, updatedAt: r.updated_at });

/** Inserts a new survey; false when the id is taken. */
export async function createSurvey(db: D1Database, site: string, survey: SurveyDefinition, now: number): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT OR IGNORE INTO surveys (site, id, definition, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(site, survey.id, JSON.stringify(survey), survey.status === 'active' ? 1 : 0, now, now)
    .run();
  return result.meta.changes > 0;
}

/** Replaces a survey's definition; false when there is no such survey. */
export async function replaceSurvey(db: D1Database, site: string, survey: SurveyDefinition, now: number): Promise<boolean> {
  const result = await db
    .prepare(`UPDATE surveys SET definition = ?, active = ?, updated_at = ? WHERE site = ? AND id = ?`)
    .bind(JSON.stringify(survey), survey.status === 'active' ? 1 : 0, now, site, survey.id)
    .run();
  return result.meta.changes > 0;
}

export async function deleteSurvey(db: D1Database, site: string, id: string): Promise<boolean> {
  const result = await db.prepare(`DELETE FROM surveys WHERE site = ? AND id = ?`).bind(site, id).run();
  return result.meta.changes > 0;
}

export async function getSurvey(db: D1Database, site: string, id: string): Promise<StoredSurvey | null> {
  const row = await db
    .prepare(`SELECT definition, created_at, updated_at FROM surveys WHERE site = ? AND id = ?`)
    .bind(site, id)
    .first<Row>();
  return row ? toStored(row) : null;
}

/** Every survey of a site (sites have tens, not thousands: no pagination). */
export async function listSurveys(db: D1Database, site: string): Promise<StoredSurvey[]> {
  const { results } = await db
    .prepare(`SELECT definition, created_at, updated_at FROM surveys WHERE site = ? ORDER BY created_at, id`)
    .bind(site)
    .all<Row>();
  return results.map(toStored);
}

/** What the SDK needs: active definitions (without admin-only fields) and the site's fatigue settings. */
export async function getActiveSurveys(db: D1Database, site: string): Promise<{ surveys: ActiveSurvey[]; settings: SurveySettings }> {
  const [surveys, settings] = await db.batch<Record<string, unknown>>([
    db.prepare(`SELECT definition FROM surveys WHERE site = ? AND active = 1 ORDER BY created_at, id`).bind(site),
    db.prepare(`SELECT settings FROM survey_settings WHERE site = ?`).bind(site),
  ]);
  const stored = settings.results[0]?.settings as string | undefined;
  return {
    surveys: surveys.results.map((r) => {
      const { name: _name, status: _status, targeting, ...rest } = JSON.parse(r.definition as string) as SurveyDefinition;
      // The browser learns that a survey is segment-targeted, never which segment (it is public).
      const { segment, ...t } = targeting;
      const survey: ActiveSurvey = { ...rest, targeting: segment ? { ...t, segment: true } : t };
      const after = t.event ?? (t.chatEnded ? TYPE.chatEnded : TYPE.pageview);
      return survey.placement.kind == 'popup' ? { ...survey, gate: { page: pageRegex(t), after } } : survey;
    }),
    settings: stored ? JSON.parse(stored) : DEFAULT_SURVEY_SETTINGS,
  };
}

/** Active surveys targeted at a segment, with the segment's name (collector-side only). */
export async function activeSegmentTargets(db: D1Database, site: string): Promise<{ id: string; segment: string }[]> {
  const { results } = await db
    .prepare(
      `SELECT id, definition->>'$.targeting.segment' AS segment FROM surveys
       WHERE site = ? AND active = 1 AND definition->>'$.targeting.segment' IS NOT NULL ORDER BY created_at, id`,
    )
    .bind(site)
    .all<{ id: string; segment: string }>();
  return results;
}

/** Active follow-up surveys (targeting.ticketResolved) with their window in days (collector-side check). */
export async function activeTicketTargets(db: D1Database, site: string): Promise<{ id: string; withinDays: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT id, definition->>'$.targeting.ticketResolved.withinDays' AS withinDays FROM surveys
       WHERE site = ? AND active = 1 AND definition->>'$.targeting.ticketResolved' IS NOT NULL ORDER BY created_at, id`,
    )
    .bind(site)
    .all<{ id: string; withinDays: number }>();
  return results;
}

export async function getSurveySettings(db: D1Database, site: string): Promise<SurveySettings> {
  const row = await db.prepare(`SELECT settings FROM survey_settings WHERE site = ?`).bind(site).first<{ settings: string }>();
  return row ? JSON.parse(row.settings) : DEFAULT_SURVEY_SETTINGS;
}

export async function putSurveySettings(db: D1Database, site: string, settings: SurveySettings, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO survey_settings (site, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (site) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    )
    .bind(site, JSON.stringify(settings), now)
    .run();
}

/**
 * What the browser cannot know alone: whether this visitor identified (on any page), and when it — or
 * any device or channel of the customer it identified as, `customer:<id>` included — last answered a
 * survey outside the web widget (cross-channel fatigue).
 */
export async function surveyVisitorState(
  db: D1Database,
  site: string,
  visitorId: string,
): Promise<{ answeredElsewhereAt: number | null; identified: boolean }> {
  const row = await db
    .prepare(
      `SELECT (SELECT customer_id IS NOT NULL FROM visitors WHERE site = ?1 AND visitor_id = ?2) AS identified,
       (SELECT max(ts) FROM events
       WHERE site = ?1 AND type = 'survey_answered' AND json_extract(props, '$.channel') != 'web'
         AND visitor_id IN (
           SELECT ?2 UNION
           SELECT other.visitor_id FROM identities AS mine
           JOIN identities AS other ON other.site = mine.site AND other.customer_id = mine.customer_id
           WHERE mine.site = ?1 AND mine.visitor_id = ?2)) AS ts`,
    )
    .bind(site, visitorId)
    .first<{ ts: number | null; identified: number | null }>();
  return { answeredElsewhereAt: row?.ts ?? null, identified: row?.identified === 1 };
}
