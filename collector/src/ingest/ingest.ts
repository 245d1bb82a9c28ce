import { processInbox } from '../alerts/processInbox';
import type { Env } from '../env';
import { INBOX_TYPES } from '../store/projections/alertInbox';
import { durably } from '../http/errors';
import { enforceSiteLimit } from '../http/rateLimit';
import { assignCookielessIds } from '../privacy/cookielessVisitorId';
import type { HoptrailEvent } from '../schema/event';
import { countFiltered } from '../store/ingestFiltered';
import { recordDropped } from '../store/ingestStats';
import { getUrlParams } from '../store/urlParams';
import { acceptEvents, type AcceptResult } from './acceptEvents';
import { botCheck, type FilterReason } from './botCheck';
import { checkIdentifies } from '../identity/checkIdentifies';
import { clientFacts } from '../acquisition/clientFacts';
import type { EventSource } from './ingestEvents';
import { minimiseEventUrls } from './minimiseEventUrls';
import { Refused, type Refusal } from './refusal';
import { SOURCE_RULES } from './sourceRules';
import { validateEvent } from './validateEvent';

export interface IngestSource {
  /** Where the events come from; stored in `events.source` and selects the rules (sourceRules.ts). */
  kind: EventSource;
  /** The site every event must name; the caller has established that it exists and may be written. */
  site: string;
  receivedAt: number;
  /** The request the events came in (page sources: bot filter, cookieless ids). */
  request?: Request;
  /** The sender's clock at send time, for skew correction (browser batches). */
  sentAt?: number;
  /** Events the SDK reported dropped from its queue (browser batches). */
  dropped?: number;
  /** The oldest time kept as sent (server backfill); by default events are clamped to 7 days. */
  oldest?: number;
  /** Write to D1 even with the ingest queue bound (a backfill rebuilds scores right after). */
  direct?: boolean;
  /** The request's ctx.waitUntil: alerts on what was just stored start after the answer (alerts/processInbox.ts). */
  waitUntil?: (promise: Promise<unknown>) => void;
}

export type IngestResult = (AcceptResult | { filtered: number; reason: FilterReason }) & { refused: Refusal[] };

/**
 * The one way events enter storage, for every source (browser batches, server events, webhooks, the
 * newsletter pixel, click links and landing). In order: validate each event on its own (a bad one is
 * refused with its index and field, the others go on), the source's filters (bots, site rate limit),
 * cookieless ids, minimal URLs, then the ingest queue or a direct D1 write. Storage failures answer
 * 503 through `durably`, never a 2xx.
 */
export async function ingest(env: Env, source: IngestSource, raw: readonly unknown[]): Promise<IngestResult> {
  const rules = SOURCE_RULES[source.kind];
  const refused: Refusal[] = [];
  let events: HoptrailEvent[] = [];
  /** Each valid event's index in the batch, for refusals found later. */
  const positions: number[] = [];
  raw.forEach((item, index) => {
    const verdict = validateEvent(item, index, source.site, rules);
    if (verdict instanceof Refused) refused.push({ index, field: verdict.field, message: verdict.message });
    else events.push(verdict), positions.push(index);
  });
  const { site, receivedAt, request } = source;
  if (rules.siteLimit) await enforceSiteLimit(env, site, receivedAt);
  // Nothing valid: the same answer shape as when something was (queued or stored).
  if (!events.length) return env.INGEST_QUEUE && rules.queue ? { queued: 0, refused } : { stored: 0, duplicates: 0, refused };

  // Bots get a 2xx (so they do not retry) but nothing is stored; the drop is counted per reason.
  const filtered = rules.botFilter && request && env.BOT_FILTER !== 'off' ? botCheck(request) : null;
  if (filtered) {
    await durably(() => countFiltered(env.DB, site, filtered, events.length, receivedAt));
    return { filtered: events.length, reason: filtered, refused };
  }

  // Browser identifies the site's identity mode refuses (unsigned, badly signed) are left out and reported.
  const identity = rules.identityCheck ? await durably(() => checkIdentifies(env, site, events, receivedAt)) : undefined;
  if (identity) {
    for (const r of identity.refused) {
      const at = (text: string) => text.replace(`events[${r.index}]`, `events[${positions[r.index]}]`);
      refused.push({ index: positions[r.index], field: at(r.field), message: at(r.message) });
    }
    refused.sort((a, b) => a.index - b.index);
    events = identity.events;
  }

  const result = await durably(async () => {
    if (rules.cookieless && request) await assignCookielessIds(env.DB, site, request, events, receivedAt);
    const allow = await getUrlParams(env.DB, site);
    const minimal = events.map((e) => minimiseEventUrls(e, allow));
    const { sentAt, dropped, oldest } = source;
    // A page's request says on what and where its page views were (sessions); parsed only when there are some.
    const client = rules.pageRules && request && events.some((e) => e.type === 'pageview') ? clientFacts(request) : undefined;
    const result = await acceptEvents(env, { site, source: source.kind, events: minimal, sentAt, receivedAt, dropped, oldest, client }, rules.queue && !source.direct);
    // A retried batch (nothing new stored) has had its drop count recorded already. Queued: the consumer records it.
    if (dropped && result.queued === undefined && result.stored) await recordDropped(env.DB, site, dropped, receivedAt);
    await identity?.count();
    return result;
  });
  // Stored now (not queued) and something an alert may act on: raise it at once; the cron is the safety net.
  if (source.waitUntil && result.queued === undefined && result.stored && events.some((e) => (INBOX_TYPES as readonly string[]).includes(e.type))) {
    source.waitUntil(processInbox(env, { site, waitUntil: source.waitUntil }).catch((err) => console.error('alerts: immediate raise failed', site, err)));
  }
  return { ...result, refused };
}
