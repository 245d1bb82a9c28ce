const DAY = 86_400_000;
/** Rows deleted per statement, so one purge never holds the single D1 writer for long. */
const CHUNK = 5000;

export async function getRetention(db: D1Database, site: string): Promise<number | null> {
  const row = await db.prepare('SELECT retention_days FROM sites WHERE id = ?').bind(site).first<{ retention_days: number | null }>();
  return row?.retention_days ?? null;
}

export async function setRetention(db: D1Database, site: string, days: number | null): Promise<void> {
  await db.prepare('UPDATE sites SET retention_days = ? WHERE id = ?').bind(days, site).run();
}

export interface PurgeResult {
  site: string;
  events: number;
  visitors: number;
}

/**
 * Deletes, for every site with a retention setting, the events older than its retention and their
 * web-vitals samples, in chunks of 5,000 (events through the (site, ts, id) index), then the visitors
 * not seen since, with their identity links and score state. Customers stay (their traits are not
 * events); erase them with the GDPR endpoint.
 */
export async function purgeExpired(db: D1Database, now: number): Promise<PurgeResult[]> {
  const { results: sites } = await db
    .prepare('SELECT id, retention_days FROM sites WHERE retention_days IS NOT NULL')
    .all<{ id: string; retention_days: number }>();
  const purged: PurgeResult[] = [];
  for (const { id: site, retention_days } of sites) {
    const cutoff = now - retention_days * DAY;
    const events = await deleteInChunks(
      db.prepare(`DELETE FROM events WHERE site = ?1 AND id IN (SELECT id FROM events WHERE site = ?1 AND ts < ?2 ORDER BY ts LIMIT ${CHUNK})`).bind(site, cutoff),
    );
    // Their web-vitals samples, in chunks too (found by time in the narrow table, deleted by key).
    await deleteInChunks(
      db
        .prepare(
          `DELETE FROM vital_samples WHERE (site, name, value, ts, event_id) IN (
             SELECT site, name, value, ts, event_id FROM vital_samples WHERE site = ?1 AND ts < ?2 LIMIT ${CHUNK})`,
        )
        .bind(site, cutoff),
    );
    const gone = `SELECT visitor_id FROM visitors WHERE site = ?1 AND last_seen < ?2`;
    const [, , visitors] = await db.batch([
      db.prepare(`DELETE FROM score_state WHERE site = ?1 AND visitor_id IN (${gone})`).bind(site, cutoff),
      db.prepare(`DELETE FROM identities WHERE site = ?1 AND visitor_id IN (${gone})`).bind(site, cutoff),
      db.prepare(`DELETE FROM visitors WHERE site = ?1 AND last_seen < ?2`).bind(site, cutoff),
    ]);
    purged.push({ site, events, visitors: visitors.meta.changes ?? 0 });
  }
  return purged;
}

/** Runs a DELETE of at most CHUNK rows until it deletes fewer (each run a short write); the rows deleted. */
async function deleteInChunks(statement: D1PreparedStatement): Promise<number> {
  let deleted = 0;
  for (;;) {
    const changes = (await statement.run()).meta.changes ?? 0;
    deleted += changes;
    if (changes < CHUNK) return deleted;
  }
}
