import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/**
 * Ingest is open to every origin: pages post `text/plain` bodies, which browsers send without a
 * preflight. A JSON content type still works (the preflight is answered here). Credentials are never
 * accepted, so `*` is safe. Read APIs get no CORS headers at all: they need a key and are not for pages.
 */
export const ingestCors = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'OPTIONS') {
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '86400',
      },
    });
  }
  await next();
  c.res.headers.set('access-control-allow-origin', '*');
  // The SDK honours Retry-After on 429/503; cross-origin scripts can read it only when exposed.
  c.res.headers.set('access-control-expose-headers', 'retry-after');
});
