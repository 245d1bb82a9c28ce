/** A ticket of the person whose latest resolution has not been undone by a reopen. */
export interface ResolvedTicket {
  helpdesk: string;
  ticketId: string;
  resolvedAt: number;
}

/** The browser visitor and every visitor id of its customer (devices, `customer:` server events). */
const PERSON = `SELECT ?2 AS visitor_id UNION
  SELECT other.visitor_id FROM identities AS mine
  JOIN identities AS other ON other.site = mine.site AND other.customer_id = mine.customer_id
  WHERE mine.site = ?1 AND mine.visitor_id = ?2`;

/**
 * The person's tickets resolved since `since` and still resolved (no reopen after the last
 * resolution), newest resolution first. Tickets reach the journey from helpdesk webhooks and server
 * events under the customer's `customer:` visitor, so the person is read through identities.
 */
export async function resolvedTicketsOf(db: D1Database, site: string, visitorId: string, since: number): Promise<ResolvedTicket[]> {
  const { results } = await db
    .prepare(
      `WITH person AS (${PERSON}),
       resolved AS (
         SELECT props->>'helpdesk' AS helpdesk, props->>'ticketId' AS ticket_id, max(ts) AS resolved_at
         FROM events WHERE site = ?1 AND type = 'ticket_resolved' AND visitor_id IN (SELECT visitor_id FROM person)
         GROUP BY 1, 2)
       SELECT helpdesk, ticket_id, resolved_at FROM resolved AS r
       WHERE resolved_at >= ?3 AND NOT EXISTS (
         SELECT 1 FROM events AS e
         WHERE e.site = ?1 AND e.type = 'ticket_updated' AND e.visitor_id IN (SELECT visitor_id FROM person)
           AND e.props->>'helpdesk' IS r.helpdesk AND e.props->>'ticketId' = r.ticket_id
           AND e.props->>'reopened' = 1 AND e.ts > r.resolved_at)
       ORDER BY resolved_at DESC`,
    )
    .bind(site, visitorId, since)
    .all<{ helpdesk: string | null; ticket_id: string; resolved_at: number }>();
  return results.map((r) => ({ helpdesk: r.helpdesk ?? '', ticketId: r.ticket_id, resolvedAt: r.resolved_at }));
}

/** `surveyId → ticketRefs` the person (any device) was already shown a follow-up for. */
export async function followUpsShown(db: D1Database, site: string, visitorId: string, surveyIds: string[]): Promise<Map<string, Set<string>>> {
  const { results } = await db
    .prepare(
      `WITH person AS (${PERSON})
       SELECT DISTINCT props->>'surveyId' AS survey_id, props->>'ticketRef' AS ref FROM events
       WHERE site = ?1 AND type = 'survey_shown' AND visitor_id IN (SELECT visitor_id FROM person)
         AND props->>'ticketRef' IS NOT NULL AND props->>'surveyId' IN (SELECT value FROM json_each(?3))`,
    )
    .bind(site, visitorId, JSON.stringify(surveyIds))
    .all<{ survey_id: string; ref: string }>();
  const shown = new Map<string, Set<string>>();
  for (const r of results) (shown.get(r.survey_id) ?? shown.set(r.survey_id, new Set()).get(r.survey_id)!).add(r.ref);
  return shown;
}
