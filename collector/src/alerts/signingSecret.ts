import { Webhook } from 'standardwebhooks';

/** A new Standard Webhooks signing secret: `whsec_` + 32 random bytes in base64 (as the spec's libraries expect). */
export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * The three Standard Webhooks headers for one attempt: the id stays the same across retries (the
 * receiver's idempotency key), the timestamp is the attempt's, the signature covers `id.timestamp.body`.
 */
export function signedHeaders(secret: string, id: string, at: number, body: string): Record<string, string> {
  const timestamp = new Date(at);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
  };
}

/** Sealing context of a subscription's secrets (sealSecret.ts associated data: site + this). */
export const secretContext = (subscriptionId: string) => `alert:${subscriptionId}`;
export const credentialsContext = (subscriptionId: string) => `alert-credentials:${subscriptionId}`;
