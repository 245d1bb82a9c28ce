export interface VisitorSummary {
  visitorId: string;
  customerId: string | null;
  firstSeen: number;
  lastSeen: number;
  events: number;
}

interface VisitorRow {
  visitor_id: string;
  customer_id: string | null;
  first_seen: number;
  last_seen: number;
  events: number;
}

const toSummary = (r: VisitorRow): VisitorSummary => ({
  visitorId: r.visitor_id,
  customerId: r.customer_id,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  events: r.events,
});

/** Visitors most recently seen first; `after` is the (last_seen, visitor_id) of the previous page's last row. */
export async function listVisitors(
  db: D1Database,
  site: string,
  limit: number,
  after: [number, string] | null,
): Promise<VisitorSummary[]> {
  const stmt = after
    ? db
        .prepare(
          `SELECT visitor_id, customer_id, first_seen, last_seen, events FROM visitors
           WHERE site = ?1 AND (last_seen, visitor_id) < (?2, ?3)
           ORDER BY last_seen DESC, visitor_id DESC LIMIT ?4`,
        )
        .bind(site, after[0], after[1], limit)
    : db
        .prepare(
          `SELECT visitor_id, customer_id, first_seen, last_seen, events FROM visitors
           WHERE site = ?1 ORDER BY last_seen DESC, visitor_id DESC LIMIT ?2`,
        )
        .bind(site, limit);
  const { results } = await stmt.all<VisitorRow>();
  return results.map(toSummary);
}

export async function getVisitor(db: D1Database, site: string, visitorId: string): Promise<VisitorSummary | null> {
  return visitorFrom(await visitorStatement(db, site, visitorId).all());
}

/** getVisitor as a statement, to send in one db.batch with the reads that go with it. */
export const visitorStatement = (db: D1Database, site: string, visitorId: string) =>
  db.prepare('SELECT visitor_id, customer_id, first_seen, last_seen, events FROM visitors WHERE site = ? AND visitor_id = ?').bind(site, visitorId);

/** The visitor of visitorStatement's result, or null. */
export const visitorFrom = (result: D1Result): VisitorSummary | null => {
  const row = (result.results as VisitorRow[])[0];
  return row ? toSummary(row) : null;
};

/** Summaries of the given visitor ids (those the site has seen). */
export async function getVisitors(db: D1Database, site: string, visitorIds: string[]): Promise<VisitorSummary[]> {
  if (!visitorIds.length) return [];
  const { results } = await db
    .prepare(
      `SELECT v.visitor_id, v.customer_id, v.first_seen, v.last_seen, v.events
       FROM json_each(?2) AS j CROSS JOIN visitors AS v ON v.site = ?1 AND v.visitor_id = j.value`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<VisitorRow>();
  return results.map(toSummary);
}
