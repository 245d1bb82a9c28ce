/**
 * A site's extra kept query parameters (sites.url_params, a JSON array). Read on every ingest request,
 * so cached per isolate for a minute; a change made through this isolate applies at once, elsewhere
 * within the minute.
 */
// The promise is cached, so a burst of concurrent first requests shares one read.
const cache = new Map<string, { until: number; params: Promise<ReadonlySet<string>> }>();
const TTL_MS = 60_000;

export function getUrlParams(db: D1Database, site: string): Promise<ReadonlySet<string>> {
  const hit = cache.get(site);
  if (hit && hit.until > Date.now()) return hit.params;
  const params = read(db, site);
  if (cache.size > 10_000) cache.clear();
  cache.set(site, { until: Date.now() + TTL_MS, params });
  params.catch(() => cache.delete(site)); // a failed read is not remembered
  return params;
}

async function read(db: D1Database, site: string): Promise<ReadonlySet<string>> {
  const row = await db.prepare('SELECT url_params FROM sites WHERE id = ?').bind(site).first<{ url_params: string | null }>();
  return new Set<string>(row?.url_params ? (JSON.parse(row.url_params) as string[]) : []);
}

export async function setUrlParams(db: D1Database, site: string, params: string[]): Promise<void> {
  await db.prepare('UPDATE sites SET url_params = ? WHERE id = ?').bind(params.length ? JSON.stringify(params) : null, site).run();
  cache.delete(site);
}
