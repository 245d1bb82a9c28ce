import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { fail, notFound } from '../http/errors';
import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { sha256Hex } from '../lib/hash';
import { COOKIELESS_PREFIX } from '../privacy/cookielessVisitorId';
import { idSchema } from '../schema/event';
import { EMAIL_CUSTOMER_PREFIX } from '../server-events/resolveCustomers';
import { activeSegmentTargets, activeTicketTargets, getActiveSurveys, surveyVisitorState } from '../store/surveys';
import { siteExists } from '../store/sites';
import { segmentSurveys } from '../surveys/segmentEligibility';
import { ticketFollowUps } from '../surveys/ticketFollowUp';

/**
 * What the SDK reads, without a key (pages are public), CORS open, rate limited per client like every
 * public route (http/routeAccess.ts). It says only what a browser needs: no segment names, nothing
 * about ids that are not a browser's.
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

/**
 * Ids that are not a browser's: a customer's server-side pseudo-visitor, an email-hash customer, a
 * cookieless daily hash. Answering for them would tell anyone whether a customer exists and when they
 * last answered a survey.
 */
const NOT_BROWSER = [CUSTOMER_VISITOR_PREFIX, EMAIL_CUSTOMER_PREFIX, COOKIELESS_PREFIX];

// GET /v1/sites/:site/surveys/visitors/:visitorId — what only the collector knows about this browser:
// whether it identified, when it (any device or channel of its customer) last answered a survey
// outside the web widget, which segment-targeted surveys it may see (`segmentOk`, survey ids only), and
// which follow-up surveys are due after a resolved ticket (`ticketFollowUp`: survey id → opaque ticket ref).
surveysPublicRoute.get('/surveys/visitors/:visitorId', async (c) => {
  const site = c.req.param('site')!;
  const id = c.req.param('visitorId');
  const prefix = NOT_BROWSER.find((p) => id.startsWith(p));
  if (prefix) fail(400, `visitorId: "${prefix}" ids are not browser visitors`, 'visitorId');
  const visitorId = idSchema.safeParse(id);
  if (!visitorId.success || !(await siteExists(c.env.DB, site))) notFound('visitor');
  const [state, targets, followUps] = await Promise.all([
    surveyVisitorState(c.env.DB, site, visitorId.data),
    activeSegmentTargets(c.env.DB, site),
    activeTicketTargets(c.env.DB, site),
  ]);
  const segmentOk = await segmentSurveys(c.env.DB, site, visitorId.data, targets);
  const ticketFollowUp = await ticketFollowUps(c.env.DB, site, visitorId.data, followUps, Date.now());
  return c.json({ ...state, segmentOk, ticketFollowUp }, {
    headers: { 'cache-control': 'private, no-store', 'access-control-allow-origin': '*' },
  });
});
