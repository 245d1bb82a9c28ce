/** What the per-minute alert checks read and consume (migration 0019): inbox, touched people, open tickets, segment state. */
export interface InboxRow {
  site: string;
  event_id: string;
  visitor_id: string;
  type: string;
  ts: number;
  props: string | null;
  customer_id: string | null;
}

/** The oldest inbox rows, with the customer each visitor id belongs to now. */
export async function readInbox(db: D1Database, limit: number, site?: string): Promise<InboxRow[]> {
  const { results } = await db
    .prepare(
      `SELECT i.site, i.event_id, i.visitor_id, i.type, i.ts, i.props, v.customer_id FROM alert_inbox AS i
       LEFT JOIN visitors AS v ON v.site = i.site AND v.visitor_id = i.visitor_id
       WHERE ?1 IS NULL OR i.site = ?1 ORDER BY i.ts LIMIT ?2`,
    )
    .bind(site ?? null, limit)
    .all<InboxRow>();
  return results;
}

export async function deleteInbox(db: D1Database, rows: readonly Pick<InboxRow, 'site' | 'event_id'>[]): Promise<void> {
  if (!rows.length) return;
  await db
    .prepare(`DELETE FROM alert_inbox WHERE (site, event_id) IN (SELECT value->>0, value->>1 FROM json_each(?))`)
    .bind(JSON.stringify(rows.map((r) => [r.site, r.event_id])))
    .run();
}

/** Takes (reads and removes) up to `limit` touched visitor ids of a site. */
export async function takeTouched(db: D1Database, site: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `DELETE FROM alert_touched WHERE site = ?1 AND visitor_id IN (SELECT visitor_id FROM alert_touched WHERE site = ?1 LIMIT ?2) RETURNING visitor_id`,
    )
    .bind(site, limit)
    .all<{ visitor_id: string }>();
  return results.map((r) => r.visitor_id);
}

export async function sitesTouched(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare('SELECT DISTINCT site FROM alert_touched').all<{ site: string }>();
  return results.map((r) => r.site);
}

export interface OpenTicket {
  helpdesk: string;
  ticket_id: string;
  visitor_id: string;
  customer_id: string | null;
  opened_at: number;
  subject: string | null;
}

/** Tickets of a site opened at or before `openedBefore` and not resolved since. */
export async function openTicketsBefore(db: D1Database, site: string, openedBefore: number, limit: number): Promise<OpenTicket[]> {
  const { results } = await db
    .prepare(
      `SELECT t.helpdesk, t.ticket_id, t.visitor_id, v.customer_id, t.opened_at, t.subject FROM alert_open_tickets AS t
       LEFT JOIN visitors AS v ON v.site = t.site AND v.visitor_id = t.visitor_id
       WHERE t.site = ? AND t.opened_at <= ? ORDER BY t.opened_at LIMIT ?`,
    )
    .bind(site, openedBefore, limit)
    .all<OpenTicket>();
  return results;
}

/** Which of `people` (person keys) a segment subscription last saw in its segment. */
export async function segmentMembersOf(db: D1Database, site: string, subscriptionId: string, people: string[]): Promise<Set<string>> {
  const { results } = await db
    .prepare(`SELECT visitor_id FROM alert_segment_members WHERE site = ? AND subscription_id = ? AND visitor_id IN (SELECT value FROM json_each(?))`)
    .bind(site, subscriptionId, JSON.stringify(people))
    .all<{ visitor_id: string }>();
  return new Set(results.map((r) => r.visitor_id));
}

export async function updateSegmentMembers(db: D1Database, site: string, subscriptionId: string, entered: string[], left: string[]): Promise<void> {
  await db.batch([
    db
      .prepare(`INSERT OR IGNORE INTO alert_segment_members (site, subscription_id, visitor_id) SELECT ?, ?, value FROM json_each(?)`)
      .bind(site, subscriptionId, JSON.stringify(entered)),
    db
      .prepare(`DELETE FROM alert_segment_members WHERE site = ? AND subscription_id = ? AND visitor_id IN (SELECT value FROM json_each(?))`)
      .bind(site, subscriptionId, JSON.stringify(left)),
  ]);
}
