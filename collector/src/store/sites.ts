/**
 * Site existence, cached per isolate for a minute: every ingest request asks, and sites are
 * created far more rarely than events arrive. Unknown sites are not cached, so a new site works
 * at once.
 */
const known = new Map<string, number>();
const TTL_MS = 60_000;

export async function siteExists(db: D1Database, site: string): Promise<boolean> {
  const until = known.get(site);
  if (until !== undefined && until > Date.now()) return true;
  const row = await db.prepare('SELECT 1 AS ok FROM sites WHERE id = ?').bind(site).first();
  if (row) known.set(site, Date.now() + TTL_MS);
  return row !== null;
}

export async function createSite(db: D1Database, id: string, name = id): Promise<void> {
  await db
    .prepare('INSERT OR IGNORE INTO sites (id, name, created_at) VALUES (?, ?, ?)')
    .bind(id, name, Date.now())
    .run();
}
