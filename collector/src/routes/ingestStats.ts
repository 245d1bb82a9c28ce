import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { fail } from '../http/errors';
import { utcDay } from '../privacy/dailySalt';
import { parseOr400 } from '../schema/parse';
import { listFiltered } from '../store/ingestFiltered';
import { readIngestStats } from '../store/ingestStats';

/** Read API for delivery health, mounted under /v1/sites/:site (read key checked by the parent). */
export const ingestStatsRoute = new Hono<AppEnv>();

const DAY = 86_400_000;
const MAX_RANGE = 31 * DAY;
const querySchema = z.object({
  from: z.optional(z.coerce.number().check(z.int(), z.gte(0))),
  to: z.optional(z.coerce.number().check(z.int(), z.gte(0))),
});

// GET /v1/sites/:site/ingest-stats?from=&to= (ms; default the last 7 days): drops the SDKs reported,
// sequence gaps (events sent but never stored), and events the collector filtered on purpose (bots,
// datacenters) per day and reason — so no loss is silent.
ingestStatsRoute.get('/ingest-stats', async (c) => {
  const q = parseOr400(querySchema, c.req.query());
  const to = q.to ?? Date.now();
  const from = q.from ?? to - 7 * DAY;
  if (from > to || to - from > MAX_RANGE) fail(400, 'from: must be before `to` and at most 31 days earlier', 'from');
  const site = c.req.param('site')!;
  const [stats, filtered] = await Promise.all([
    readIngestStats(c.env.DB, site, from, to),
    listFiltered(c.env.DB, site, utcDay(from), utcDay(to)),
  ]);
  return c.json({ ...stats, filtered });
});
