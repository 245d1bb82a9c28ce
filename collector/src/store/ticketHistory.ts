/** A ticket's earlier events, oldest first, to tell a reopen from an update. */
export interface TicketHistoryEvent {
  type: string;
  ts: number;
  props: { reopenCount?: number; status?: string; updatedAt?: number; sentAt?: number; revision?: string; satisfaction?: number };
}

export async function readTicketHistory(
  db: D1Database,
  site: string,
  visitorId: string,
  helpdesk: string,
  ticketId: string,
): Promise<TicketHistoryEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT type, ts, props FROM events
       WHERE site = ?1 AND visitor_id = ?2 AND type IN ('ticket_opened', 'ticket_updated', 'ticket_resolved')
         AND props->>'helpdesk' = ?3 AND props->>'ticketId' = ?4
       ORDER BY ts, id`,
    )
    .bind(site, visitorId, helpdesk, ticketId)
    .all<{ type: string; ts: number; props: string }>();
  return results.map((r) => ({ type: r.type, ts: r.ts, props: JSON.parse(r.props) }));
}
