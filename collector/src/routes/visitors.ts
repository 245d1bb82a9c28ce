import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { notFound } from '../http/errors';
import { journeyPage } from '../http/journeyPage';
import { parseCursor, parseLimit } from '../http/pagination';
import { encodeCursor } from '../lib/cursor';
import { getVisitor, listVisitors } from '../store/visitors';
import { segmentPage } from '../segments/segmentPage';

/** Read API for visitors, mounted under /v1/sites/:site (read key checked by the parent). */
export const visitorsRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/visitors?limit=&cursor=&segment= — most recently seen first (segment: see segmentPage).
visitorsRoute.get('/visitors', async (c) => {
  const site = c.req.param('site')!;
  const limit = parseLimit(c.req.query('limit'));
  const after = parseCursor<[number, string]>(c.req.query('cursor'), ['number', 'string']);
  const segment = c.req.query('segment');
  if (segment) return c.json(await segmentPage(c.env.DB, site, segment, limit, after));
  const visitors = await listVisitors(c.env.DB, site, limit, after);
  const last = visitors.at(-1);
  return c.json({
    visitors,
    nextCursor: visitors.length === limit && last ? encodeCursor([last.lastSeen, last.visitorId]) : null,
  });
});

// GET /v1/sites/:site/visitors/:visitorId/journey?limit=&cursor= — that visitor's events in time order.
visitorsRoute.get('/visitors/:visitorId/journey', async (c) => {
  const site = c.req.param('site')!;
  const visitorId = c.req.param('visitorId');
  const visitor = await getVisitor(c.env.DB, site, visitorId);
  if (!visitor) notFound('visitor');
  return c.json({ visitor, ...(await journeyPage(c, site, { visitorId })) });
});
