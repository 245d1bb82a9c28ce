import { TYPE } from '../schema/vocabulary';

/**
 * A newsletter click reaches the site without a referrer (the `/c/` redirect sends `no-referrer`) and
 * with the site's own URL, so its session would read as direct. The landing (POST /v1/landing) stores
 * an `identify` of the browser's visitor under the session id `newsletter:<campaign>`; a direct session
 * of that visitor starting within LANDING_WINDOW_MS of it belongs to the campaign: channel email,
 * source "newsletter", medium "email", campaign the newsletter's. Whichever of the two arrives
 * first, the other completes the link: the sessions projection looks for the landing, the landing
 * route updates the session.
 */
export const NEWSLETTER_SESSION_PREFIX = 'newsletter:';
export const NEWSLETTER_SOURCE = { channel: 'email', source: 'newsletter', medium: 'email' } as const;
export const LANDING_WINDOW_MS = 15 * 60_000;

/**
 * SQL: the campaign of a newsletter landing of visitor `visitorSql` within the window around `tsSql`,
 * or NULL (?1 is the site). One range read of index events_visitor_time.
 */
export const landingCampaignSql = (visitorSql: string, tsSql: string) =>
  `(SELECT substr(e.session_id, ${NEWSLETTER_SESSION_PREFIX.length + 1}) FROM events e INDEXED BY events_visitor_time
    WHERE e.site = ?1 AND e.visitor_id = ${visitorSql} AND e.ts BETWEEN ${tsSql} - ${LANDING_WINDOW_MS} AND ${tsSql} + ${LANDING_WINDOW_MS}
      AND e.type = '${TYPE.identify}' AND e.session_id LIKE '${NEWSLETTER_SESSION_PREFIX}%'
    ORDER BY e.ts DESC LIMIT 1)`;

/** The landing arrived after the session's first page view: the visitor's direct session joins the campaign. */
export function attributeLanding(db: D1Database, site: string, visitorId: string, campaign: string, at: number): Promise<D1Result> {
  return db
    .prepare(
      `UPDATE sessions SET channel = ?4, source = ?5, medium = ?6, campaign = ?7
       WHERE site = ?1 AND visitor_id = ?2 AND channel = 'direct' AND started_at BETWEEN ?3 - ${LANDING_WINDOW_MS} AND ?3 + ${LANDING_WINDOW_MS}`,
    )
    .bind(site, visitorId, at, NEWSLETTER_SOURCE.channel, NEWSLETTER_SOURCE.source, NEWSLETTER_SOURCE.medium, campaign)
    .run();
}
