import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './env';
import { requireKey } from './http/requireKey';
import { customersRoute } from './routes/customers';
import { eventsRoute } from './routes/events';
import { sdkScriptRoute } from './routes/sdkScript';
import { surveysRoute, surveyWritesRoute } from './routes/surveys';
import { surveysPublicRoute } from './routes/surveysPublic';
import { visitorsRoute } from './routes/visitors';

const app = new Hono<AppEnv>();

// Ingest (public, CORS open) and the SDK script.
app.route('/v1/events', eventsRoute);
app.route('/', sdkScriptRoute);

// Per-site routes with their own access: public survey reads for the SDK, survey writes (write key).
// Mounted before the read-key routes so they answer first.
app.route('/v1/sites/:site', surveysPublicRoute);
app.route('/v1/sites/:site', surveyWritesRoute);

// Reads, per site, behind a read key.
const siteReads = new Hono<AppEnv>();
siteReads.use('*', requireKey('read'));
siteReads.route('/', visitorsRoute);
siteReads.route('/', customersRoute);
siteReads.route('/', surveysRoute);
app.route('/v1/sites/:site', siteReads);

// Unknown API paths are JSON 404s; everything else falls through to the static assets (example site).
app.all('/v1/*', (c) => c.json({ error: `no route for ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
app.all('*', (c) => c.env.ASSETS.fetch(c.req.raw));

app.onError((err, c) => {
  if (err instanceof HTTPException) return err.getResponse();
  // Unexpected: log for the operator, answer without internals.
  console.error('unhandled error', c.req.method, c.req.path, err);
  return c.json({ error: 'internal error' }, 500);
});

export default app;
