/**
 * The HMAC-SHA256 key for newsletter tokens, imported once per isolate from NEWSLETTER_SECRET
 * (a wrangler secret; `.dev.vars` in development). Without a secret nothing can be signed or verified.
 */
let cached: { secret: string; key: Promise<CryptoKey> } | undefined;

export function signingKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret || secret.length < 16) throw new Error('NEWSLETTER_SECRET is missing or shorter than 16 characters');
  if (cached?.secret !== secret) {
    const key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    cached = { secret, key };
  }
  return cached.key;
}

/** HMAC-SHA256 truncated to 128 bits (RFC 2104 §5 allows truncation to half the output, ≥ 80 bits). */
export const MAC_BYTES = 16;

export async function mac(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data)).slice(0, MAC_BYTES);
}

/** Constant-time comparison of a presented MAC with the expected one. */
export async function macMatches(key: CryptoKey, data: Uint8Array, presented: Uint8Array): Promise<boolean> {
  const expected = await mac(key, data);
  return presented.byteLength === MAC_BYTES && crypto.subtle.timingSafeEqual(expected, presented);
}
