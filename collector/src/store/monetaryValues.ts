/**
 * Net purchase value per visitor id: Σ props.value of `purchase` events minus Σ of `refund` events
 * (the revenue contract: `{ value, currency, orderId }`). Amounts are summed as stored, whatever their
 * currency. Until the vocabulary has those types this reads nothing and every person is worth 0.
 */
export async function monetaryValues(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, number>> {
  if (!visitorIds.length) return new Map();
  const { results } = await db
    .prepare(
      `SELECT visitor_id, SUM(CASE type WHEN 'purchase' THEN 1 ELSE -1 END * COALESCE(json_extract(props, '$.value'), 0)) AS value
       FROM events INDEXED BY events_visitor_time
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND type IN ('purchase', 'refund')
       GROUP BY visitor_id`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<{ visitor_id: string; value: number | null }>();
  return new Map(results.map((r) => [r.visitor_id, Number(r.value) || 0]));
}
