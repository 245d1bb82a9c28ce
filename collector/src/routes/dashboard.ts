import { Hono } from 'hono';
import type { AppEnv } from '../env';

/**
 * The marketer dashboard: static ES modules and CSS from the assets (dashboard/ → /dashboard/), served
 * through the Worker (`run_worker_first`) so every response carries the headers below. The page only
 * talks to this origin's read API, so the CSP allows nothing else: no inline script or style, no
 * framing (clickjacking), no other origins to send a read key to.
 */
export const dashboardRoute = new Hono<AppEnv>();

export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The survey builder's preview (dashboard/preview/) runs the SDK's real survey widget, which styles its
 * shadow root with a <style> element: that page alone allows inline style, and only the dashboard may
 * frame it. It reads no key and sends nothing.
 */
export const PREVIEW_CSP = DASHBOARD_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "frame-ancestors 'none'",
  "frame-ancestors 'self'",
);

dashboardRoute.on(['GET', 'HEAD'], ['/dashboard', '/dashboard/*'], async (c) => {
  // `/dashboard/` is the app shell (assets serve its index.html); the bare path redirects there, so
  // relative and absolute URLs agree. The fragment (#/route) survives the redirect.
  const upstream = new URL(c.req.url).pathname === '/dashboard' ? c.redirect('/dashboard/', 301) : await c.env.ASSETS.fetch(c.req.raw);
  const res = new Response(upstream.body, upstream);
  const preview = new URL(c.req.url).pathname.startsWith('/dashboard/preview');
  res.headers.set('content-security-policy', preview ? PREVIEW_CSP : DASHBOARD_CSP);
  res.headers.set('x-content-type-options', 'nosniff');
  res.headers.set('referrer-policy', 'no-referrer');
  res.headers.set('x-frame-options', preview ? 'SAMEORIGIN' : 'DENY');
  // Revalidate on each load (ETag): a deploy shows at once, and nothing here is cross-origin (no CORS).
  res.headers.set('cache-control', 'no-cache');
  res.headers.delete('access-control-allow-origin');
  return res;
});
