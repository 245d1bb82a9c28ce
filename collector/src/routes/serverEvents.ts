import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { ingestResponse } from '../http/ingestResponse';
import { ingest } from '../ingest/ingest';
import { Refused } from '../ingest/refusal';
import { eventTime } from '../ingest/toEventRows';
import type { HoptrailEvent } from '../schema/event';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { serverEventBatchSchema, serverEventInputSchema, type ServerEventInput } from '../schema/serverEvents';
import { refreshPeople } from '../server-events/refreshPeople';
import { resolveCustomers } from '../server-events/resolveCustomers';
import { toServerEvent } from '../server-events/toServerEvent';
import { getRetention } from '../store/retention';

/**
 * POST /v1/sites/:site/server-events — events from the site's own servers (tickets, custom events,
 * answers from other channels, server identify), behind a write key. Up to 100 per batch; valid events
 * are stored, invalid ones listed in `refused` (index, field). An id already stored counts as a
 * duplicate, so retries are safe. `customerIds[i]` is the customer event i was stored under (null when
 * refused). Every timestamp the collector changes is listed in `redated`; `backfill: true` keeps history
 * as sent (see below).
 */
export const serverEventsRoute = new Hono<AppEnv>();

const DAY = 86_400_000;

serverEventsRoute.post('/server-events', async (c) => {
  const receivedAt = Date.now();
  const site = c.req.param('site')!;
  const body = parseOr400(serverEventBatchSchema, await readJsonBody(c.req.raw, LIMITS.bodyBytes));
  const inputs = body.events.map((raw, i) => {
    const parsed = serverEventInputSchema.safeParse(raw);
    return parsed.success ? parsed.data : Refused.from(parsed.error, `events[${i}]`);
  });
  const valid = inputs.filter((input): input is ServerEventInput => !(input instanceof Refused));
  const resolved = await resolveCustomers(c.env.DB, site, valid);
  const customerIds = inputs.map((input) => (input instanceof Refused ? null : resolved[valid.indexOf(input)]));
  const events: (HoptrailEvent | Refused)[] = inputs.map((input, i) =>
    input instanceof Refused ? input : (toServerEvent(site, input, customerIds[i]!, receivedAt) as HoptrailEvent),
  );

  // Backfill: any age within the site's retention (older would be purged by the next cron, so it is
  // refused rather than re-dated); written straight to D1 so the people it touched can be rebuilt now.
  let oldest: number | undefined;
  if (body.backfill) {
    const days = await getRetention(c.env.DB, site);
    oldest = days === null ? 0 : receivedAt - days * DAY;
    events.forEach((e, index) => {
      if (!(e instanceof Refused) && e.ts < oldest!) {
        events[index] = new Refused(`events[${index}].ts`, `events[${index}].ts: older than the site's retention of ${days} days`);
      }
    });
  }
  const redated = events.flatMap((e, index) => {
    if (e instanceof Refused || typeof e.ts !== 'number') return [];
    const to = eventTime(e.ts, receivedAt, oldest);
    return to === e.ts ? [] : [{ index, from: e.ts, to }];
  });
  const result = await ingest(c.env, { kind: 'server', site, receivedAt, oldest, direct: body.backfill, waitUntil: (p) => c.executionCtx.waitUntil(p) }, events);
  for (const { index } of result.refused) customerIds[index] = null;
  const kept = redated.filter((r) => customerIds[r.index] !== null);
  if (!body.backfill) return ingestResponse(c, result, { customerIds, redated: kept });
  const touched = customerIds.filter((id): id is string => id !== null);
  const people = await durably(() => refreshPeople(c.env.DB, site, touched, receivedAt));
  return ingestResponse(c, result, { customerIds, redated: kept, people });
});
