import { constantTimeEqual, sha256Hex } from '../lib/hash';

export type KeyKind = 'read' | 'write';

export type KeyCheck = 'ok' | 'other-site' | 'invalid';

/**
 * Checks a presented key for a site and kind. The site's key hashes are compared in constant time;
 * when none matches, one lookup tells a key of another site ('other-site', answered as 404 so a key
 * never learns which sites exist) from no key at all ('invalid', answered as 401).
 */
export async function checkKey(db: D1Database, site: string, kind: KeyKind, key: string): Promise<KeyCheck> {
  const hash = await sha256Hex(key);
  const { results } = await db
    .prepare('SELECT hash FROM api_keys WHERE site = ? AND kind = ? AND revoked_at IS NULL')
    .bind(site, kind)
    .all<{ hash: string }>();
  let match = false;
  for (const row of results) match = constantTimeEqual(row.hash, hash) || match;
  if (match) return 'ok';
  const elsewhere = await db
    .prepare('SELECT 1 AS ok FROM api_keys WHERE hash = ? AND kind = ? AND revoked_at IS NULL')
    .bind(hash, kind)
    .first();
  return elsewhere ? 'other-site' : 'invalid';
}

/** Creates a key and returns it; only its hash is stored, so this is the one time it is seen. */
export async function createKey(
  db: D1Database,
  site: string,
  kind: KeyKind,
  label = '',
  key = `ht_${kind}_${randomToken()}`,
): Promise<string> {
  await db
    .prepare('INSERT INTO api_keys (id, site, kind, hash, label, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(crypto.randomUUID(), site, kind, await sha256Hex(key), label, Date.now())
    .run();
  return key;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The site a presented key belongs to, when the request names no site (the Segment-compatible API,
 * where the write key alone says where events go). Looked up by the key's hash, which is unique.
 */
export async function siteOfKey(db: D1Database, kind: KeyKind, key: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT site FROM api_keys WHERE hash = ? AND kind = ? AND revoked_at IS NULL')
    .bind(await sha256Hex(key), kind)
    .first<{ site: string }>();
  return row?.site ?? null;
}
