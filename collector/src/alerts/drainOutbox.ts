import type { Env } from '../env';
import { claimDue } from '../store/alertDeliveries';
import { getSubscription } from '../store/alertSubscriptions';
import type { Subscription } from './subscriptionSchema';
import { attemptDelivery, type AttemptOutcome } from './attemptDelivery';
import { LEASE_MS } from './retrySchedule';

/** Deliveries one cron run attempts at most (the rest wait a minute). */
const DRAIN_LIMIT = 200;
/** Attempts in flight at once. */
const PARALLEL = 6;

/**
 * The outbox drain, every minute from the cron: every pending delivery that is due (a failed try whose
 * backoff ran out, a first try whose immediate attempt never ran) is leased and tried once.
 */
export async function drainOutbox(env: Env, now: number): Promise<Record<AttemptOutcome, number>> {
  const rows = await claimDue(env.DB, now, now + LEASE_MS, DRAIN_LIMIT);
  const subs = new Map<string, Promise<Subscription | null>>();
  const sub = (site: string, id: string) => {
    const k = `${site}\n${id}`;
    if (!subs.has(k)) subs.set(k, getSubscription(env.DB, site, id));
    return subs.get(k)!;
  };
  const counts: Record<AttemptOutcome, number> = { delivered: 0, pending: 0, dead: 0 };
  for (let i = 0; i < rows.length; i += PARALLEL) {
    const outcomes = await Promise.all(rows.slice(i, i + PARALLEL).map(async (r) => attemptDelivery(env, r, await sub(r.site, r.subscription_id), now)));
    for (const o of outcomes) counts[o]++;
  }
  return counts;
}
