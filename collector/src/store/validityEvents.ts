import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import type { PersonEvent } from '../score/validity/validitySamples';

/**
 * The site's events since `since`, oldest first, each with its person key (store/subject.ts: the
 * customer for an identified visitor), at most `cap` of them: the newest, as outcomes need
 * them most (`truncated` says the cap was reached).
 */
export async function readPersonEvents(db: D1Database, site: string, since: number, cap: number): Promise<{ events: PersonEvent[]; truncated: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT e.id, e.type, e.name, e.ts, e.props,
              CASE WHEN v.customer_id IS NULL THEN e.visitor_id ELSE '${CUSTOMER_VISITOR_PREFIX}' || v.customer_id END AS person
       FROM events e INDEXED BY events_site_time
       LEFT JOIN visitors v ON v.site = e.site AND v.visitor_id = e.visitor_id
       WHERE e.site = ?1 AND e.ts >= ?2
       ORDER BY e.ts DESC, e.id DESC LIMIT ?3`,
    )
    .bind(site, since, cap + 1)
    .all<{ id: string; type: string; name: string | null; ts: number; props: string | null; person: string }>();
  const events = results.slice(0, cap).reverse().map((r) => ({ ...r, props: r.props === null ? null : (JSON.parse(r.props) as unknown) }));
  return { events, truncated: results.length > cap };
}
