import { classifySession } from '../../acquisition/classifySession';
import { landingCampaignSql, NEWSLETTER_SOURCE } from '../../acquisition/newsletterSessions';
import type { PageviewEvent } from '../../schema/event';
import { TYPE } from '../../schema/vocabulary';
import type { EventRow } from '../../ingest/toEventRows';
import type { Projection } from './types';

/**
 * sessions: one row per (site, session id), from the first page view of the session this batch holds,
 * with its channel (classified from the landing URL's UTM tags and click ids, which minimal URLs keep,
 * and the referrer's host) and the client facts of the request (browser, OS, device type, country).
 * Only batches that came from a page carry client facts; others (server events, webhooks) start no
 * session. A direct session that is a newsletter click joins its campaign (acquisition/newsletterSessions.ts).
 * One statement per batch; INSERT OR IGNORE keeps the first row, so retries change nothing.
 */
export const sessions: Projection = ({ db, site, rows, client }) => {
  if (!client) return [];
  const first = new Map<string, EventRow>();
  for (const r of rows) {
    if (r.type !== TYPE.pageview) continue;
    const seen = first.get(r.session_id);
    if (!seen || r.seq < seen.seq) first.set(r.session_id, r);
  }
  if (!first.size) return [];
  const values = [...first.values()].map((r) => {
    const props = (r.props ?? {}) as Partial<PageviewEvent['props']>;
    const s = classifySession({ url: r.url, referrer: props.referrer, utm: props.utm });
    return [r.session_id, r.visitor_id, r.ts, s.channel, s.source, s.medium, s.campaign, s.referrerHost, r.path,
      client.browser, client.os, client.deviceType, client.country];
  });
  // A direct session may be a newsletter click whose landing is already stored (newsletterSessions.ts).
  const nl = (column: string, value: string) => `CASE WHEN nl IS NULL THEN ${column} ELSE ${value} END`;
  return [
    db
      .prepare(
        `INSERT OR IGNORE INTO sessions (site, session_id, visitor_id, started_at, channel, source, medium, campaign, referrer_host,
           landing_path, browser, os, device_type, country)
         SELECT ?1, sid, vid, ts, ${nl('channel', '?3')}, ${nl('source', '?4')}, ${nl('medium', '?5')}, ${nl('campaign', 'nl')},
                referrer_host, landing_path, browser, os, device_type, country
         FROM (SELECT value->>0 AS sid, value->>1 AS vid, value->>2 AS ts, value->>3 AS channel, value->>4 AS source,
                      value->>5 AS medium, value->>6 AS campaign, value->>7 AS referrer_host, value->>8 AS landing_path,
                      value->>9 AS browser, value->>10 AS os, value->>11 AS device_type, value->>12 AS country,
                      CASE WHEN value->>3 = 'direct' THEN ${landingCampaignSql("value->>1", "value->>2")} END AS nl
               FROM json_each(?2))`,
      )
      .bind(site, JSON.stringify(values), NEWSLETTER_SOURCE.channel, NEWSLETTER_SOURCE.source, NEWSLETTER_SOURCE.medium),
  ];
};
