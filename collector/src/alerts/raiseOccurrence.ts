import type { Env } from '../env';
import { existingDeliveryIds, insertDeliveries, type NewDelivery } from '../store/alertDeliveries';
import { listSubscriptions } from '../store/alertSubscriptions';
import { deliverNow } from './deliverNow';
import { deliveryId } from './deliveryId';
import { describePerson } from './describePerson';
import { matchTrigger } from './matchTrigger';
import { eventTypeOf, type Occurrence } from './occurrence';
import { renderPayload } from './renderPayload';
import { LEASE_MS, QUEUE_GRACE_MS } from './retrySchedule';
import type { AlertMessage } from './consumeAlerts';

export interface RaiseOptions {
  /** ctx.waitUntil of the request or cron run: with it, the first attempts start at once. */
  waitUntil?: (promise: Promise<unknown>) => void;
  now?: number;
}

/**
 * The one entry for alerts: matches an occurrence against the site's subscriptions and puts one
 * delivery per match into the outbox (D1, same id for the same occurrence, so raising twice is
 * harmless). With `waitUntil`, first attempts run right away; otherwise, or if they fail, the per-minute
 * cron drains the outbox with backoff; with ALERT_QUEUE bound, through Cloudflare Queues instead.
 * Resolves once the deliveries are stored (and queued); returns their ids.
 */
export async function raiseOccurrence(env: Env, occurrence: Occurrence, options: RaiseOptions = {}): Promise<string[]> {
  const now = options.now ?? Date.now();
  const subs = (await listSubscriptions(env.DB, occurrence.site, occurrence.kind)).filter(
    (s) => (occurrence.subscriptionId === undefined || s.id === occurrence.subscriptionId) && matchTrigger(s.trigger, occurrence),
  );
  if (!subs.length) return [];
  // Checks that raise the same occurrence every minute (open tickets) stop here once it is in the outbox.
  const withIds = await Promise.all(subs.map(async (s) => ({ s, id: await deliveryId(s.id, occurrence.key) })));
  const known = await existingDeliveryIds(env.DB, occurrence.site, withIds.map((w) => w.id));
  const fresh = withIds.filter((w) => !known.has(w.id));
  if (!fresh.length) return [];
  const facts = await describePerson(env.DB, occurrence.site, occurrence.person, now);
  const rows: NewDelivery[] = await Promise.all(
    fresh.map(async ({ s, id }) => ({
      site: occurrence.site,
      id,
      subscriptionId: s.id,
      eventType: eventTypeOf(occurrence),
      visitorId: occurrence.person.visitorId,
      customerId: occurrence.person.customerId,
      payload: renderPayload(s, occurrence, facts),
      createdAt: now,
    })),
  );
  // With the alert queue bound, the queue makes every try (the cron drain takes over a row only if its
  // message is lost); without it, the caller's waitUntil makes the first and the cron the retries.
  if (env.ALERT_QUEUE) {
    const ids = await insertDeliveries(env.DB, rows, now + QUEUE_GRACE_MS);
    if (ids.length) await env.ALERT_QUEUE.sendBatch(ids.map((id) => ({ body: { v: 1, site: occurrence.site, id } satisfies AlertMessage, contentType: 'json' })));
    return ids;
  }
  // Leased to this caller only when it will try them now; otherwise due for the next drain.
  const ids = await insertDeliveries(env.DB, rows, options.waitUntil ? now + LEASE_MS : 0);
  if (ids.length && options.waitUntil) options.waitUntil(deliverNow(env, occurrence.site, ids));
  return ids;
}
