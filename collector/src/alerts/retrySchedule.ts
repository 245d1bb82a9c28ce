import type { Env } from '../env';

/** Tries per delivery: the immediate one and six retries; after the last it is dead-lettered. */
export const MAX_ATTEMPTS = 7;

/** First retry delay; each next one is 4× longer: 30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h (about 11 h in all). */
export const RETRY_BASE_SECONDS = 30;

/** How long an attempt in flight keeps its delivery from other drainers (longer than the request timeout). */
export const LEASE_MS = 60_000;

/** With the alert queue bound, how long past a retry's due time the cron waits before taking it over. */
export const QUEUE_GRACE_MS = 10 * 60_000;

/** A receiver gets this long to answer before the attempt counts as failed. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * When the next try is due after `attempts` failed ones, or null when none is left (dead-letter).
 * `ALERT_RETRY_BASE_SECONDS` shortens the schedule for the e2e tests; production keeps the default.
 */
export function nextAttemptAt(env: Pick<Env, 'ALERT_RETRY_BASE_SECONDS'>, attempts: number, now: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const base = Number(env.ALERT_RETRY_BASE_SECONDS) > 0 ? Number(env.ALERT_RETRY_BASE_SECONDS) : RETRY_BASE_SECONDS;
  return now + base * 1000 * 4 ** (attempts - 1);
}
