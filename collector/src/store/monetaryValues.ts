/**
 * Net purchase value per visitor id, for the clusters: the `orders` table (one row per order id, so a
 * repeated purchase counts once) minus the refunds naming those orders. Amounts are summed as stored,
 * whatever their currency: a cluster feature wants one number per person (reports keep currencies apart).
 */
export async function monetaryValues(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, number>> {
  if (!visitorIds.length) return new Map();
  const { results } = await db
    .prepare(
      `SELECT o.visitor_id, total(o.value)
                - total((SELECT total(r.value) FROM refunds r INDEXED BY refunds_order WHERE r.site = o.site AND r.order_id = o.order_id)) AS value
       FROM orders o
       WHERE o.site = ?1 AND o.visitor_id IN (SELECT value FROM json_each(?2))
       GROUP BY o.visitor_id`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<{ visitor_id: string; value: number | null }>();
  return new Map(results.map((r) => [r.visitor_id, Number(r.value) || 0]));
}
