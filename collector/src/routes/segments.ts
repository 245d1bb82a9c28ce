import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably, notFound } from '../http/errors';
import { parseCursor, parseLimit } from '../http/pagination';
import { readJsonBody } from '../http/readBody';
import { encodeCursor } from '../lib/cursor';
import { BUILTIN_SEGMENTS } from '../segments/builtinSegments';
import { countSegment } from '../segments/countSegment';
import { resolveSegment } from '../segments/resolveSegment';
import { scanSegment } from '../segments/scanSegment';
import { segmentInputSchema, segmentPreviewSchema } from '../segments/segmentRule';
import { parseOr400 } from '../schema/parse';
import { getScoreConfig } from '../store/scoreConfig';
import { createSegment, deleteSegment, listSegments } from '../store/segments';

/** Segment reads, mounted under /v1/sites/:site (read key checked by the parent). */
export const segmentsRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/segments — built-in segments and the site's saved ones.
segmentsRoute.get('/segments', async (c) => {
  const saved = await listSegments(c.env.DB, c.req.param('site')!);
  return c.json({
    builtin: Object.entries(BUILTIN_SEGMENTS).map(([name, description]) => ({ id: name, description })),
    saved,
  });
});

// GET /v1/sites/:site/segments/:id/members?limit=&cursor= — visitors in the segment, most recently seen first.
segmentsRoute.get('/segments/:segmentId/members', async (c) => {
  const site = c.req.param('site')!;
  const spec = await resolveSegment(c.env.DB, site, c.req.param('segmentId'));
  const limit = parseLimit(c.req.query('limit'));
  const after = parseCursor<[number, string]>(c.req.query('cursor'), ['number', 'string']);
  const { config } = await getScoreConfig(c.env.DB, site);
  const { visitors, nextCursor } = await scanSegment(c.env.DB, site, config, spec, limit, after);
  return c.json({ visitors, nextCursor: nextCursor ? encodeCursor(nextCursor) : null });
});

// POST /v1/sites/:site/segments/preview { rule } — live count of a rule being edited (read key: nothing is saved).
segmentsRoute.post('/segments/preview', async (c) => {
  const site = c.req.param('site')!;
  const { rule } = parseOr400(segmentPreviewSchema, await readJsonBody(c.req.raw, 64 * 1024));
  const { config } = await getScoreConfig(c.env.DB, site);
  return c.json(await countSegment(c.env.DB, site, config, { rule }));
});

/** Saving and deleting segments: write key per route, mounted before the reads. */
export const segmentAdminRoute = new Hono<AppEnv>();

// POST /v1/sites/:site/segments — save a custom segment { name, rule: { all: [conditions] } } (write key).
segmentAdminRoute.post('/segments', async (c) => {
  const input = parseOr400(segmentInputSchema, await readJsonBody(c.req.raw, 64 * 1024));
  const segment = await durably(() => createSegment(c.env.DB, c.req.param('site')!, input.name, input.rule));
  return c.json({ segment }, 201);
});

// DELETE /v1/sites/:site/segments/:id (write key).
segmentAdminRoute.delete('/segments/:segmentId', async (c) => {
  const deleted = await durably(() => deleteSegment(c.env.DB, c.req.param('site')!, c.req.param('segmentId')));
  if (!deleted) notFound('segment');
  return c.body(null, 204);
});
