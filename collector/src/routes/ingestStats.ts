import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { fail } from '../http/errors';
import { utcDay } from '../privacy/dailySalt';
import { listFiltered } from '../store/ingestFiltered';

/** What ingest refused on purpose, so no event is lost silently. Mounted under /v1/sites/:site (read key). */
export const ingestStatsRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/ingest/filtered?days=30 — events filtered per day and reason (bots, datacenters).
ingestStatsRoute.get('/ingest/filtered', async (c) => {
  const raw = c.req.query('days') ?? '30';
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 400) fail(400, 'days: must be an integer from 1 to 400', 'days');
  const since = utcDay(Date.now() - (days - 1) * 86_400_000);
  return c.json({ filtered: await listFiltered(c.env.DB, c.req.param('site')!, since) });
});
