import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './env';
import { isStorageError, storageUnavailable } from './http/errors';
import { requireKey } from './http/requireKey';
import { customersRoute } from './routes/customers';
import { eventsRoute } from './routes/events';
import { ingestStatsRoute } from './routes/ingestStats';
import { newsletterLandingRoute } from './routes/newsletterLanding';
import { newsletterReadsRoute, newsletterWritesRoute } from './routes/newsletters';
import { newsletterTrackingRoute } from './routes/newsletterTracking';
import { sdkScriptRoute } from './routes/sdkScript';
import { visitorsRoute } from './routes/visitors';

const app = new Hono<AppEnv>();

// Ingest (public, CORS open) and the SDK script.
app.route('/v1/events', eventsRoute);
app.route('/', sdkScriptRoute);
// Newsletter open pixels and click links (public; signed tokens), and the landing identity.
app.route('/', newsletterTrackingRoute);
app.route('/v1/landing', newsletterLandingRoute);
// Writes for integrators, per site, behind a write key (before the read-key guard below).
app.route('/v1/sites/:site', newsletterWritesRoute);

// Reads, per site, behind a read key.
const siteReads = new Hono<AppEnv>();
siteReads.use('*', requireKey('read'));
siteReads.route('/', visitorsRoute);
siteReads.route('/', customersRoute);
siteReads.route('/', ingestStatsRoute);
siteReads.route('/', newsletterReadsRoute);
app.route('/v1/sites/:site', siteReads);

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

export default app;
