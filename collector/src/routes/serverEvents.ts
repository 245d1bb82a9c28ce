import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { ingestResponse } from '../http/ingestResponse';
import { acceptEvents } from '../ingest/acceptEvents';
import { eventSchema } from '../schema/event';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { serverEventBatchSchema, serverEventInputSchema } from '../schema/serverEvents';
import { resolveCustomers } from '../server-events/resolveCustomers';
import { toServerEvent } from '../server-events/toServerEvent';

/**
 * POST /v1/sites/:site/server-events — events from the site's own servers (tickets, custom events),
 * behind a write key (checked by the parent). Up to 100 per batch, stored whole or not at all; an
 * id already stored counts as a duplicate, so retries are safe.
 */
export const serverEventsRoute = new Hono<AppEnv>();

serverEventsRoute.post('/server-events', async (c) => {
  const receivedAt = Date.now();
  const site = c.req.param('site')!;
  const body = parseOr400(serverEventBatchSchema, await readJsonBody(c.req.raw, LIMITS.bodyBytes));
  const inputs = body.events.map((raw, i) => parseOr400(serverEventInputSchema, raw, `events[${i}]`));
  const customerIds = await resolveCustomers(c.env.DB, site, inputs);
  const events = inputs.map((input, i) =>
    parseOr400(eventSchema, toServerEvent(site, input, customerIds[i], receivedAt), `events[${i}]`),
  );
  const result = await durably(() => acceptEvents(c.env, { site, source: 'server', events, receivedAt }));
  return ingestResponse(c, result, { customerIds });
});
