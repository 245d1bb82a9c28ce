import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably, fail } from '../http/errors';
import { takeSegmentSnapshot } from '../snapshots/takeSegmentSnapshot';
import { parseOr400 } from '../schema/parse';
import { readSegmentHistory } from '../store/segmentSnapshots';

const DAY = 86_400_000;

export const segmentHistoryQuerySchema = z.strictObject({
    from: z.optional(z.coerce.number().check(z.int(), z.gte(0))).check(z.describe('start, ms (default: 30 days before `to`)')),
    to: z.optional(z.coerce.number().check(z.int(), z.gte(0))).check(z.describe('end, ms (default: now)')),
  });

/** GET /v1/sites/:site/segments/history (read key, checked by the parent). */
export const segmentHistoryRoute = new Hono<AppEnv>();

// Sizes of the built-in segments per snapshot day, with entries/exits and moves within a family
// (e.g. nps-passives → nps-promoters) since the previous snapshot.
segmentHistoryRoute.get('/segments/history', async (c) => {
  const q = parseOr400(segmentHistoryQuerySchema, c.req.query());
  const to = q.to ?? Date.now();
  const from = q.from ?? to - 30 * DAY;
  if (from > to || to - from > 366 * DAY) fail(400, 'from: must be before `to` and at most 366 days earlier', 'from');
  return c.json({ from, to, ...(await readSegmentHistory(c.env.DB, c.req.param('site')!, from - DAY + 1, to)) });
});

/** POST /v1/sites/:site/segments/snapshots (write key): take today's snapshot now (the cron does it daily). */
export const segmentSnapshotRoute = new Hono<AppEnv>();
segmentSnapshotRoute.post('/segments/snapshots', async (c) =>
  c.json(await durably(() => takeSegmentSnapshot(c.env.DB, c.req.param('site')!))),
);
