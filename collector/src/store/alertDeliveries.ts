/** The alert outbox and delivery log (migration 0019). One row per webhook-id. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface DeliveryRow {
  site: string;
  id: string;
  subscription_id: string;
  event_type: string;
  visitor_id: string | null;
  customer_id: string | null;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number;
  last_error: string | null;
  last_status: number | null;
  created_at: number;
  delivered_at: number | null;
}

export interface NewDelivery {
  site: string;
  id: string;
  subscriptionId: string;
  eventType: string;
  visitorId: string;
  customerId: string | null;
  payload: string;
  createdAt: number;
}

/**
 * Enqueues deliveries; an id already in the outbox is left as it is (the same occurrence raised twice).
 * Returns the ids that are new, each leased for its first attempt by the caller until `leaseUntil`.
 */
export async function insertDeliveries(db: D1Database, rows: NewDelivery[], leaseUntil: number): Promise<string[]> {
  if (!rows.length) return [];
  const results = await db.batch(
    rows.map((r) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO alert_deliveries (site, id, subscription_id, event_type, visitor_id, customer_id, payload, status, attempts, next_attempt_at, lease_until, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
        )
        .bind(r.site, r.id, r.subscriptionId, r.eventType, r.visitorId, r.customerId, r.payload, r.createdAt, leaseUntil, r.createdAt),
    ),
  );
  return rows.filter((_, i) => results[i].meta.changes > 0).map((r) => r.id);
}

const COLUMNS = 'site, id, subscription_id, event_type, visitor_id, customer_id, payload, status, attempts, next_attempt_at, lease_until, last_error, last_status, created_at, delivered_at';

/**
 * Takes up to `limit` due pending deliveries and leases them until `leaseUntil`, so a concurrent drainer
 * (another cron tick, an immediate first attempt) does not send the same one at the same time.
 */
export async function claimDue(db: D1Database, now: number, leaseUntil: number, limit: number): Promise<DeliveryRow[]> {
  const { results } = await db
    .prepare(
      `UPDATE alert_deliveries SET lease_until = ?1
       WHERE rowid IN (SELECT rowid FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ?2 AND lease_until <= ?2
                       ORDER BY next_attempt_at LIMIT ?3)
       RETURNING ${COLUMNS}`,
    )
    .bind(leaseUntil, now, limit)
    .all<DeliveryRow>();
  return results;
}

export async function getDeliveries(db: D1Database, site: string, ids: string[]): Promise<DeliveryRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM alert_deliveries WHERE site = ? AND id IN (SELECT value FROM json_each(?))`)
    .bind(site, JSON.stringify(ids))
    .all<DeliveryRow>();
  return results;
}

/** The result of one attempt: delivered, due again at `nextAttemptAt`, or dead (no try left). */
export async function recordAttempt(
  db: D1Database,
  row: Pick<DeliveryRow, 'site' | 'id'>,
  outcome: { status: DeliveryStatus; httpStatus: number | null; error: string | null; nextAttemptAt: number; at: number; leaseUntil?: number },
): Promise<void> {
  await db
    .prepare(
      `UPDATE alert_deliveries SET status = ?3, attempts = attempts + 1, last_status = ?4, last_error = ?5, next_attempt_at = ?6,
         lease_until = ?8, delivered_at = CASE WHEN ?3 = 'delivered' THEN ?7 ELSE delivered_at END
       WHERE site = ?1 AND id = ?2`,
    )
    .bind(row.site, row.id, outcome.status, outcome.httpStatus, outcome.error, outcome.nextAttemptAt, outcome.at, outcome.leaseUntil ?? 0)
    .run();
}

/** A subscription's delivery log, newest first, paged by (created_at, id). */
export async function listDeliveries(
  db: D1Database,
  site: string,
  subscriptionId: string,
  limit: number,
  after: [number, string] | null,
): Promise<DeliveryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM alert_deliveries WHERE site = ?1 AND subscription_id = ?2
         AND (?3 IS NULL OR created_at < ?3 OR (created_at = ?3 AND id < ?4))
       ORDER BY created_at DESC, id DESC LIMIT ?5`,
    )
    .bind(site, subscriptionId, after?.[0] ?? null, after?.[1] ?? null, limit)
    .all<DeliveryRow>();
  return results;
}

/** Redeliver: the delivery is pending again, due now, with a fresh set of tries (its id stays the same). */
export async function resetDelivery(db: D1Database, site: string, subscriptionId: string, id: string, now: number): Promise<boolean> {
  const { meta } = await db
    .prepare(
      `UPDATE alert_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?4, lease_until = ?5
       WHERE site = ?1 AND subscription_id = ?2 AND id = ?3`,
    )
    .bind(site, subscriptionId, id, now, now + 60_000)
    .run();
  return meta.changes > 0;
}

/** Which of these delivery ids are already in the outbox. */
export async function existingDeliveryIds(db: D1Database, site: string, ids: string[]): Promise<Set<string>> {
  const { results } = await db
    .prepare(`SELECT id FROM alert_deliveries WHERE site = ? AND id IN (SELECT value FROM json_each(?))`)
    .bind(site, JSON.stringify(ids))
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}
