import type { Destination, Subscription, Trigger } from '../alerts/subscriptionSchema';

/** Alert subscriptions (migration 0019): trigger and destination JSON, secrets sealed. */
interface Row {
  site: string;
  id: string;
  name: string | null;
  trigger: string;
  destination: string;
  sealed_secret: string;
  sealed_credentials: string | null;
  hint: string;
  created_at: number;
}

const COLUMNS = 'site, id, name, trigger, destination, sealed_secret, sealed_credentials, hint, created_at';

const toSubscription = (r: Row): Subscription => ({
  site: r.site,
  id: r.id,
  name: r.name,
  trigger: JSON.parse(r.trigger) as Trigger,
  destination: JSON.parse(r.destination) as Destination,
  sealedSecret: r.sealed_secret,
  sealedCredentials: r.sealed_credentials,
  hint: r.hint,
  createdAt: r.created_at,
});

export async function insertSubscription(db: D1Database, s: Subscription): Promise<void> {
  await db
    .prepare(`INSERT INTO alert_subscriptions (${COLUMNS}, trigger_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .bind(s.site, s.id, s.name, JSON.stringify(s.trigger), JSON.stringify(s.destination), s.sealedSecret, s.sealedCredentials, s.hint, s.createdAt, s.trigger.kind)
    .run();
}

/** The site's subscriptions, optionally only those of one trigger kind. */
export async function listSubscriptions(db: D1Database, site: string, kind?: Trigger['kind']): Promise<Subscription[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM alert_subscriptions WHERE site = ?1 AND (?2 IS NULL OR trigger_kind = ?2) ORDER BY created_at, id`)
    .bind(site, kind ?? null)
    .all<Row>();
  return results.map(toSubscription);
}

/** Every site's subscriptions of one trigger kind (the per-minute checks). */
export async function subscriptionsOfKind(db: D1Database, kind: Trigger['kind']): Promise<Subscription[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM alert_subscriptions WHERE trigger_kind = ? ORDER BY site, created_at`).bind(kind).all<Row>();
  return results.map(toSubscription);
}

export async function getSubscription(db: D1Database, site: string, id: string): Promise<Subscription | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM alert_subscriptions WHERE site = ? AND id = ?`).bind(site, id).first<Row>();
  return row ? toSubscription(row) : null;
}

/** Deletes the subscription with its pending deliveries and segment state; the delivered/dead log goes too. */
export async function deleteSubscription(db: D1Database, site: string, id: string): Promise<boolean> {
  const [, , deleted] = await db.batch([
    db.prepare('DELETE FROM alert_deliveries WHERE site = ? AND subscription_id = ?').bind(site, id),
    db.prepare('DELETE FROM alert_segment_members WHERE site = ? AND subscription_id = ?').bind(site, id),
    db.prepare('DELETE FROM alert_subscriptions WHERE site = ? AND id = ?').bind(site, id),
  ]);
  return deleted.meta.changes > 0;
}
