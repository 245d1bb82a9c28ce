import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { ingestResponse } from '../http/ingestResponse';
import { acceptEvents } from '../ingest/acceptEvents';
import { ingestEvents } from '../ingest/ingestEvents';
import { eventTime } from '../ingest/toEventRows';
import type { Refusal } from '../identity/checkIdentifies';
import { eventSchema, type HoptrailEvent } from '../schema/event';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { serverEventBatchSchema, serverEventInputSchema } from '../schema/serverEvents';
import { refreshPeople } from '../server-events/refreshPeople';
import { resolveCustomers } from '../server-events/resolveCustomers';
import { toServerEvent } from '../server-events/toServerEvent';
import { getRetention } from '../store/retention';

/**
 * POST /v1/sites/:site/server-events — events from the site's own servers (tickets, custom events,
 * answers from other channels, server identify), behind a write key (checked by the parent). Up to 100
 * per batch; an id already stored counts as a duplicate, so retries are safe. Every timestamp the
 * collector changes is listed in `redated`; `backfill: true` keeps history as sent (see below).
 */
export const serverEventsRoute = new Hono<AppEnv>();

const DAY = 86_400_000;

serverEventsRoute.post('/server-events', async (c) => {
  const receivedAt = Date.now();
  const site = c.req.param('site')!;
  const body = parseOr400(serverEventBatchSchema, await readJsonBody(c.req.raw, LIMITS.bodyBytes));
  const inputs = body.events.map((raw, i) => parseOr400(serverEventInputSchema, raw, `events[${i}]`));
  const customerIds = await resolveCustomers(c.env.DB, site, inputs);
  const events = inputs.map((input, i) =>
    parseOr400(eventSchema, toServerEvent(site, input, customerIds[i], receivedAt), `events[${i}]`),
  );
  if (!body.backfill) {
    const redated = redatings(events, receivedAt);
    const result = await durably(() => acceptEvents(c.env, { site, source: 'server', events, receivedAt }));
    return ingestResponse(c, result, { customerIds, redated, refused: [] });
  }

  // Backfill: any age within the site's retention (older would be purged by the next cron, so it is
  // refused rather than re-dated); written straight to D1 so the people it touched can be rebuilt now.
  const days = await getRetention(c.env.DB, site);
  const oldest = days === null ? 0 : receivedAt - days * DAY;
  const refused: Refusal[] = [];
  const kept = events.filter((e, index) => {
    if (e.ts >= oldest) return true;
    const field = `events[${index}].ts`;
    refused.push({ index, field, message: `${field}: older than the site's retention of ${days} days` });
    return false;
  });
  const redated = redatings(events, receivedAt, oldest).filter((r) => events[r.index].ts >= oldest);
  const result = await durably(() => ingestEvents(c.env.DB, { site, source: 'server', events: kept, receivedAt, oldest }));
  const touched = customerIds.filter((_, i) => events[i].ts >= oldest);
  const people = await durably(() => refreshPeople(c.env.DB, site, touched, receivedAt));
  return c.json({ accepted: result.stored, duplicates: result.duplicates, customerIds, redated, refused, people });
});

/** Events whose stored time will differ from the time sent (too old, or in the future), by index. */
function redatings(events: HoptrailEvent[], receivedAt: number, oldest?: number) {
  return events.flatMap((e, index) => {
    const to = eventTime(e.ts, receivedAt, oldest);
    return to === e.ts ? [] : [{ index, from: e.ts, to }];
  });
}
