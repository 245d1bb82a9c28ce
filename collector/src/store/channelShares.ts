import type { Channel } from '../acquisition/channels';

/** Channels that read as "found us through search" and as "reached through email or social" in the cluster features. */
export const SEARCH_CHANNELS: readonly Channel[] = ['organic_search', 'paid_search'];
export const EMAIL_SOCIAL_CHANNELS: readonly Channel[] = ['email', 'organic_social', 'paid_social'];

export interface SessionCounts {
  sessions: number;
  search: number;
  emailSocial: number;
}

/**
 * Per visitor id: how many classified sessions (the `sessions` table) they started, and how many of
 * those came from search and from email or social. Visitor ids without a session are absent. One read
 * of index sessions_visitor.
 */
export async function sessionChannelCounts(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, SessionCounts>> {
  if (!visitorIds.length) return new Map();
  const { results } = await db
    .prepare(
      `SELECT visitor_id, count(*) AS sessions,
         sum(channel IN (SELECT value FROM json_each(?3))) AS search,
         sum(channel IN (SELECT value FROM json_each(?4))) AS emailSocial
       FROM sessions INDEXED BY sessions_visitor
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))
       GROUP BY visitor_id`,
    )
    .bind(site, JSON.stringify(visitorIds), JSON.stringify(SEARCH_CHANNELS), JSON.stringify(EMAIL_SOCIAL_CHANNELS))
    .all<{ visitor_id: string } & SessionCounts>();
  return new Map(results.map((r) => [r.visitor_id, { sessions: r.sessions, search: r.search, emailSocial: r.emailSocial }]));
}
