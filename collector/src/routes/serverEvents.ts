import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { readJsonBody } from '../http/readBody';
import { ingestResponse } from '../http/ingestResponse';
import { ingest } from '../ingest/ingest';
import { Refused } from '../ingest/refusal';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { serverEventBatchSchema, serverEventInputSchema, type ServerEventInput } from '../schema/serverEvents';
import { resolveCustomers } from '../server-events/resolveCustomers';
import { toServerEvent } from '../server-events/toServerEvent';

/**
 * POST /v1/sites/:site/server-events — events from the site's own servers (tickets, custom events),
 * behind a write key. Up to 100 per batch; valid events are stored, invalid ones listed in `refused`
 * (index, field). An id already stored counts as a duplicate, so retries are safe. `customerIds[i]` is
 * the customer event i was stored under (null when refused).
 */
export const serverEventsRoute = new Hono<AppEnv>();

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
  const events = inputs.map((input, i) => (input instanceof Refused ? input : toServerEvent(site, input, customerIds[i]!, receivedAt)));
  const result = await ingest(c.env, { kind: 'server', site, receivedAt }, events);
  for (const { index } of result.refused) customerIds[index] = null;
  return ingestResponse(c, result, { customerIds });
});
