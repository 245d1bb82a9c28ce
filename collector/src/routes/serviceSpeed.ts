import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { parseOr400 } from '../schema/parse';
import { serviceSpeed } from '../service/serviceSpeed';

/** Service speed reads, mounted under /v1/sites/:site (read key checked by the parent). */
export const serviceSpeedRoute = new Hono<AppEnv>();

export const serviceSpeedQuerySchema = z.object({
  days: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(365)), 90).check(z.describe('window ending now, in days; default 90')),
  bucket: z._default(z.enum(['day', 'week']), 'week').check(z.describe('UTC days or ISO weeks; default week')),
});

// GET /v1/sites/:site/service/speed?days=&bucket= — chat first-response and ticket resolution times,
// p50 and p90 over the window and per bucket.
serviceSpeedRoute.get('/service/speed', async (c) => {
  const { days, bucket } = parseOr400(serviceSpeedQuerySchema, { days: c.req.query('days') || undefined, bucket: c.req.query('bucket') || undefined });
  return c.json(await serviceSpeed(c.env.DB, c.req.param('site')!, days, bucket));
});
