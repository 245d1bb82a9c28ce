import { classifySession } from '../../acquisition/classifySession';
import type { PageviewEvent } from '../../schema/event';
import { TYPE } from '../../schema/vocabulary';
import type { EventRow } from '../../ingest/toEventRows';
import type { Projection } from './types';

/**
 * sessions: one row per (site, session id), from the first page view of the session this batch holds,
 * with its channel (classified from the landing URL's UTM tags and click ids, which minimal URLs keep,
 * and the referrer's host) and the client facts of the request (browser, OS, device type, country).
 * Only batches that came from a page carry client facts; others (server events, webhooks) start no
 * session. One statement per batch; INSERT OR IGNORE keeps the first row, so retries change nothing.
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
  return [
    db
      .prepare(
        `INSERT OR IGNORE INTO sessions (site, session_id, visitor_id, started_at, channel, source, medium, campaign, referrer_host,
           landing_path, browser, os, device_type, country)
         SELECT ?1, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7,
                value->>8, value->>9, value->>10, value->>11, value->>12
         FROM json_each(?2)`,
      )
      .bind(site, JSON.stringify(values)),
  ];
};
