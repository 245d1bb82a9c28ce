import { matcherSql } from '../goals/goalMatcher';
import { EVENTS_WITH_PERSON, PERSON } from '../goals/personSql';
import { SqlParams } from '../goals/sqlParams';
import type { Goal } from './goals';
import type { CurrencyRevenue } from './revenue';
import type { ChannelDimension } from './acquisitionReports';

/**
 * Conversions and revenue per channel (or source, medium, campaign), attributed by session: a goal
 * event or an order counts for the row of the session it happened in (events.session_id and
 * orders.session_id → sessions), for sessions that started in the range and events or orders inside it.
 * A person who converts in two channels' sessions counts in both rows; an order counts once.
 */
export interface ChannelOutcomes {
  /** Row key → distinct people who reached one of the goals in a session of that row. */
  conversions: Map<string | null, number>;
  /** Row key → net revenue per currency (never converted), currencies in alphabetical order. */
  revenue: Map<string | null, CurrencyRevenue[]>;
}

export async function channelOutcomes(
  db: D1Database,
  site: string,
  by: ChannelDimension,
  goals: Goal[],
  from: number,
  to: number,
): Promise<ChannelOutcomes> {
  const p = new SqlParams(site, from, to);
  // No goal: nobody converts (a WHERE that is false, so the statement stays one shape).
  const anyGoal = goals.length ? goals.map((g) => matcherSql(g.matcher, p)).join(' OR ') : '0';
  const [conv, rev] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT s.${by} AS key, count(DISTINCT ${PERSON}) AS people
         FROM ${EVENTS_WITH_PERSON}
         JOIN sessions s ON s.site = e.site AND s.session_id = e.session_id
         WHERE e.site = ?1 AND e.ts >= ?2 AND e.ts <= ?3 AND s.started_at >= ?2 AND s.started_at <= ?3 AND (${anyGoal})
         GROUP BY s.${by}`,
      )
      .bind(...p.values),
    db
      .prepare(
        `SELECT s.${by} AS key, o.currency, count(*) AS orders, total(o.value) AS gross,
           total((SELECT total(r.value) FROM refunds r INDEXED BY refunds_order WHERE r.site = o.site AND r.order_id = o.order_id)) AS refunded
         FROM orders o INDEXED BY orders_time JOIN sessions s ON s.site = o.site AND s.session_id = o.session_id
         WHERE o.site = ?1 AND o.ts >= ?2 AND o.ts <= ?3 AND s.started_at >= ?2 AND s.started_at <= ?3
         GROUP BY s.${by}, o.currency ORDER BY o.currency`,
      )
      .bind(site, from, to),
  ]);
  const conversions = new Map(conv.results.map((r) => [r.key as string | null, r.people as number]));
  const revenue = new Map<string | null, CurrencyRevenue[]>();
  for (const r of rev.results) {
    const key = r.key as string | null;
    const [gross, refunded] = [r.gross as number, r.refunded as number];
    revenue.set(key, [...(revenue.get(key) ?? []), { currency: r.currency as string, orders: r.orders as number, gross, refunded, net: gross - refunded }]);
  }
  return { conversions, revenue };
}
