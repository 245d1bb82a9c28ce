/**
 * The signature a site's backend computes for a customer id: HMAC-SHA256(identity secret, customerId)
 * as 64 lowercase hex digits (the same construction as Intercom's identity verification).
 */
export async function identitySignature(secret: string, customerId: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(customerId)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fresh identity secret: 32 random bytes, base64url, with a recognisable prefix. */
export function newIdentitySecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `hts_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
