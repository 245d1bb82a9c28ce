import { Hono } from 'hono';
import type { AppEnv } from '../env';

/**
 * Serves the built SDK from static assets with the headers a script tag wants:
 * - `/hoptrail.js` keeps a stable URL (it is pasted into pages), so browsers cache it briefly and
 *   revalidate by ETag, while stale-while-revalidate keeps page loads off the network path.
 * - lazy chunks (`/sdk/<build id>/*`) carry a content hash of the SDK build in their path
 *   (scripts/sdkBuildId.mjs), so they are immutable: any change gives every chunk a new URL.
 * - CORS `*` lets pages on any origin load chunks with dynamic `import()`.
 */
export const sdkScriptRoute = new Hono<AppEnv>();

const SHORT = 'public, max-age=3600, stale-while-revalidate=86400';
const IMMUTABLE = 'public, max-age=31536000, immutable';

sdkScriptRoute.get('/hoptrail.js', (c) => serve(c.env.ASSETS, c.req.raw, SHORT));
sdkScriptRoute.get('/sdk/*', (c) => serve(c.env.ASSETS, c.req.raw, IMMUTABLE));

async function serve(assets: Fetcher, request: Request, cacheControl: string): Promise<Response> {
  const upstream = await assets.fetch(request);
  const res = new Response(upstream.body, upstream);
  if (upstream.ok || upstream.status === 304) {
    res.headers.set('cache-control', cacheControl);
    res.headers.set('access-control-allow-origin', '*');
    res.headers.set('content-type', 'text/javascript; charset=utf-8');
    res.headers.set('x-content-type-options', 'nosniff');
  }
  return res;
}
