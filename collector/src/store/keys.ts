import { constantTimeEqual, sha256Hex } from '../lib/hash';
import { isolateCache } from '../lib/isolateCache';

export type KeyKind = 'read' | 'write';

export type KeyCheck = 'ok' | 'other-site' | 'invalid';

/**
 * How long an isolate trusts its copy of a site's live key hashes: a key revoked elsewhere still opens
 * that isolate for at most this long (the isolate that revokes forgets at once). Reads then skip a D1
 * round trip per request; a key missing from the copy is looked up afresh, so a new key works at once.
 */
export const KEY_TTL_MS = 10_000;
const liveHashes = isolateCache<string[]>(KEY_TTL_MS);
const cacheKey = (site: string, kind: KeyKind) => `${site}|${kind}`;

const readLiveHashes = async (db: D1Database, site: string, kind: KeyKind) =>
  (await db.prepare('SELECT hash FROM api_keys WHERE site = ? AND kind = ? AND revoked_at IS NULL').bind(site, kind).all<{ hash: string }>()).results.map(
    (r) => r.hash,
  );

const matches = (hashes: string[], hash: string) => {
  let match = false;
  for (const h of hashes) match = constantTimeEqual(h, hash) || match;
  return match;
};

/**
 * Checks a presented key for a site and kind. The site's key hashes are compared in constant time;
 * when none matches, one lookup tells a key of another site ('other-site', answered as 404 so a key
 * never learns which sites exist) from no key at all ('invalid', answered as 401).
 */
export async function checkKey(db: D1Database, site: string, kind: KeyKind, key: string): Promise<KeyCheck> {
  const hash = await sha256Hex(key);
  if (matches(await liveHashes.get(cacheKey(site, kind), () => readLiveHashes(db, site, kind)), hash)) return 'ok';
  liveHashes.forget(cacheKey(site, kind));
  if (matches(await liveHashes.get(cacheKey(site, kind), () => readLiveHashes(db, site, kind)), hash)) return 'ok';
  const elsewhere = await db
    .prepare('SELECT 1 AS ok FROM api_keys WHERE hash = ? AND kind = ? AND revoked_at IS NULL')
    .bind(hash, kind)
    .first();
  return elsewhere ? 'other-site' : 'invalid';
}

/** Live keys a site may hold: checkKey compares the presented key with each of them. */
export const LIVE_KEYS_MAX = 50;

/** A key as listed: never its hash, never the key. */
export interface KeyInfo {
  id: string;
  kind: KeyKind;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/** Creates a key and returns it; only its hash is stored, so this is the one time it is seen. */
export async function createKey(
  db: D1Database,
  site: string,
  kind: KeyKind,
  label = '',
  key = `ht_${kind}_${randomToken()}`,
): Promise<string> {
  const created = await issueKey(db, site, kind, label, key);
  if (!created) throw new Error(`site ${site} already has ${LIVE_KEYS_MAX} live keys`);
  return created.key;
}

/**
 * Creates a key unless the site already holds LIVE_KEYS_MAX live keys (null then). One statement, so
 * concurrent creations cannot pass the cap together.
 */
export async function issueKey(
  db: D1Database,
  site: string,
  kind: KeyKind,
  label = '',
  key = `ht_${kind}_${randomToken()}`,
): Promise<(KeyInfo & { key: string }) | null> {
  const id = crypto.randomUUID();
  const createdAt = Date.now();
  const { meta } = await db
    .prepare(
      `INSERT INTO api_keys (id, site, kind, hash, label, created_at)
       SELECT ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM api_keys WHERE site = ? AND revoked_at IS NULL) < ?`,
    )
    .bind(id, site, kind, await sha256Hex(key), label, createdAt, site, LIVE_KEYS_MAX)
    .run();
  return meta.changes ? { id, kind, label, createdAt, revokedAt: null, key } : null;
}

/** The site's keys, live and revoked, oldest first; `current` marks the one whose hash is `hash`. */
export async function listKeys(db: D1Database, site: string, hash: string): Promise<(KeyInfo & { current: boolean })[]> {
  const { results } = await db
    .prepare('SELECT id, kind, label, created_at, revoked_at, hash = ? AS current FROM api_keys WHERE site = ? ORDER BY created_at, id')
    .bind(hash, site)
    .all<{ id: string; kind: KeyKind; label: string; created_at: number; revoked_at: number | null; current: number }>();
  return results.map((r) => ({ id: r.id, kind: r.kind, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at, current: r.current === 1 }));
}

export type RevokeOutcome = { revoked: KeyInfo } | { refused: 'not-found' | 'last-write-key' };

/**
 * Revokes a live key of the site. The site's last live write key is never revoked: without one nobody
 * could manage the site over the API again (only `hoptrail keys bootstrap` could). The check and the
 * update are one statement, so two concurrent revocations cannot remove the last two write keys.
 */
export async function revokeKey(db: D1Database, site: string, id: string, now = Date.now()): Promise<RevokeOutcome> {
  const row = await db
    .prepare(
      `UPDATE api_keys SET revoked_at = ?
       WHERE site = ? AND id = ? AND revoked_at IS NULL
         AND (kind = 'read' OR (SELECT COUNT(*) FROM api_keys WHERE site = ? AND kind = 'write' AND revoked_at IS NULL) > 1)
       RETURNING id, kind, label, created_at, revoked_at`,
    )
    .bind(now, site, id, site)
    .first<{ id: string; kind: KeyKind; label: string; created_at: number; revoked_at: number }>();
  if (row) {
    liveHashes.forget(cacheKey(site, row.kind));
    return { revoked: { id: row.id, kind: row.kind, label: row.label, createdAt: row.created_at, revokedAt: row.revoked_at } };
  }
  const live = await db.prepare('SELECT 1 AS ok FROM api_keys WHERE site = ? AND id = ? AND revoked_at IS NULL').bind(site, id).first();
  return { refused: live ? 'last-write-key' : 'not-found' };
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
