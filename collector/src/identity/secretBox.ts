/**
 * Encrypts identity secrets at rest (AES-256-GCM) under a key derived from the Worker secret
 * IDENTITY_SECRETS_KEY. Verifying an HMAC needs the secret itself, so it cannot be stored hashed; a copy
 * of the database alone does not reveal it. The site id is the additional data, so a ciphertext moved
 * to another site's row does not decrypt.
 */
let cached: { secret: string; key: Promise<CryptoKey> } | undefined;

function boxKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret || secret.length < 16) throw new Error('IDENTITY_SECRETS_KEY is missing or shorter than 16 characters');
  if (cached?.secret !== secret) {
    const key = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(`hoptrail identity secrets\n${secret}`))
      .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    cached = { secret, key };
  }
  return cached.key;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

/** `base64(iv ‖ ciphertext)`. */
export async function seal(masterKey: string | undefined, site: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(site) },
    await boxKey(masterKey),
    new TextEncoder().encode(plaintext),
  );
  const out = new Uint8Array(12 + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), 12);
  return toBase64(out);
}

export async function open(masterKey: string | undefined, site: string, box: string): Promise<string> {
  const bytes = fromBase64(box);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: new TextEncoder().encode(site) },
    await boxKey(masterKey),
    bytes.slice(12),
  );
  return new TextDecoder().decode(plain);
}
