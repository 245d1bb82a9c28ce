import { hostMatches } from '../newsletter/hostMatches';

/** At most this many seen hosts are listed (GET /hosts); membership checks look one host up. */
const SEEN_LIST_MAX = 100;

/** The hosts a site declared its own (write key), or null when it declared none. */
export async function declaredHosts(db: D1Database, site: string): Promise<string[] | null> {
  const row = await db.prepare('SELECT hosts FROM own_hosts WHERE site = ?').bind(site).first<{ hosts: string }>();
  return row ? (JSON.parse(row.hosts) as string[]) : null;
}

/** Replaces the declared list; an empty list goes back to the hosts the SDK has seen. */
export async function setDeclaredHosts(db: D1Database, site: string, hosts: string[], now: number): Promise<void> {
  if (!hosts.length) {
    await db.prepare('DELETE FROM own_hosts WHERE site = ?').bind(site).run();
    return;
  }
  await db
    .prepare(
      `INSERT INTO own_hosts (site, hosts, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (site) DO UPDATE SET hosts = excluded.hosts, updated_at = excluded.updated_at`,
    )
    .bind(site, JSON.stringify(hosts), now)
    .run();
}

/** Hosts the SDK sent page views from, first seen first. */
export async function seenHosts(db: D1Database, site: string): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT host FROM seen_hosts WHERE site = ? ORDER BY first_seen, host LIMIT ?')
    .bind(site, SEEN_LIST_MAX)
    .all<{ host: string }>();
  return results.map((r) => r.host);
}

/**
 * Whether `host` is one of the site's own: the declared list when there is one, else the hosts seen.
 * One round trip; not cached, so a list just declared applies to the next click.
 */
export async function isOwnHost(db: D1Database, site: string, host: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT (SELECT hosts FROM own_hosts WHERE site = ?1) AS declared,
              EXISTS (SELECT 1 FROM seen_hosts WHERE site = ?1 AND host = ?2) AS seen`,
    )
    .bind(site, host)
    .first<{ declared: string | null; seen: number }>();
  if (row?.declared) return hostMatches(host, JSON.parse(row.declared) as string[]);
  return row?.seen === 1;
}
