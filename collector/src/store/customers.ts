export interface CustomerSummary {
  customerId: string;
  traits: Record<string, unknown>;
  firstSeen: number;
  lastSeen: number;
  /** Every visitor id (device, browser) that identified as this customer. */
  visitorIds: string[];
}

export async function getCustomer(db: D1Database, site: string, customerId: string): Promise<CustomerSummary | null> {
  const [customer, identities] = await db.batch<Record<string, unknown>>([
    db
      .prepare('SELECT customer_id, traits, first_seen, last_seen FROM customers WHERE site = ? AND customer_id = ?')
      .bind(site, customerId),
    db
      .prepare('SELECT visitor_id FROM identities WHERE site = ? AND customer_id = ? ORDER BY first_seen, visitor_id')
      .bind(site, customerId),
  ]);
  const row = customer.results[0] as { customer_id: string; traits: string; first_seen: number; last_seen: number } | undefined;
  if (!row) return null;
  return {
    customerId: row.customer_id,
    traits: JSON.parse(row.traits),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    visitorIds: identities.results.map((r) => r.visitor_id as string),
  };
}
