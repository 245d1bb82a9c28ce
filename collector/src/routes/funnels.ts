import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably, fail, notFound } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { funnelInputSchema, funnelSplitQuerySchema } from '../goals/goalInput';
import { funnelReport, type FunnelSplit } from '../goals/funnelReport';
import { reportRange } from '../goals/reportRange';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { resolveSegment } from '../segments/resolveSegment';
import { countFunnels, createFunnel, deleteFunnel, getFunnel, listFunnels } from '../store/goals';
import { getScoreConfig } from '../store/scoreConfig';

/** Funnel reads, mounted under /v1/sites/:site (read key checked by the parent). */
export const funnelsRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/funnels — the site's funnels.
funnelsRoute.get('/funnels', async (c) => c.json({ funnels: await listFunnels(c.env.DB, c.req.param('site')!) }));

// GET /v1/sites/:site/funnels/:funnelId/report?from=&to=&segment=|split=channel — per step: people, conversion,
// drop-off, median time; split into a segment's members and the rest, or by the entering session's channel.
funnelsRoute.get('/funnels/:funnelId/report', async (c) => {
  const site = c.req.param('site')!;
  const { from, to } = reportRange(c.req.query());
  const funnel = await getFunnel(c.env.DB, site, c.req.param('funnelId'));
  if (!funnel) notFound('funnel');
  const { segment: id, split: by } = parseOr400(funnelSplitQuerySchema, { segment: c.req.query('segment'), split: c.req.query('split') });
  if (by === 'channel' && id) fail(400, 'split: give either split=channel or segment=, not both', 'split');
  if (by === 'segment' && !id) fail(400, 'segment: split=segment needs segment=<id>', 'segment');
  const split: FunnelSplit | undefined =
    by === 'channel'
      ? { by: 'channel' }
      : id
        ? { by: 'segment', id, spec: await resolveSegment(c.env.DB, site, id), config: (await getScoreConfig(c.env.DB, site)).config }
        : undefined;
  return c.json(await funnelReport(c.env.DB, site, funnel, from, to, split));
});

/** Funnel writes (write key). */
export const funnelAdminRoute = new Hono<AppEnv>();

// POST /v1/sites/:site/funnels — { name, steps: [{ name, matcher }], windowMs? }.
funnelAdminRoute.post('/funnels', async (c) => {
  const site = c.req.param('site')!;
  const input = parseOr400(funnelInputSchema, await readJsonBody(c.req.raw, 32 * 1024));
  if ((await countFunnels(c.env.DB, site)) >= LIMITS.funnelsPerSite) fail(409, `funnels: a site has at most ${LIMITS.funnelsPerSite}`, 'funnels');
  const funnel = await durably(() => createFunnel(c.env.DB, site, input));
  return c.json({ funnel }, 201);
});

// DELETE /v1/sites/:site/funnels/:funnelId
funnelAdminRoute.delete('/funnels/:funnelId', async (c) => {
  const deleted = await durably(() => deleteFunnel(c.env.DB, c.req.param('site')!, c.req.param('funnelId')));
  if (!deleted) notFound('funnel');
  return c.body(null, 204);
});
