import { isolateCache, SETTINGS_TTL_MS } from '../lib/isolateCache';

export type IdentityMode = 'signed' | 'open';

export interface IdentitySettingsRow {
  mode: IdentityMode | null;
  secret: string | null;
  version: number;
  rotated_at: number | null;
  previous_secret: string | null;
  previous_until: number | null;
}

export async function getIdentitySettings(db: D1Database, site: string): Promise<IdentitySettingsRow | null> {
  return db
    .prepare('SELECT mode, secret, version, rotated_at, previous_secret, previous_until FROM identity_settings WHERE site = ?')
    .bind(site)
    .first<IdentitySettingsRow>();
}

// Read per browser batch holding an identify; the writes below forget the site's entry.
const cache = isolateCache<IdentitySettingsRow | null>(SETTINGS_TTL_MS);

/** The settings as ingest reads them: cached per isolate, at most SETTINGS_TTL_MS stale elsewhere. */
export function cachedIdentitySettings(db: D1Database, site: string): Promise<IdentitySettingsRow | null> {
  return cache.get(site, () => getIdentitySettings(db, site));
}

/** Sets the mode (`null`: back to the default, signed once a secret exists). */
export async function putIdentityMode(db: D1Database, site: string, mode: IdentityMode | null, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO identity_settings (site, mode, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (site) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`,
    )
    .bind(site, mode, now)
    .run();
  cache.forget(site);
}

/**
 * Stores a new (sealed) secret and bumps the version; the one it replaces stays valid until
 * `previousUntil` (0 or less: not at all). One statement, so two rotations cannot interleave.
 */
export async function rotateIdentitySecret(db: D1Database, site: string, sealed: string, previousUntil: number, now: number) {
  const rotated = await db
    .prepare(
      `INSERT INTO identity_settings (site, secret, version, rotated_at, updated_at) VALUES (?1, ?2, 1, ?4, ?4)
       ON CONFLICT (site) DO UPDATE SET
         previous_secret = CASE WHEN ?3 > ?4 THEN identity_settings.secret END,
         previous_until = CASE WHEN ?3 > ?4 AND identity_settings.secret IS NOT NULL THEN ?3 END,
         secret = excluded.secret, version = identity_settings.version + 1,
         rotated_at = excluded.rotated_at, updated_at = excluded.updated_at
       RETURNING version, previous_until`,
    )
    .bind(site, sealed, previousUntil, now)
    .first<{ version: number; previous_until: number | null }>();
  cache.forget(site);
  return rotated;
}
