import { Hono } from 'hono';
import type { AppEnv } from '../env';
import * as z from '../schema/zod';
import { fail, notFound } from '../http/errors';
import { journeyPage } from '../http/journeyPage';
import { parseCursor, parseLimit } from '../http/pagination';
import { encodeCursor } from '../lib/cursor';
import { parseOr400 } from '../schema/parse';
import { getScoreConfig } from '../store/scoreConfig';
import { visitorFrom, visitorStatement } from '../store/visitors';
import { subjectKey } from '../store/subject';
import { searchVisitors, visitorScores, type ScoreCursor, type ScoredVisitor } from '../store/visitorSearch';
import { segmentPage } from '../segments/segmentPage';

/** Read API for visitors, mounted under /v1/sites/:site (read key checked by the parent). */
export const visitorsRoute = new Hono<AppEnv>();

/** `?q=&sort=` of the visitors list (limit, cursor and segment are checked by their own parsers). */
export const visitorListQuerySchema = z.object({
  q: z.optional(z.string().check(z.minLength(1), z.maxLength(200))).check(z.describe('visitor or customer id prefix, or part of a trait value (case-insensitive)')),
  sort: z._default(z.enum(['lastSeen', 'events', 'score']), 'lastSeen').check(z.describe('descending; default lastSeen')),
});

// GET /v1/sites/:site/visitors?limit=&cursor=&segment=&q=&sort= — most recently seen first by default;
// each visitor carries its person's Happy Index (segment: see segmentPage, combined only with the default sort).
visitorsRoute.get('/visitors', async (c) => {
  const site = c.req.param('site')!;
  const limit = parseLimit(c.req.query('limit'));
  const { q, sort } = parseOr400(visitorListQuerySchema, { q: c.req.query('q') || undefined, sort: c.req.query('sort') || undefined });
  // By score the key also names the person, whose devices sort together (store/visitorSearch.ts).
  const after = parseCursor<[number, string] | ScoreCursor>(c.req.query('cursor'), sort === 'score' ? ['number', 'string', 'string'] : ['number', 'string']);
  const segment = c.req.query('segment');
  const { config } = await getScoreConfig(c.env.DB, site);
  const at = Date.now();
  if (segment) {
    if (q || sort !== 'lastSeen') fail(400, 'segment: cannot be combined with q or a sort other than lastSeen', 'segment');
    const page = await segmentPage(c.env.DB, site, segment, limit, after as [number, string] | null);
    const scores = await visitorScores(c.env.DB, site, config, page.visitors, at);
    return c.json({ ...page, visitors: page.visitors.map((v) => ({ ...v, score: scores.get(v.visitorId)! })) });
  }
  const visitors = await searchVisitors(c.env.DB, site, config, { q, sort, limit, after }, at);
  const last = visitors.at(-1);
  const key = (v: ScoredVisitor) => (sort === 'score' ? [v.score, subjectKey(v), v.visitorId] : [sort === 'events' ? v.events : v.lastSeen, v.visitorId]);
  return c.json({
    visitors,
    nextCursor: visitors.length === limit && last ? encodeCursor(key(last)) : null,
  });
});

// GET /v1/sites/:site/visitors/:visitorId/journey?limit=&cursor= — that visitor's events in time order.
visitorsRoute.get('/visitors/:visitorId/journey', async (c) => {
  const site = c.req.param('site')!;
  const visitorId = c.req.param('visitorId');
  return journeyPage(c, site, { visitorId }, ([visitor]) => ({ visitor: visitorFrom(visitor) ?? notFound('visitor') }), [visitorStatement(c.env.DB, site, visitorId)]);
});
