import type { Projection } from './types';

/** Distinct hosts taken from one batch at most: a forged batch of odd URLs stays small. */
const HOSTS_PER_BATCH = 10;

/**
 * seen_hosts: the hostnames of this batch's page views, the default list of the site's own hosts (where
 * a newsletter click may carry the landing identity). Read from the validated rows, not the inserted
 * ones: the insert is a set insert (INSERT OR IGNORE), so a retried batch changes nothing either way.
 */
export const seenHosts: Projection = ({ db, site, rows }) => {
  const hosts = new Map<string, number>();
  for (const r of rows) {
    if (r.type !== 'pageview' || !r.url || hosts.size >= HOSTS_PER_BATCH) continue;
    const host = hostOf(r.url);
    if (host && !hosts.has(host)) hosts.set(host, r.ts);
  }
  if (!hosts.size) return [];
  return [
    db
      .prepare(`INSERT OR IGNORE INTO seen_hosts (site, host, first_seen) SELECT ?1, value->>0, value->>1 FROM json_each(?2)`)
      .bind(site, JSON.stringify([...hosts])),
  ];
};

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname || null : null;
  } catch {
    return null;
  }
}
