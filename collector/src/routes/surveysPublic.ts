import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { notFound } from '../http/errors';
import { sha256Hex } from '../lib/hash';
import { idSchema } from '../schema/event';
import { getActiveSurveys, surveyVisitorState } from '../store/surveys';
import { siteExists } from '../store/sites';
import { segmentSurveys } from '../surveys/segmentEligibility';

/**
 * What the SDK reads, without a key (pages are public), CORS open. Mounted under /v1/sites/:site
 * before the read-key routes.
 */
export const surveysPublicRoute = new Hono<AppEnv>();

/** A minute at the edge and in the browser; a survey edit reaches pages within about a minute. */
const ACTIVE_CACHE = 'public, max-age=60, s-maxage=60, stale-while-revalidate=600';

// GET /v1/sites/:site/surveys/active — the same for every visitor, so it caches at the edge.
surveysPublicRoute.get('/surveys/active', async (c) => {
  const site = c.req.param('site')!;
  if (!(await siteExists(c.env.DB, site))) notFound('site');
  const body = JSON.stringify(await getActiveSurveys(c.env.DB, site));
  const etag = `"${(await sha256Hex(body)).slice(0, 32)}"`;
  const headers = { 'cache-control': ACTIVE_CACHE, etag, 'access-control-allow-origin': '*', vary: 'accept-encoding' };
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
});

// GET /v1/sites/:site/surveys/visitors/:visitorId — what only the collector knows about this visitor:
// whether they identified, when they (any device or channel of their customer) last answered a survey
// outside the web widget, and which segment-targeted surveys they may see (`segmentOk`, survey ids only).
surveysPublicRoute.get('/surveys/visitors/:visitorId', async (c) => {
  const site = c.req.param('site')!;
  const visitorId = idSchema.safeParse(c.req.param('visitorId'));
  if (!visitorId.success || !(await siteExists(c.env.DB, site))) notFound('visitor');
  const [state, active] = await Promise.all([surveyVisitorState(c.env.DB, site, visitorId.data), getActiveSurveys(c.env.DB, site)]);
  const segmentOk = await segmentSurveys(c.env.DB, site, visitorId.data, active.surveys);
  return c.json({ ...state, segmentOk }, {
    headers: { 'cache-control': 'private, no-store', 'access-control-allow-origin': '*' },
  });
});
