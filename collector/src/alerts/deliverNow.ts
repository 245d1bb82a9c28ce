import type { Env } from '../env';
import { getDeliveries } from '../store/alertDeliveries';
import { getSubscription } from '../store/alertSubscriptions';
import { attemptDelivery } from './attemptDelivery';

/**
 * First attempts right after enqueueing (ctx.waitUntil), so a detractor reaches Slack within seconds.
 * The rows are leased to this caller; if it dies, the lease runs out and the cron's drain sends them.
 */
export async function deliverNow(env: Env, site: string, ids: string[]): Promise<void> {
  const rows = await getDeliveries(env.DB, site, ids);
  const subs = new Map<string, Awaited<ReturnType<typeof getSubscription>>>();
  for (const row of rows) {
    if (row.status !== 'pending') continue;
    if (!subs.has(row.subscription_id)) subs.set(row.subscription_id, await getSubscription(env.DB, site, row.subscription_id));
    try {
      await attemptDelivery(env, row, subs.get(row.subscription_id)!);
    } catch (err) {
      // Recording failed (storage): the lease expires and the cron tries again.
      console.error('alert delivery: immediate attempt not recorded', site, row.id, err);
    }
  }
}
