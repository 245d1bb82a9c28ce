import { TYPE } from '../schema/vocabulary';
import type { SegmentRule } from '../segments/segmentRule';
import { idList, type IdSource } from './subject';

export interface SavedSegment {
  id: string;
  name: string;
  rule: SegmentRule;
  createdAt: number;
}

export async function listSegments(db: D1Database, site: string): Promise<SavedSegment[]> {
  const { results } = await db
    .prepare('SELECT id, name, rule, created_at FROM segments WHERE site = ? ORDER BY created_at, id')
    .bind(site)
    .all<{ id: string; name: string; rule: string; created_at: number }>();
  return results.map((r) => ({ id: r.id, name: r.name, rule: JSON.parse(r.rule), createdAt: r.created_at }));
}

export async function getSegment(db: D1Database, site: string, id: string): Promise<SavedSegment | null> {
  const r = await db
    .prepare('SELECT id, name, rule, created_at FROM segments WHERE site = ? AND id = ?')
    .bind(site, id)
    .first<{ id: string; name: string; rule: string; created_at: number }>();
  return r ? { id: r.id, name: r.name, rule: JSON.parse(r.rule), createdAt: r.created_at } : null;
}

export async function createSegment(db: D1Database, site: string, name: string, rule: SegmentRule): Promise<SavedSegment> {
  const segment = { id: `seg_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`, name, rule, createdAt: Date.now() };
  await db
    .prepare('INSERT INTO segments (site, id, name, rule, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(site, segment.id, name, JSON.stringify(rule), segment.createdAt)
    .run();
  return segment;
}

export async function deleteSegment(db: D1Database, site: string, id: string): Promise<boolean> {
  const r = await db.prepare('DELETE FROM segments WHERE site = ? AND id = ?').bind(site, id).run();
  return (r.meta.changes ?? 0) > 0;
}

/** Facts about visitor ids that segment rules test, one query each (only those a rule needs). */
/** Each visitor id's latest NPS answer and its time. */
export async function latestNps(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, { value: number; ts: number }>> {
  return latestNpsFrom(await latestNpsStatement(db, site, idList(visitorIds)).all());
}

/** latestNps as a statement over any id source (store/subject.ts), to send in one db.batch. */
export const latestNpsStatement = (db: D1Database, site: string, { with: cte, ids, param }: IdSource) =>
  db
    .prepare(
      // Only each visitor's answers from its latest non-text value on (a number, or null read as 0, is
      // always finite): the one the loop below keeps is among them, and a person's history is not sent.
      // That latest non-text answer is found walking the visitor's answers newest first, so a person
      // who answers often costs an index step, not a parse of every answer (3.2 ms → 0.03 at 1,250).
      `${cte}SELECT a.visitor_id, a.props->>'value' AS v, a.ts FROM ${ids} j
       CROSS JOIN events a INDEXED BY events_visitor_answers ON a.site = ?1 AND a.visitor_id = j.value AND a.type = '${TYPE.surveyAnswered}'
         AND a.ts >= coalesce((SELECT t.ts FROM events t INDEXED BY events_visitor_answers
                               WHERE t.site = ?1 AND t.visitor_id = j.value AND t.type = '${TYPE.surveyAnswered}'
                                 AND lower(t.props->>'questionType') = 'nps' AND typeof(t.props->>'value') != 'text'
                               ORDER BY t.ts DESC LIMIT 1), 0)
       WHERE lower(a.props->>'questionType') = 'nps' ORDER BY a.ts DESC`,
    )
    .bind(site, param);

/** The answers of latestNpsStatement's result, by visitor id. */
export function latestNpsFrom(result: D1Result): Map<string, { value: number; ts: number }> {
  const out = new Map<string, { value: number; ts: number }>();
  for (const r of result.results as { visitor_id: string; v: unknown; ts: number }[]) {
    if (!out.has(r.visitor_id) && Number.isFinite(Number(r.v))) out.set(r.visitor_id, { value: Number(r.v), ts: r.ts });
  }
  return out;
}

/**
 * Each visitor id's sessions, counted up to two (new/returning asks only whether a person has more than
 * one): the scan of a visitor's events stops at its second session instead of reading its history.
 */
export async function sessionsUpToTwo(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, number>> {
  return sessionsFrom(await sessionsStatement(db, site, idList(visitorIds)).all());
}

/** sessionsUpToTwo as a statement over any id source, to send in one db.batch. */
export const sessionsStatement = (db: D1Database, site: string, { with: cte, ids, param }: IdSource) =>
  db
    .prepare(
      `${cte}SELECT j.value AS visitor_id,
         (SELECT count(*) FROM (SELECT DISTINCT session_id FROM events INDEXED BY events_visitor_time
                                WHERE site = ?1 AND visitor_id = j.value LIMIT 2)) AS n
       FROM ${ids} j`,
    )
    .bind(site, param);

/** The counts of sessionsStatement's result (absent: none). */
export const sessionsFrom = (result: D1Result) =>
  new Map((result.results as { visitor_id: string; n: number }[]).filter((r) => r.n > 0).map((r) => [r.visitor_id, r.n]));

/** How many events of `type` (and `name`) at or after `since` each visitor (of the page) has; absent means none. */
export async function eventCounts(
  db: D1Database,
  site: string,
  visitorIds: string[],
  type: string,
  name: string | null,
  since: number,
): Promise<Map<string, number>> {
  const { results } = await db
    .prepare(
      `SELECT visitor_id, count(*) AS n FROM events INDEXED BY events_visitor_time
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND type = ?3 AND (?4 IS NULL OR name = ?4) AND ts >= ?5
       GROUP BY visitor_id`,
    )
    .bind(site, JSON.stringify(visitorIds), type, name, since)
    .all<{ visitor_id: string; n: number }>();
  return new Map(results.map((r) => [r.visitor_id, r.n]));
}

/**
 * Each visitor's latest answer to each question of a survey (one question when `question` is given)
 * at or after `since`: visitor id → question id → { value, ts }.
 */
export async function latestSurveyAnswers(
  db: D1Database,
  site: string,
  visitorIds: string[],
  survey: string,
  question: string | null,
  since: number,
): Promise<Map<string, Map<string, { value: unknown; ts: number }>>> {
  const { results } = await db
    .prepare(
      `SELECT visitor_id, props->>'questionId' AS q, props->>'value' AS v, ts FROM events INDEXED BY events_visitor_answers
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND type = '${TYPE.surveyAnswered}'
         AND props->>'surveyId' = ?3 AND (?4 IS NULL OR props->>'questionId' = ?4) AND ts >= ?5
       ORDER BY ts DESC`,
    )
    .bind(site, JSON.stringify(visitorIds), survey, question, since)
    .all<{ visitor_id: string; q: string | null; v: unknown; ts: number }>();
  const out = new Map<string, Map<string, { value: unknown; ts: number }>>();
  for (const r of results) {
    const answers = out.get(r.visitor_id) ?? out.set(r.visitor_id, new Map()).get(r.visitor_id)!;
    const q = r.q ?? '';
    if (!answers.has(q)) answers.set(q, { value: r.v, ts: r.ts });
  }
  return out;
}

/** Traits of the customers of the page's visitors. */
export async function customerTraits(db: D1Database, site: string, customerIds: string[]): Promise<Map<string, Record<string, unknown>>> {
  const { results } = await db
    .prepare('SELECT customer_id, traits FROM customers WHERE site = ?1 AND customer_id IN (SELECT value FROM json_each(?2))')
    .bind(site, JSON.stringify(customerIds))
    .all<{ customer_id: string; traits: string }>();
  return new Map(results.map((r) => [r.customer_id, JSON.parse(r.traits)]));
}

/** Visitors of the page that came from a campaign (utm campaign on a page view, or a newsletter's campaign). */
export async function visitorsFromCampaign(db: D1Database, site: string, visitorIds: string[], campaign: string): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT visitor_id FROM events WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))
         AND (props->'utm'->>'campaign' = ?3 OR (type IN ('newsletter_open', 'newsletter_click') AND props->>'campaign' = ?3))`,
    )
    .bind(site, JSON.stringify(visitorIds), campaign)
    .all<{ visitor_id: string }>();
  return new Set(results.map((r) => r.visitor_id));
}

/** Visitors of the page with a session from `channel` started at or after `since` (index sessions_visitor). */
export async function visitorsFromChannel(db: D1Database, site: string, visitorIds: string[], channel: string, since: number): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT visitor_id FROM sessions INDEXED BY sessions_visitor
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND channel = ?3 AND started_at >= ?4`,
    )
    .bind(site, JSON.stringify(visitorIds), channel, since)
    .all<{ visitor_id: string }>();
  return new Set(results.map((r) => r.visitor_id));
}

/**
 * For each visitor id: did it read a newsletter (a human open or a click), did it view a page. The
 * `newsletter-only` built-in combines these over a person's members.
 * INDEXED BY: SQLite otherwise answers each EXISTS by scanning the site's events (107 s for a page of
 * 200 visitors at 500k events).
 */
export async function newsletterReading(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, { read: boolean; viewed: boolean }>> {
  return newsletterReadingFrom(await newsletterReadingStatement(db, site, idList(visitorIds)).all());
}

/** newsletterReading as a statement over any id source, to send in one db.batch. */
export const newsletterReadingStatement = (db: D1Database, site: string, { with: cte, ids, param }: IdSource) =>
  db
    .prepare(
      `${cte}SELECT j.value AS visitor_id,
         EXISTS (SELECT 1 FROM events e INDEXED BY events_visitor_newsletter WHERE e.site = ?1 AND e.visitor_id = j.value
                 AND e.type IN ('${TYPE.newsletterOpen}', '${TYPE.newsletterClick}')
                 AND (e.type = '${TYPE.newsletterClick}' OR e.props->>'class' = 'human')) AS read,
         EXISTS (SELECT 1 FROM events e INDEXED BY events_visitor_time WHERE e.site = ?1 AND e.visitor_id = j.value AND e.type = '${TYPE.pageview}') AS viewed
       FROM ${ids} j`,
    )
    .bind(site, param);

/** What newsletterReadingStatement's result says of each visitor id. */
export const newsletterReadingFrom = (result: D1Result): Map<string, { read: boolean; viewed: boolean }> =>
  new Map((result.results as { visitor_id: string; read: number; viewed: number }[]).map((r) => [r.visitor_id, { read: r.read === 1, viewed: r.viewed === 1 }]));
