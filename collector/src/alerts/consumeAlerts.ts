import type { Env } from '../env';
import { getDeliveries } from '../store/alertDeliveries';
import { getSubscription } from '../store/alertSubscriptions';
import { attemptDelivery } from './attemptDelivery';

/** One message on the optional alert queue (ALERT_QUEUE): a delivery of the outbox, by id. */
export interface AlertMessage {
  v: 1;
  site: string;
  id: string;
}

/** Queue names of the alert queue start with this (wrangler.toml), so the Worker's one `queue` handler can tell it apart. */
export const ALERT_QUEUE_PREFIX = 'hoptrail-alerts';

/**
 * The alert queue's consumer: tries each delivery once; a failed try goes back on the queue with the
 * outbox's backoff as its delay (Queues allows up to 12 h), a delivered or dead one is acked. The outbox
 * row stays the truth and the log: a message for a row no longer pending is acked without sending, and
 * a lost message is picked up by the cron's drain once its lease runs out.
 */
export async function consumeAlerts(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const body = msg.body as Partial<AlertMessage> | null;
    if (body?.v !== 1 || typeof body.site !== 'string' || typeof body.id !== 'string') {
      console.error('alert queue: malformed message dropped', JSON.stringify({ id: msg.id }));
      msg.ack();
      continue;
    }
    try {
      const [row] = await getDeliveries(env.DB, body.site, [body.id]);
      if (!row || row.status !== 'pending') {
        msg.ack();
        continue;
      }
      const outcome = await attemptDelivery(env, row, await getSubscription(env.DB, body.site, row.subscription_id), Date.now(), true);
      if (outcome === 'pending') {
        const [after] = await getDeliveries(env.DB, body.site, [body.id]);
        msg.retry({ delaySeconds: Math.max(0, Math.ceil((after.next_attempt_at - Date.now()) / 1000)) });
      } else msg.ack();
    } catch (err) {
      console.error('alert queue: attempt not recorded, retrying', body.site, body.id, err);
      msg.retry({ delaySeconds: 30 });
    }
  }
}
