import type { JourneyEvent } from './journeys';

/** Events one service-speed read takes at most per kind: bounds the request; the answer says when reached. */
export const SERVICE_EVENTS_MAX = 100_000;

/** The site's chat events since `since`, grouped per visitor id in journey order. */
export async function readSiteChatEvents(db: D1Database, site: string, since: number): Promise<{ byVisitor: Map<string, JourneyEvent[]>; truncated: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT id, visitor_id, session_id, seq, type, name, ts, received_at, url, path, props, source
       FROM events INDEXED BY events_site_time
       WHERE site = ?1 AND ts >= ?2 AND type IN ('chat_started', 'chat_message', 'chat_ended')
       ORDER BY ts, seq, id LIMIT ?3`,
    )
    .bind(site, since, SERVICE_EVENTS_MAX + 1)
    .all<{ id: string; visitor_id: string; session_id: string; seq: number; type: string; name: string | null; ts: number; received_at: number; url: string | null; path: string | null; props: string | null; source: string }>();
  const byVisitor = new Map<string, JourneyEvent[]>();
  for (const r of results.slice(0, SERVICE_EVENTS_MAX)) {
    const list = byVisitor.get(r.visitor_id) ?? [];
    list.push({
      id: r.id,
      type: r.type,
      name: r.name,
      ts: r.ts,
      receivedAt: r.received_at,
      visitorId: r.visitor_id,
      sessionId: r.session_id,
      seq: r.seq,
      url: r.url,
      path: r.path,
      props: r.props === null ? null : JSON.parse(r.props),
      source: r.source,
    });
    byVisitor.set(r.visitor_id, list);
  }
  return { byVisitor, truncated: results.length > SERVICE_EVENTS_MAX };
}

export interface TicketLifecycleRow {
  key: string;
  type: 'ticket_opened' | 'ticket_resolved';
  ts: number;
  resolutionMs: number | null;
}

/** Ticket openings and resolutions since `since`, keyed by (visitor, helpdesk, ticket id), oldest first. */
export async function readSiteTicketEvents(db: D1Database, site: string, since: number): Promise<{ rows: TicketLifecycleRow[]; truncated: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT visitor_id || ' ' || COALESCE(props->>'helpdesk', '') || ' ' || COALESCE(props->>'ticketId', '') AS key,
              type, ts, props->>'resolutionMs' AS resolution_ms
       FROM events INDEXED BY events_site_time
       WHERE site = ?1 AND ts >= ?2 AND type IN ('ticket_opened', 'ticket_resolved')
       ORDER BY ts, id LIMIT ?3`,
    )
    .bind(site, since, SERVICE_EVENTS_MAX + 1)
    .all<{ key: string; type: 'ticket_opened' | 'ticket_resolved'; ts: number; resolution_ms: number | null }>();
  return {
    rows: results.slice(0, SERVICE_EVENTS_MAX).map((r) => ({ key: r.key, type: r.type, ts: r.ts, resolutionMs: r.resolution_ms === null ? null : Number(r.resolution_ms) })),
    truncated: results.length > SERVICE_EVENTS_MAX,
  };
}
