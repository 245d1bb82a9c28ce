import type { SegmentRule } from '../segments/segmentRule';

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

/** Facts about a page of visitors that segment rules test, one query each (only those a rule needs). */
export async function latestNps(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, number>> {
  const { results } = await db
    .prepare(
      `SELECT visitor_id, props->>'value' AS v FROM events INDEXED BY events_visitor_time
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND type = 'survey_answered'
         AND lower(props->>'questionType') = 'nps' ORDER BY ts DESC`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<{ visitor_id: string; v: unknown }>();
  const out = new Map<string, number>();
  for (const r of results) if (!out.has(r.visitor_id) && Number.isFinite(Number(r.v))) out.set(r.visitor_id, Number(r.v));
  return out;
}

export async function sessionCounts(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, number>> {
  const { results } = await db
    .prepare(
      `SELECT visitor_id, count(DISTINCT session_id) AS n FROM events
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) GROUP BY visitor_id`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<{ visitor_id: string; n: number }>();
  return new Map(results.map((r) => [r.visitor_id, r.n]));
}

/** Visitors (of the page) with an event of `type` (and `name`) at or after `since`. */
export async function visitorsWithEvent(
  db: D1Database,
  site: string,
  visitorIds: string[],
  type: string,
  name: string | null,
  since: number,
): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT visitor_id FROM events
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND type = ?3 AND (?4 IS NULL OR name = ?4) AND ts >= ?5`,
    )
    .bind(site, JSON.stringify(visitorIds), type, name, since)
    .all<{ visitor_id: string }>();
  return new Set(results.map((r) => r.visitor_id));
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

/**
 * Visitors of the page who read newsletters (a human open or a click) but whose person never viewed a
 * page: the customer's devices, when the visitor is identified, or the visitor alone.
 * INDEXED BY: SQLite otherwise answers each EXISTS by scanning the site's events (107 s for a page of
 * 200 visitors at 500k events).
 */
export async function newsletterOnlyVisitors(db: D1Database, site: string, visitorIds: string[]): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `WITH page(visitor_id) AS (SELECT value FROM json_each(?2)),
       person(visitor_id, other) AS (
         SELECT p.visitor_id, coalesce(i2.visitor_id, p.visitor_id) FROM page p
         LEFT JOIN visitors v ON v.site = ?1 AND v.visitor_id = p.visitor_id
         LEFT JOIN identities i2 ON i2.site = ?1 AND i2.customer_id = v.customer_id)
       SELECT visitor_id FROM person GROUP BY visitor_id
       HAVING sum(EXISTS (SELECT 1 FROM events e INDEXED BY events_visitor_time WHERE e.site = ?1 AND e.visitor_id = person.other AND
                   (e.type = 'newsletter_click' OR (e.type = 'newsletter_open' AND e.props->>'class' = 'human')))) > 0
          AND sum(EXISTS (SELECT 1 FROM events e INDEXED BY events_visitor_time WHERE e.site = ?1 AND e.visitor_id = person.other AND e.type = 'pageview')) = 0`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<{ visitor_id: string }>();
  return new Set(results.map((r) => r.visitor_id));
}
