import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { BURST_LINKS, BURST_MS } from '../newsletter/newsletterReport';

/**
 * The overview's newsletter funnel, kept at write time: one newsletter_funnel row per (campaign,
 * recipient) with the recipient's part in the campaign report (newsletter/newsletterReport.ts), and
 * per campaign their sums in newsletter_funnel_counts (kept by triggers, migration 0026, so every
 * insert, update and delete of a recipient row, erasure and retention included, moves the sums).
 *
 * A recipient's row is recomputed from that recipient's own rows, never incremented: the same data
 * gives the same row however often, and in whatever order, its events arrived.
 */

/**
 * Conditions on `alias` for the recipient's opens or clicks stored by the pixel and click routes (p is
 * the pair), read under their `customer:<id>` visitor (INDEXED BY events_visitor_time: without it the
 * planner took the primary key and read every event of the site on each recompute).
 */
const activityOf = (type: string, alias: string) =>
  `${alias}.site = p.site AND ${alias}.visitor_id = '${CUSTOMER_VISITOR_PREFIX}' || p.recipient AND ${alias}.type = '${type}'
   AND ${alias}.source IN ('pixel', 'click') AND ${alias}.name = p.campaign AND ${alias}.props->>'recipient' = p.recipient`;
const opens = (alias: string) => activityOf('newsletter_open', alias);
const clicks = (alias: string) => activityOf('newsletter_click', alias);

/**
 * One statement that recomputes the newsletter_funnel rows of the (campaign, recipient) pairs that
 * `pairs` selects (columns site, campaign, recipient), with the report's definitions (and its burst rule):
 *   clicker: a click not classified scanner and not in a burst over BURST_LINKS links within BURST_MS;
 *   came:    a pageview by one of the recipient's browser visitors at or after their first click (any
 *            click), or first open when they never clicked;
 *   human:   opened, and an open classified human, or a clicker, or came;
 *   visited: a clicker who came;
 *   since:   that first click or open (retention finds the rows it may change by it).
 * Unchanged rows are not rewritten (no trigger runs for them).
 */
export function refreshFunnelSql(pairs: string): string {
  return `INSERT INTO newsletter_funnel (site, campaign, recipient, human, clicker, came, visited, since)
    SELECT site, campaign, recipient, opened AND (human_open OR clicker OR came), clicker, came, clicker AND came, since
    FROM (
      SELECT q.site, q.campaign, q.recipient, q.opened, q.human_open, q.clicker, q.since,
             q.since IS NOT NULL AND EXISTS (
               SELECT 1 FROM identities i CROSS JOIN events v INDEXED BY events_visitor_time
                 ON v.site = i.site AND v.visitor_id = i.visitor_id AND v.ts >= q.since AND v.type = 'pageview'
               WHERE i.site = q.site AND i.customer_id = q.recipient AND i.visitor_id NOT LIKE '${CUSTOMER_VISITOR_PREFIX}%') AS came
      FROM (
        SELECT p.site, p.campaign, p.recipient,
               EXISTS (SELECT 1 FROM events o INDEXED BY events_visitor_time WHERE ${opens('o')}) AS opened,
               EXISTS (SELECT 1 FROM events o INDEXED BY events_visitor_time WHERE ${opens('o')} AND o.props->>'class' = 'human') AS human_open,
               EXISTS (SELECT 1 FROM events k INDEXED BY events_visitor_time WHERE ${clicks('k')} AND k.props->>'class' IS NOT 'scanner'
                       AND (SELECT count(DISTINCT b.props->>'linkId') FROM events b INDEXED BY events_visitor_time
                            WHERE ${clicks('b')} AND abs(b.ts - k.ts) <= ${BURST_MS}) < ${BURST_LINKS}) AS clicker,
               coalesce((SELECT min(k.ts) FROM events k INDEXED BY events_visitor_time WHERE ${clicks('k')}),
                        (SELECT min(o.ts) FROM events o INDEXED BY events_visitor_time WHERE ${opens('o')})) AS since
        FROM (SELECT DISTINCT site, campaign, recipient FROM (${pairs})) AS p
      ) AS q
    ) WHERE true
    ON CONFLICT (site, campaign, recipient) DO UPDATE SET
      human = excluded.human, clicker = excluded.clicker, came = excluded.came, visited = excluded.visited, since = excluded.since
    WHERE human <> excluded.human OR clicker <> excluded.clicker OR came <> excluded.came OR visited <> excluded.visited
       OR since IS NOT excluded.since`;
}

/** Migration 0026's backfill: every pair with an open or a click (newsletterFunnel.test.ts checks the file holds it). */
export const backfillFunnelSql = () =>
  refreshFunnelSql(
    `SELECT site, name AS campaign, props->>'recipient' AS recipient FROM events
     WHERE type IN ('newsletter_open', 'newsletter_click') AND source IN ('pixel', 'click')`,
  );

/**
 * Recomputes the rows of the given recipients in every campaign they have a row in (after an erasure
 * removed some of their visits or links). ?1 = site, ?2 = JSON array of recipient ids.
 */
export function refreshRecipients(db: D1Database, site: string, recipients: string[]): D1PreparedStatement {
  return db
    .prepare(
      refreshFunnelSql(
        `SELECT f.site, f.campaign, f.recipient FROM json_each(?2) AS r CROSS JOIN newsletter_funnel AS f INDEXED BY newsletter_funnel_recipient ON f.site = ?1 AND f.recipient = r.value`,
      ),
    )
    .bind(site, JSON.stringify(recipients));
}

/**
 * After retention deleted a site's events before `cutoff`: recomputes the rows that could have read one
 * (their first open or click, and so every visit they counted, is older than the cutoff). Each row is
 * recomputed once: afterwards its `since` is at or after the cutoff, or NULL.
 */
export function refreshBefore(db: D1Database, site: string, cutoff: number): D1PreparedStatement {
  return db
    .prepare(refreshFunnelSql('SELECT site, campaign, recipient FROM newsletter_funnel INDEXED BY newsletter_funnel_since WHERE site = ?1 AND since < ?2'))
    .bind(site, cutoff);
}

export interface Funnel {
  campaigns: number;
  sent: number;
  humanOpens: number;
  clicks: number;
  visits: number;
}

/**
 * The funnel of the `limit` newest campaigns sent in [from, to]: one counts row per campaign, summed
 * (a campaign with no recipients and no activity has no row and adds nothing).
 */
export async function readFunnel(db: D1Database, site: string, from: number, to: number, limit: number): Promise<Funnel> {
  const row = await db
    .prepare(
      `SELECT count(*) AS campaigns, coalesce(sum(c.sent), 0) AS sent, coalesce(sum(c.human_opens), 0) AS humanOpens,
              coalesce(sum(c.clickers), 0) AS clicks, coalesce(sum(c.visited), 0) AS visits
       FROM (SELECT campaign FROM newsletters WHERE site = ?1 AND sent_at >= ?2 AND sent_at <= ?3 ORDER BY sent_at DESC LIMIT ?4) AS n
       LEFT JOIN newsletter_funnel_counts AS c ON c.site = ?1 AND c.campaign = n.campaign`,
    )
    .bind(site, from, to, limit)
    .first<Funnel>();
  return row!;
}
