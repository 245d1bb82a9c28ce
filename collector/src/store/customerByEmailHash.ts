/**
 * Finds the customers whose `emailHash` trait (set by the site with identify) matches, so events keyed
 * by email hash join the journey of the customer the site already knows. Scans the site's customers
 * (no index on a JSON trait); fine for helpdesk volumes, see ARCHITECTURE.md "Chat and tickets".
 */
export async function customersByEmailHash(db: D1Database, site: string, hashes: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!hashes.length) return found;
  const { results } = await db
    .prepare(
      `SELECT traits->>'emailHash' AS hash, customer_id FROM customers
       WHERE site = ?1 AND traits->>'emailHash' IN (SELECT value FROM json_each(?2))
       ORDER BY last_seen`,
    )
    .bind(site, JSON.stringify([...new Set(hashes)]))
    .all<{ hash: string; customer_id: string }>();
  // Most recently seen wins when two customers share an email.
  for (const row of results) found.set(row.hash, row.customer_id);
  return found;
}
