import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { parseOr400 } from '../schema/parse';
import { getRetention, setRetention } from '../store/retention';

/** Retention per site: how long events are kept before the daily purge (cron) deletes them. */
export const retentionRoute = new Hono<AppEnv>();

export const retentionSchema = z.strictObject({
  /** Days to keep events (30 days to 10 years), or null to keep them all. */
  days: z.nullable(z.number().check(z.int(), z.gte(30), z.lte(3650))),
});

// PUT /v1/sites/:site/settings/retention { days } — write key.
retentionRoute.put('/settings/retention', async (c) => {
  const { days } = parseOr400(retentionSchema, await readJsonBody(c.req.raw, 1024));
  await durably(() => setRetention(c.env.DB, c.req.param('site')!, days));
  return c.json({ retention: { days } });
});

// GET /v1/sites/:site/settings/retention — write key too (settings are the integrator's).
retentionRoute.get('/settings/retention', async (c) =>
  c.json({ retention: { days: await getRetention(c.env.DB, c.req.param('site')!) } }),
);
