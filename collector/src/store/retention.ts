import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { refreshBefore } from './newsletterFunnel';
import { personDeletes } from './personTables';
import { PAGE_HOUR_MS } from './projections/pageHours';

const DAY = 86_400_000;
/** Rows deleted per statement, so one purge never holds the single D1 writer for long. */
const CHUNK = 5000;
/** Tables of counts per site and hour, with their keys. */
const HOURLY_COUNTS = [
  ['page_hours', 'site, hour, path'],
  ['survey_hours', 'site, hour, kind, value'],
  ['vital_hours', 'site, hour, name, bucket'],
] as const;

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
 * web-vitals samples and hourly counts, in chunks of 5,000 (events through the (site, ts, id) index), then every row of
 * the people not seen since, in every person table (store/personTables.ts): visitors last seen before
 * the cutoff, and customers last seen before it with no visitor seen since (a customer still browsing
 * on an identified device stays).
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
    // Newsletter funnel rows that read the deleted opens, clicks or page views (store/newsletterFunnel.ts).
    await refreshBefore(db, site, cutoff).run();
    // Their web-vitals samples, in chunks too, of the hours that ended before the cutoff: as the hourly
    // counts below, so every vital_hours count keeps the samples the overview's p75 looks up among.
    const hour = cutoff - (cutoff % PAGE_HOUR_MS);
    await deleteInChunks(
      db
        .prepare(
          `DELETE FROM vital_samples WHERE (site, name, value, ts, event_id) IN (
             SELECT site, name, value, ts, event_id FROM vital_samples WHERE site = ?1 AND ts < ?2 LIMIT ${CHUNK})`,
        )
        .bind(site, hour),
    );
    // Page views, survey answers and vitals counted per hour, of the hours that ended before the cutoff
    // (the hour holding it keeps its counts).
    for (const [table, key] of HOURLY_COUNTS) {
      await deleteInChunks(
        db.prepare(`DELETE FROM ${table} WHERE (${key}) IN (SELECT ${key} FROM ${table} WHERE site = ?1 AND hour < ?2 LIMIT ${CHUNK})`).bind(site, hour),
      );
    }
    // The people not seen since: their rows in every table, the person records last (personTables.ts).
    const goneCustomers = `SELECT customer_id FROM customers c WHERE site = ?1 AND last_seen < ?2
      AND NOT EXISTS (SELECT 1 FROM visitors v INDEXED BY visitors_customer WHERE v.site = ?1 AND v.customer_id = c.customer_id AND v.last_seen >= ?2)`;
    const goneVisitors = `SELECT visitor_id FROM visitors WHERE site = ?1 AND last_seen < ?2
      UNION ALL SELECT '${CUSTOMER_VISITOR_PREFIX}' || customer_id FROM (${goneCustomers})`;
    const deletes = personDeletes(db, goneVisitors, goneCustomers, [site, cutoff]);
    const results = await db.batch(deletes.map(([, s]) => s));
    const visitors = results[deletes.findIndex(([table]) => table === 'visitors')].meta.changes ?? 0;
    purged.push({ site, events, visitors });
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
