import { constantTimeEqual } from '../lib/hash';

/**
 * Zendesk signs every webhook request: base64(HMAC-SHA256(secret, timestamp + body)), sent in
 * `X-Zendesk-Webhook-Signature`, with the timestamp in `X-Zendesk-Webhook-Signature-Timestamp`
 * (https://developer.zendesk.com/documentation/webhooks/verifying/). The body must be the raw bytes.
 */
export async function verifyZendeskSignature(secret: string, timestamp: string, body: string, signature: string): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(timestamp + body));
  const expected = btoa(String.fromCharCode(...new Uint8Array(mac)));
  return constantTimeEqual(expected, signature);
}
