/** A person's latest events, newest first (the journey summary of an alert). */
export interface RecentEvent {
  type: string;
  name: string | null;
  ts: number;
  path: string | null;
  props: Record<string, unknown>;
}

export async function recentEvents(db: D1Database, site: string, visitorIds: string[], limit: number): Promise<RecentEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT type, name, ts, path, props FROM events INDEXED BY events_visitor_time
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) ORDER BY ts DESC LIMIT ?3`,
    )
    .bind(site, JSON.stringify(visitorIds), limit)
    .all<{ type: string; name: string | null; ts: number; path: string | null; props: string | null }>();
  return results.map((r) => ({ ...r, props: r.props ? JSON.parse(r.props) : {} }));
}
