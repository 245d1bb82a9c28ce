import type { Env } from '../env';
import { recordAttempt, type DeliveryRow } from '../store/alertDeliveries';
import { openSecret } from '../webhooks/sealSecret';
import { targetUrl } from './renderPayload';
import { ATTEMPT_TIMEOUT_MS, nextAttemptAt, QUEUE_GRACE_MS } from './retrySchedule';
import { credentialsContext, secretContext, signedHeaders } from './signingSecret';
import type { Subscription } from './subscriptionSchema';

export type AttemptOutcome = 'delivered' | 'pending' | 'dead';

/**
 * One try of one delivery: POST the stored payload, signed per Standard Webhooks, and record the result.
 * A 2xx is delivered; anything else (status, network error, timeout) is due again per the retry schedule,
 * or dead after the last try. The webhook-id never changes, so a receiver that got an earlier try whose
 * answer was lost can drop the repeat.
 */
export async function attemptDelivery(env: Env, row: DeliveryRow, sub: Subscription | null, now = Date.now(), queued = false): Promise<AttemptOutcome> {
  let httpStatus: number | null = null;
  let error: string | null = null;
  if (!sub) error = 'subscription deleted';
  else {
    try {
      const secret = await openSecret(env.WEBHOOK_SECRETS_KEY, sub.site, secretContext(sub.id), sub.sealedSecret);
      if (!secret) throw new Error('signing secret cannot be opened (WEBHOOK_SECRETS_KEY changed?)');
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'Hoptrail-Webhooks/1',
        ...signedHeaders(secret, row.id, now, row.payload),
      };
      if (sub.destination.kind === 'zendesk') headers.authorization = await zendeskAuthorization(env, sub);
      const res = await fetch(targetUrl(sub), { method: 'POST', headers, body: row.payload, signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
      httpStatus = res.status;
      if (!res.ok) error = `HTTP ${res.status}: ${(await res.text().catch(() => '')).slice(0, 200)}`;
      else await res.body?.cancel();
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : 'request failed';
    }
  }
  const attempts = row.attempts + 1;
  const next = error === null ? null : sub ? nextAttemptAt(env, attempts, now) : null;
  const status: AttemptOutcome = error === null ? 'delivered' : next === null ? 'dead' : 'pending';
  // On the alert queue the retry travels as a delayed message: the cron's drain leaves the row alone
  // until well after it is due, and takes it over only if the message was lost.
  const leaseUntil = queued && next !== null ? next + QUEUE_GRACE_MS : 0;
  await recordAttempt(env.DB, row, { status, httpStatus, error, nextAttemptAt: next ?? now, at: now, leaseUntil });
  if (status === 'dead') console.error(JSON.stringify({ msg: 'alert delivery dead-lettered', site: row.site, id: row.id, attempts, error }));
  return status;
}

/** Zendesk API token auth: Basic base64("{email}/token:{api_token}") (Zendesk: "Security and authentication"). */
async function zendeskAuthorization(env: Env, sub: Subscription): Promise<string> {
  const opened = sub.sealedCredentials && (await openSecret(env.WEBHOOK_SECRETS_KEY, sub.site, credentialsContext(sub.id), sub.sealedCredentials));
  if (!opened) throw new Error('Zendesk credentials cannot be opened');
  const { email, token } = JSON.parse(opened) as { email: string; token: string };
  return `Basic ${btoa(`${email}/token:${token}`)}`;
}
