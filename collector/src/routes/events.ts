import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably, fail } from '../http/errors';
import { ingestCors } from '../http/ingestCors';
import { readJsonBody } from '../http/readBody';
import { enforceRateLimits } from '../http/rateLimit';
import { botCheck } from '../ingest/botCheck';
import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { acceptEvents } from '../ingest/acceptEvents';
import { ingestResponse } from '../http/ingestResponse';
import { clientHash } from '../privacy/clientHash';
import { countFiltered } from '../store/ingestFiltered';
import { batchSchema } from '../schema/batch';
import { eventSchema, type HoptrailEvent } from '../schema/event';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { assignCookielessIds, COOKIELESS } from '../privacy/cookielessVisitorId';
import { recordDropped } from '../store/ingestStats';
import { siteExists } from '../store/sites';

/**
 * POST /v1/events — a batch from the browser SDK. Answers only once the batch is durably stored,
 * whole or not at all; a retried batch is accepted and its events counted as duplicates.
 */
export const eventsRoute = new Hono<AppEnv>();

eventsRoute.use('*', ingestCors);

eventsRoute.post('/', async (c) => {
  const receivedAt = Date.now();
  const body = await readJsonBody(c.req.raw, LIMITS.bodyBytes);
  const batch = parseOr400(batchSchema, body);
  const events = batch.events.map((raw, i) => parseEvent(raw, i));

  const site = events[0].site;
  events.forEach((e, i) => {
    if (e.site !== site) fail(400, `events[${i}].site: every event of a batch must name the same site`, `events[${i}].site`);
    if (e.type === 'identify' && e.visitorId === COOKIELESS) {
      fail(400, `events[${i}].visitorId: a cookieless visitor cannot be identified`, `events[${i}].visitorId`);
    }
  });
  if (!(await siteExists(c.env.DB, site))) fail(404, `events[0].site: site "${site}" not found`, 'events[0].site');
  await enforceRateLimits(c.env, site, await clientHash(c.env.DB, site, c.req.raw, receivedAt), receivedAt);

  // Bots get a 200 (so they do not retry) but nothing is stored; the drop is counted per reason.
  const filtered = c.env.BOT_FILTER === 'off' ? null : botCheck(c.req.raw);
  if (filtered) {
    await durably(() => countFiltered(c.env.DB, site, filtered, events.length, receivedAt));
    return c.json({ accepted: 0, duplicates: 0, filtered: events.length, reason: filtered });
  }

  const result = await durably(async () => {
    await assignCookielessIds(c.env.DB, site, c.req.raw, events, receivedAt);
    const result = await acceptEvents(c.env, { site, source: 'browser', events, sentAt: batch.sentAt, receivedAt, dropped: batch.dropped });
    // A retried batch (nothing new stored) has had its drop count recorded already. Queued: the consumer records it.
    if (batch.dropped && result.queued === undefined && result.stored) await recordDropped(c.env.DB, site, batch.dropped, receivedAt);
    return result;
  });
  return ingestResponse(c, result);
});

/**
 * Types only the collector itself records (from the pixel, click links, server API and webhooks).
 * A page posting them could forge opens or tickets, so browser ingest refuses them.
 */
const SERVER_ONLY_TYPES = new Set(['newsletter_received', 'newsletter_open', 'newsletter_click', 'ticket_opened', 'ticket_updated', 'ticket_resolved']);

function parseEvent(raw: unknown, index: number): HoptrailEvent {
  const field = `events[${index}]`;
  if (new TextEncoder().encode(JSON.stringify(raw)).byteLength > LIMITS.eventBytes) {
    fail(413, `${field}: event is over the ${LIMITS.eventBytes}-byte limit`, field);
  }
  const event = parseOr400(eventSchema, raw, field);
  if (SERVER_ONLY_TYPES.has(event.type)) {
    fail(400, `${field}.type: ${event.type} is recorded by the collector, not sent from pages`, `${field}.type`);
  }
  // customer:<id> visitors hold server-side events of a known customer; a page may not write into them.
  if (event.visitorId.startsWith(CUSTOMER_VISITOR_PREFIX)) {
    fail(400, `${field}.visitorId: ids starting with "${CUSTOMER_VISITOR_PREFIX}" are reserved`, `${field}.visitorId`);
  }
  return event;
}
