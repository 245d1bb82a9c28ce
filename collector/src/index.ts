import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ALERT_QUEUE_PREFIX, consumeAlerts } from './alerts/consumeAlerts';
import type { AppEnv, Env } from './env';
import { withBenchFloor } from './http/benchFloor';
import { isStorageError, storageUnavailable } from './http/errors';
import { apiKeysRoute } from './routes/apiKeys';
import { basicKeyRoutes, keyRoutes, publicRoutes } from './http/routeAccess';
import { clusterAdminRoute, clustersRoute } from './routes/clusters';
import { serviceSpeedRoute } from './routes/serviceSpeed';
import { conversationsRoute } from './routes/conversations';
import { customersRoute } from './routes/customers';
import { dashboardRoute } from './routes/dashboard';
import { erasureRoute } from './routes/erasure';
import { eventsRoute } from './routes/events';
import { exportsRoute } from './routes/exports';
import { funnelAdminRoute, funnelsRoute } from './routes/funnels';
import { goalAdminRoute, goalsRoute } from './routes/goals';
import { hostedSurveyRoute } from './routes/hostedSurvey';
import { identitySettingsRoute } from './routes/identitySettings';
import { ingestStatsRoute } from './routes/ingestStats';
import { newsletterLandingRoute } from './routes/newsletterLanding';
import { newsletterTrackingRoute } from './routes/newsletterTracking';
import { openApiRoute } from './routes/openApi';
import { newsletterReadsRoute, newsletterWritesRoute } from './routes/newsletters';
import { overviewRoute } from './routes/overview';
import { acquisitionReportsRoute } from './routes/acquisitionReports';
import { retentionRoute } from './routes/retention';
import { scoreAdminRoute, scoresRoute } from './routes/scores';
import { sdkScriptRoute } from './routes/sdkScript';
import { segmentHistoryRoute, segmentSnapshotRoute } from './routes/segmentHistory';
import { segmentAdminRoute, segmentsRoute } from './routes/segments';
import { segmentApiRoute } from './routes/segmentApi';
import { serverEventsRoute } from './routes/serverEvents';
import { siteHostReadsRoute, siteHostWritesRoute } from './routes/siteHosts';
import { surveysRoute, surveyWritesRoute } from './routes/surveys';
import { subscriptionReadsRoute, subscriptionWritesRoute } from './routes/subscriptions';
import { surveysPublicRoute } from './routes/surveysPublic';
import { urlParamsRoute } from './routes/urlParams';
import { visitorsRoute } from './routes/visitors';
import { webhookSecretsRoute } from './routes/webhookSecrets';
import { webhooksRoute } from './routes/webhooks';
import { hostedAssetsRoute } from './surveys/hostedAssets';
import { consumeIngest } from './queue/consumeIngest';
import { scheduled } from './scheduled';

export const app = new Hono<AppEnv>();

// Every API route is in exactly one of the groups below, and its protection comes from that
// alone: each handler is fused with its group's guard (http/routeAccess.ts), so mount order cannot
// expose or shadow a guard. Adding a route: one line in the group of its access, and its entry in
// openapi/apiRoutes.ts (test/routeAccess.test.ts walks every route and checks its protection).
// Public groups come first only so `GET /surveys/active` answers before the read route `/surveys/:id`.

// Public: no key, rate limited per client IP hash. Pages, mail clients and helpdesks call these.
app.route('/', publicRoutes([
  ['/v1/events', eventsRoute],
  ['/v1/landing', newsletterLandingRoute],
  ['/', newsletterTrackingRoute],
  ['/v1', openApiRoute],
  ['/v1/sites/:site', surveysPublicRoute],
  ['/v1/sites/:site', webhooksRoute],
  ['/s', hostedSurveyRoute],
]));

// Write key of the site: integrators' servers, the CLI, the dashboard's settings.
app.route('/v1/sites/:site', keyRoutes('write', [
  serverEventsRoute,
  newsletterWritesRoute,
  scoreAdminRoute,
  segmentAdminRoute,
  clusterAdminRoute,
  segmentSnapshotRoute,
  surveyWritesRoute,
  erasureRoute,
  retentionRoute,
  urlParamsRoute,
  webhookSecretsRoute,
  identitySettingsRoute,
  siteHostWritesRoute,
  apiKeysRoute,
  subscriptionWritesRoute,
  goalAdminRoute,
  funnelAdminRoute,
]));

// Write key as the Basic auth user name, naming its site (Segment's libraries: /v1/batch, /v1/track, …).
app.route('/', basicKeyRoutes('write', [['/', segmentApiRoute]]));

// Read key of the site: the dashboard and exports.
app.route('/v1/sites/:site', keyRoutes('read', [
  visitorsRoute,
  customersRoute,
  ingestStatsRoute,
  newsletterReadsRoute,
  scoresRoute,
  segmentsRoute,
  exportsRoute,
  clustersRoute,
  conversationsRoute,
  surveysRoute,
  overviewRoute,
  acquisitionReportsRoute,
  segmentHistoryRoute,
  siteHostReadsRoute,
  subscriptionReadsRoute,
  goalsRoute,
  funnelsRoute,
  serviceSpeedRoute,
]));

// Not part of the API: the SDK script and its chunks (static, cached).
app.route('/', sdkScriptRoute);
// The hosted survey page's own script and stylesheet (routes/hostedSurvey.ts serves the page).
app.route('/', hostedAssetsRoute);
// The marketer dashboard: its static files with strict security headers (routes/dashboard.ts).
app.route('/', dashboardRoute);
// Unknown API paths are JSON 404s; everything else falls through to the static assets (example site).
app.all('/v1/*', (c) => c.json({ error: `no route for ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
app.all('*', (c) => c.env.ASSETS.fetch(c.req.raw));

app.onError((err, c) => {
  if (err instanceof HTTPException) return err.getResponse();
  // Storage failing anywhere (reads, salts, site lookups): retryable, never a 2xx or a bare 500.
  if (isStorageError(err)) {
    console.error('storage unavailable', c.req.method, c.req.path, err);
    return storageUnavailable().getResponse();
  }
  // Unexpected: log for the operator, answer without internals.
  console.error('unhandled error', c.req.method, c.req.path, err);
  return c.json({ error: 'internal error' }, 500);
});

// fetch for HTTP, scheduled for the crons, queue for the ingest queue and its DLQ and the optional alert queue.
const queue = (batch: MessageBatch<unknown>, env: Env) => (batch.queue.startsWith(ALERT_QUEUE_PREFIX) ? consumeAlerts(batch, env) : consumeIngest(batch, env));
export default { fetch: withBenchFloor(app.fetch), scheduled, queue };
