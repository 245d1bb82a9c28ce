import { memberIds, resolveSubjects } from './subject';
import type { VisitorSummary } from './visitors';

/**
 * Revenue read from the orders projection (one row per order id and site) net of the refunds that name
 * each order. Always per currency: amounts in different currencies are never added or converted.
 */
export interface CurrencyRevenue {
  currency: string;
  /** Orders counted (each order id once). */
  orders: number;
  /** Sum of the orders' values. */
  gross: number;
  /** Sum of the refunds naming those orders. */
  refunded: number;
  /** gross − refunded. */
  net: number;
}

/** Per-currency totals (per `by` too, e.g. `o.visitor_id, `) over the `orders o` rows selected by `where`; ?1 = site. */
const TOTALS = (where: string, by = '') => `
  SELECT ${by}o.currency, count(*) AS orders, total(o.value) AS gross,
         total((SELECT total(r.value) FROM refunds r INDEXED BY refunds_order WHERE r.site = o.site AND r.order_id = o.order_id)) AS refunded
  FROM orders o WHERE o.site = ?1 AND ${where}
  GROUP BY ${by}o.currency ORDER BY o.currency`;

type Row = { currency: string; orders: number; gross: number; refunded: number };
const toRevenue = (rows: Row[]): CurrencyRevenue[] =>
  rows.map((r) => ({ currency: r.currency, orders: r.orders, gross: r.gross, refunded: r.refunded, net: r.gross - r.refunded }));

/** A person's lifetime value: the orders of their visitor ids (every device and the `customer:` pseudo-visitor). */
export async function revenueOfVisitors(db: D1Database, site: string, visitorIds: string[]): Promise<CurrencyRevenue[]> {
  if (!visitorIds.length) return [];
  const { results } = await db
    .prepare(TOTALS(`o.visitor_id IN (SELECT value FROM json_each(?2))`))
    .bind(site, JSON.stringify(visitorIds))
    .all<Row>();
  return toRevenue(results);
}

/**
 * Revenue of the sessions a newsletter click started: for each visitor the campaign's landing identified
 * (the `newsletter:<campaign>` identify of POST /v1/landing), the browser session of their first
 * pageview from a minute before that landing on; orders placed in those sessions count.
 * Not `sessions.campaign` (the channel report's campaign rows): that marks every direct session of the
 * visitor starting within 15 minutes of the landing, and misses a click that lands in a session
 * already open (its row keeps the channel it started with).
 */
export async function campaignRevenue(db: D1Database, site: string, campaign: string): Promise<CurrencyRevenue[]> {
  const { results } = await db
    .prepare(
      `WITH landings AS (
         SELECT DISTINCT l.visitor_id, l.ts FROM identities i
         CROSS JOIN events l INDEXED BY events_identify ON l.site = ?1 AND l.visitor_id = i.visitor_id
           AND l.session_id = 'newsletter:' || ?2 AND l.type = 'identify'
         WHERE i.site = ?1 AND i.customer_id IN (SELECT recipient FROM newsletter_recipients WHERE site = ?1 AND campaign = ?2)
           AND l.source = 'click'),
       landed AS (
         SELECT DISTINCT visitor_id,
           (SELECT e.session_id FROM events e INDEXED BY events_visitor_time
            WHERE e.site = ?1 AND e.visitor_id = landings.visitor_id AND e.ts >= landings.ts - 60000 AND e.type = 'pageview'
            ORDER BY e.ts LIMIT 1) AS session_id
         FROM landings)
       ${TOTALS(`EXISTS (SELECT 1 FROM landed WHERE landed.visitor_id = o.visitor_id AND landed.session_id = o.session_id)`)}`,
    )
    .bind(site, campaign)
    .all<Row>();
  return toRevenue(results);
}

/**
 * Net revenue per currency of each visitor's person (store/subject.ts: every device of a customer
 * together), for a page of visitors: the monetary value beside recency and frequency. One query.
 */
export async function personRevenue(db: D1Database, site: string, page: VisitorSummary[]): Promise<Map<string, Record<string, number>>> {
  const people = await resolveSubjects(db, site, page);
  const { results } = await db
    .prepare(TOTALS(`o.visitor_id IN (SELECT value FROM json_each(?2))`, 'o.visitor_id, '))
    .bind(site, JSON.stringify(memberIds(people)))
    .all<Row & { visitor_id: string }>();
  const byVisitor = new Map<string, Row[]>();
  for (const r of results) byVisitor.set(r.visitor_id, [...(byVisitor.get(r.visitor_id) ?? []), r]);
  const out = new Map<string, Record<string, number>>();
  for (const v of page) {
    const net: Record<string, number> = {};
    for (const m of people.members.get(people.subjectOf.get(v.visitorId)!) ?? []) {
      for (const r of byVisitor.get(m.visitorId) ?? []) net[r.currency] = (net[r.currency] ?? 0) + r.gross - r.refunded;
    }
    out.set(v.visitorId, net);
  }
  return out;
}
