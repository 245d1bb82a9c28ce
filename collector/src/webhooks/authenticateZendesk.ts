import type { Env } from '../env';
import { fail } from '../http/errors';
import { readWebhookSecret } from '../store/webhookSecrets';
import { openSecret } from './sealSecret';
import { verifyZendeskSignature } from './verifyZendeskSignature';

/** How far a Zendesk signature timestamp may be from our clock, either way: a captured request is replayable until then. */
export const ZENDESK_MAX_SKEW_MS = 5 * 60_000;

/**
 * Verifies a Zendesk delivery against the signing secret stored for this site (set with `hoptrail webhooks
 * zendesk`), so a request signed for site A cannot be posted to site B. Returns when Zendesk signed it,
 * which orders deliveries whose minute-precision `updated_at` is the same.
 */
export async function authenticateZendesk(env: Env, site: string, headers: Headers, body: string, now: number): Promise<number> {
  const row = await readWebhookSecret(env.DB, site, 'zendesk');
  if (!row?.sealed_secret) {
    fail(403, 'zendesk webhook: no signing secret is configured for this site; store it with `hoptrail webhooks zendesk --secret …`', 'x-zendesk-webhook-signature');
  }
  const signature = headers.get('x-zendesk-webhook-signature');
  const timestamp = headers.get('x-zendesk-webhook-signature-timestamp');
  if (!signature || !timestamp) {
    fail(401, 'x-zendesk-webhook-signature: signature and timestamp headers are required', 'x-zendesk-webhook-signature');
  }
  const signedAt = Date.parse(timestamp);
  if (Number.isNaN(signedAt) || Math.abs(now - signedAt) > ZENDESK_MAX_SKEW_MS) {
    fail(401, 'x-zendesk-webhook-signature-timestamp: malformed or more than 5 minutes from our clock', 'x-zendesk-webhook-signature-timestamp');
  }
  const secret = await openSecret(env.WEBHOOK_SECRETS_KEY, site, 'zendesk', row.sealed_secret);
  if (secret === undefined) {
    fail(503, 'zendesk webhook: the stored signing secret cannot be opened with this WEBHOOK_SECRETS_KEY; store it again with `hoptrail webhooks zendesk`');
  }
  if (!(await verifyZendeskSignature(secret, timestamp, body, signature))) {
    fail(401, 'x-zendesk-webhook-signature: does not match the body and timestamp for this site', 'x-zendesk-webhook-signature');
  }
  return signedAt;
}
