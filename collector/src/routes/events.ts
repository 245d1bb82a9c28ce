import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { fail } from '../http/errors';
import { ingestCors } from '../http/ingestCors';
import { ingestResponse } from '../http/ingestResponse';
import { readJsonBody } from '../http/readBody';
import { ingest } from '../ingest/ingest';
import { batchSchema } from '../schema/batch';
import { siteSchema } from '../schema/event';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { siteExists } from '../store/sites';

/**
 * POST /v1/events — a batch from the browser SDK. Answers once the valid events are durably stored
 * (or queued); invalid ones are listed in `refused` with their index and field, never partly stored.
 * A retried batch is accepted and its events counted as duplicates. The whole batch is refused (4xx,
 * nothing stored) only for its envelope: body, `events`, or a site that does not exist.
 */
export const eventsRoute = new Hono<AppEnv>();

eventsRoute.use('*', ingestCors);

eventsRoute.post('/', async (c) => {
  const receivedAt = Date.now();
  const batch = parseOr400(batchSchema, await readJsonBody(c.req.raw, LIMITS.bodyBytes));
  const { site, index } = batchSite(batch.events);
  if (!(await siteExists(c.env.DB, site))) fail(404, `events[${index}].site: site "${site}" not found`, `events[${index}].site`);
  const { sentAt, dropped } = batch;
  const result = await ingest(c.env, { kind: 'browser', site, receivedAt, request: c.req.raw, sentAt, dropped, waitUntil: (p) => c.executionCtx.waitUntil(p) }, batch.events);
  return ingestResponse(c, result);
});

/** The batch's site: the first well-formed `site` of its events (events naming another are refused). */
function batchSite(events: unknown[]): { site: string; index: number } {
  for (let index = 0; index < events.length; index++) {
    const site = siteSchema.safeParse((events[index] as { site?: unknown } | null)?.site);
    if (site.success) return { site: site.data, index };
  }
  return fail(400, 'events[0].site: no event names a site', 'events[0].site');
}
