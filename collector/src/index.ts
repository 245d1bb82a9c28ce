import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './env';
import { isStorageError, storageUnavailable } from './http/errors';
import { requireKey } from './http/requireKey';
import { buildOpenApi } from './openapi/buildOpenApi';
import { clusterAdminRoute, clustersRoute } from './routes/clusters';
import { conversationsRoute } from './routes/conversations';
import { customersRoute } from './routes/customers';
import { dashboardRoute } from './routes/dashboard';
import { erasureRoute } from './routes/erasure';
import { eventsRoute } from './routes/events';
import { exportsRoute } from './routes/exports';
import { ingestStatsRoute } from './routes/ingestStats';
import { newsletterLandingRoute } from './routes/newsletterLanding';
import { newsletterTrackingRoute } from './routes/newsletterTracking';
import { newsletterReadsRoute, newsletterWritesRoute } from './routes/newsletters';
import { overviewRoute } from './routes/overview';
import { retentionRoute } from './routes/retention';
import { scoreAdminRoute, scoresRoute } from './routes/scores';
import { sdkScriptRoute } from './routes/sdkScript';
import { segmentHistoryRoute, segmentSnapshotRoute } from './routes/segmentHistory';
import { segmentAdminRoute, segmentsRoute } from './routes/segments';
import { serverEventsRoute } from './routes/serverEvents';
import { siteHostReadsRoute, siteHostWritesRoute } from './routes/siteHosts';
import { surveysRoute, surveyWritesRoute } from './routes/surveys';
import { surveysPublicRoute } from './routes/surveysPublic';
import { visitorsRoute } from './routes/visitors';
import { webhooksRoute } from './routes/webhooks';
import { consumeIngest } from './queue/consumeIngest';
import { scheduled } from './scheduled';

export const app = new Hono<AppEnv>();

// Ingest (public, CORS open) and the SDK script.
app.route('/v1/events', eventsRoute);
app.route('/', sdkScriptRoute);
// Newsletter open pixels and click links (public; signed tokens), and the landing identity.
app.route('/', newsletterTrackingRoute);
app.route('/v1/landing', newsletterLandingRoute);
// Writes for integrators, per site, behind a write key (before the read-key guard below).
app.route('/v1/sites/:site', newsletterWritesRoute);
app.route('/v1/sites/:site', siteHostWritesRoute);

// The API described from the same zod schemas the routes validate with (openapi/apiRoutes.ts).
let openApi: ReturnType<typeof buildOpenApi> | undefined;
app.get('/v1/openapi.json', (c) => c.json((openApi ??= buildOpenApi())));

// Changes to a site's models (score config, recompute, segments): each route asks for a write key.
// Mounted before the reads so the read-key middleware never sees these methods.
app.route('/v1/sites/:site', scoreAdminRoute);
app.route('/v1/sites/:site', segmentAdminRoute);
app.route('/v1/sites/:site', clusterAdminRoute);
app.route('/v1/sites/:site', segmentSnapshotRoute);

// Writes from servers and helpdesks. Mounted before the reads: the read-key middleware matches every
// path under /v1/sites/:site, and these handlers answer first.
const siteWrites = new Hono<AppEnv>();
siteWrites.use('/server-events', requireKey('write'));
siteWrites.route('/', serverEventsRoute);
siteWrites.route('/', webhooksRoute);
siteWrites.route('/', erasureRoute);
siteWrites.route('/', retentionRoute);
app.route('/v1/sites/:site', siteWrites);

// Per-site routes with their own access: public survey reads for the SDK, survey writes (write key).
// Mounted before the read-key routes so they answer first.
app.route('/v1/sites/:site', surveysPublicRoute);
app.route('/v1/sites/:site', surveyWritesRoute);

// Reads, per site, behind a read key.
const siteReads = new Hono<AppEnv>();
siteReads.use('*', requireKey('read'));
siteReads.route('/', visitorsRoute);
siteReads.route('/', customersRoute);
siteReads.route('/', ingestStatsRoute);
siteReads.route('/', newsletterReadsRoute);
siteReads.route('/', siteHostReadsRoute);
siteReads.route('/', scoresRoute);
siteReads.route('/', segmentsRoute);
siteReads.route('/', exportsRoute);
siteReads.route('/', clustersRoute);
siteReads.route('/', conversationsRoute);
siteReads.route('/', surveysRoute);
siteReads.route('/', overviewRoute);
siteReads.route('/', segmentHistoryRoute);
app.route('/v1/sites/:site', siteReads);

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

// fetch for HTTP, scheduled for the cron trigger (clusterings), queue for the ingest queue and its DLQ.
export default { fetch: app.fetch, scheduled, queue: consumeIngest };
