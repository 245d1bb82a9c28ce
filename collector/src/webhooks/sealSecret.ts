import { fail } from '../http/errors';

/**
 * Seals a helpdesk secret the collector must be able to read back (Zendesk's HMAC signing secret):
 * AES-256-GCM under a key derived (HKDF-SHA-256) from the deployment's `WEBHOOK_SECRETS_KEY`, with the
 * site and helpdesk as associated data, so a sealed value copied into another site's row does not open.
 * Format: `v1.<iv base64url>.<ciphertext base64url>`. Also used by scripts/prepare-dev-db.mjs (bundled).
 */
export async function sealSecret(masterKey: string | undefined, site: string, helpdesk: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associatedData(site, helpdesk) },
    await aesKey(masterKey),
    new TextEncoder().encode(secret),
  );
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** The secret, or undefined when the value was not sealed for this site and helpdesk under this key. */
export async function openSecret(masterKey: string | undefined, site: string, helpdesk: string, sealed: string): Promise<string | undefined> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: associatedData(site, helpdesk) },
      await aesKey(masterKey),
      fromBase64Url(data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}

/** Shorter keys are refused: the key is all that protects the stored secrets. */
export const MIN_MASTER_KEY_LENGTH = 32;

async function aesKey(masterKey: string | undefined): Promise<CryptoKey> {
  if (!masterKey || masterKey.length < MIN_MASTER_KEY_LENGTH) {
    fail(503, `WEBHOOK_SECRETS_KEY: not configured (or under ${MIN_MASTER_KEY_LENGTH} characters) on this collector; set it with \`wrangler secret put WEBHOOK_SECRETS_KEY\``);
  }
  const ikm = await crypto.subtle.importKey('raw', new TextEncoder().encode(masterKey), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('hoptrail webhook secrets v1') },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

const associatedData = (site: string, helpdesk: string) => new TextEncoder().encode(`${site}\n${helpdesk}`);

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
