import { CHAT_IDLE_MS, deriveConversations } from '../chat/deriveConversations';
import { readSiteChatEvents, readSiteTicketEvents } from '../store/serviceEvents';
import { bucketed, distribution, type Bucket, type Distribution } from './distribution';

const DAY = 86_400_000;
/** Openings this long before the window still count for tickets resolved in it. */
const TICKET_LOOKBACK_MS = 365 * DAY;

export interface SpeedSeries {
  overall: Distribution;
  buckets: ({ start: number } & Distribution)[];
}

export interface ServiceSpeed {
  from: number;
  to: number;
  bucket: Bucket;
  /** First visitor message → first agent or bot reply, per conversation, by the conversation's start. */
  chatFirstResponse: SpeedSeries;
  /** Opening → resolution, per resolution (`resolutionMs` when the helpdesk sent it), by the resolution's time. */
  ticketResolution: SpeedSeries;
  /** True when a read reached its event cap: the oldest part of the window is missing. */
  truncated: boolean;
}

/** Service speed of a site over the `days` before `now`. */
export async function serviceSpeed(db: D1Database, site: string, days: number, bucket: Bucket, now = Date.now()): Promise<ServiceSpeed> {
  const from = now - days * DAY;
  const [chat, tickets] = await Promise.all([readSiteChatEvents(db, site, from - CHAT_IDLE_MS), readSiteTicketEvents(db, site, from - TICKET_LOOKBACK_MS)]);

  const responses: { at: number; ms: number }[] = [];
  for (const events of chat.byVisitor.values())
    for (const c of deriveConversations(events, now)) if (c.firstResponseMs !== null && c.startedAt >= from) responses.push({ at: c.startedAt, ms: c.firstResponseMs });

  const opened = new Map<string, number>();
  const resolutions: { at: number; ms: number }[] = [];
  for (const r of tickets.rows) {
    if (r.type === 'ticket_opened') {
      if (!opened.has(r.key)) opened.set(r.key, r.ts);
    } else if (r.ts >= from) {
      const ms = r.resolutionMs ?? (opened.has(r.key) ? r.ts - opened.get(r.key)! : null);
      if (ms !== null && ms >= 0) resolutions.push({ at: r.ts, ms });
    }
  }
  const series = (items: { at: number; ms: number }[]): SpeedSeries => ({ overall: distribution(items.map((i) => i.ms)), buckets: bucketed(items, bucket, from, now) });
  return { from, to: now, bucket, chatFirstResponse: series(responses), ticketResolution: series(resolutions), truncated: chat.truncated || tickets.truncated };
}
