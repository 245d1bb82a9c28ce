/**
 * Site existence, cached per isolate: every public request asks, and sites are created far more
 * rarely than events arrive. Known sites for a minute; unknown ones for a few seconds, so a flood
 * naming made-up sites costs one D1 lookup per site and isolate, not one per request, while a new
 * site works within seconds everywhere (at once in the isolate that created it).
 */
const cache = new Map<string, { exists: boolean; until: number }>();
const KNOWN_TTL_MS = 60_000;
export const UNKNOWN_TTL_MS = 10_000;
/** Bounded memory under a flood of distinct made-up site names. */
const MAX_ENTRIES = 10_000;

export async function siteExists(db: D1Database, site: string): Promise<boolean> {
  const hit = cache.get(site);
  if (hit && hit.until > Date.now()) return hit.exists;
  const exists = (await db.prepare('SELECT 1 AS ok FROM sites WHERE id = ?').bind(site).first()) !== null;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(site, { exists, until: Date.now() + (exists ? KNOWN_TTL_MS : UNKNOWN_TTL_MS) });
  return exists;
}

export async function createSite(db: D1Database, id: string, name = id): Promise<void> {
  await db
    .prepare('INSERT OR IGNORE INTO sites (id, name, created_at) VALUES (?, ?, ?)')
    .bind(id, name, Date.now())
    .run();
  cache.delete(id);
}
